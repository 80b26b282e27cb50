import { createSubscriber } from 'svelte/reactivity';
import type { ContextInfo, ContextList } from '../../../src-main/contract';
import type { ApiClient } from '../api/client';
import { describeError } from '../api/errors';

/** The kubeconfig contexts, live: subscribed while some view shows them. */
export class ContextsStore {
  #list = $state.raw<ContextList>({ contexts: [], problems: [] });
  #loaded = $state(false);
  #error = $state<string | undefined>();
  readonly #api: ApiClient;
  readonly #subscribe: () => void;

  constructor(api: ApiClient) {
    this.#api = api;
    this.#subscribe = createSubscriber(() => {
      const sub = api.subscribe('contexts:changed', null, {
        event: (list) => {
          this.#list = list;
          this.#loaded = true;
          this.#error = undefined;
        },
        error: (err) => (this.#error = describeError(err).message),
      });
      return () => sub.close();
    });
  }

  get list(): ContextList {
    this.#subscribe();
    return this.#list;
  }

  get loaded(): boolean {
    this.#subscribe();
    return this.#loaded;
  }

  get error(): string | undefined {
    this.#subscribe();
    return this.#error;
  }

  get selected(): ContextInfo | undefined {
    return this.list.contexts.find((c) => c.selected);
  }

  select(name: string): Promise<ContextInfo> {
    return this.#api.invoke('contexts:select', name);
  }

  reconnect(name: string): Promise<ContextInfo> {
    return this.#api.invoke('contexts:reconnect', name);
  }
}
