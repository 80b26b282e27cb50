import type { CollectionRef } from '../../../src-main/contract';
import type { ApiClient } from '../api/client';
import { ContextsStore } from './contexts.svelte';
import { KindsStore } from './kinds.svelte';
import { LiveTableStore } from './live-table.svelte';
import { SettingsState } from './settings.svelte';
import { Selection } from './selection.svelte';

/**
 * Every store of the renderer, made once per app. Stores keyed by context or collection are made
 * on first use and kept; each starts its stream only while a view reads it.
 */
export class Stores {
  readonly api: ApiClient;
  readonly contexts: ContextsStore;
  readonly settings: SettingsState;
  readonly selection: Selection;
  readonly #kinds = new Map<string, KindsStore>();
  readonly #tables = new Map<string, LiveTableStore>();

  constructor(api: ApiClient) {
    this.api = api;
    this.contexts = new ContextsStore(api);
    this.settings = new SettingsState(api);
    this.selection = new Selection();
  }

  kinds(context: string): KindsStore {
    let store = this.#kinds.get(context);
    if (!store) this.#kinds.set(context, (store = new KindsStore(this.api, context)));
    return store;
  }

  table(ref: CollectionRef): LiveTableStore {
    const key = [ref.context, ref.group, ref.version, ref.resource, ref.namespace ?? ''].join(' ');
    let store = this.#tables.get(key);
    if (!store) this.#tables.set(key, (store = new LiveTableStore(this.api, ref)));
    return store;
  }
}
