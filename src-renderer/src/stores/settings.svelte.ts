import type { Settings, SettingsChange } from '../../../src-main/contract';
import type { ApiClient } from '../api/client';

/** The remembered settings, loaded once; changes go to main, which keeps them. */
export class SettingsState {
  current = $state<Settings | undefined>();
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  async load(): Promise<Settings> {
    this.current = await this.#api.invoke('settings:get');
    return this.current;
  }

  async update(change: SettingsChange): Promise<void> {
    this.current = await this.#api.invoke('settings:update', change);
  }
}
