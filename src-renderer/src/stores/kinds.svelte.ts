import { createSubscriber } from 'svelte/reactivity';
import type { KindInfo } from '../../../src-main/contract';
import type { ApiClient } from '../api/client';
import { describeError } from '../api/errors';

/** The kinds one context serves; kept current as CRDs come and go while a view shows them. */
export class KindsStore {
  readonly context: string;
  #kinds = $state.raw<KindInfo[]>([]);
  #loaded = $state(false);
  #error = $state<{ message: string; hint?: string } | undefined>();
  readonly #subscribe: () => void;

  constructor(api: ApiClient, context: string) {
    this.context = context;
    this.#subscribe = createSubscriber(() => {
      const sub = api.subscribe(
        'resources:kinds-changed',
        { context },
        {
          event: (kinds) => {
            this.#kinds = kinds;
            this.#loaded = true;
            this.#error = undefined;
          },
          error: (err) => {
            this.#error = describeError(err);
            this.#loaded = true;
          },
        },
      );
      return () => sub.close();
    });
  }

  get kinds(): KindInfo[] {
    this.#subscribe();
    return this.#kinds;
  }

  get loaded(): boolean {
    this.#subscribe();
    return this.#loaded;
  }

  get error(): { message: string; hint?: string } | undefined {
    this.#subscribe();
    return this.#error;
  }
}
