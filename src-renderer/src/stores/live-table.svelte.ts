import { createSubscriber } from 'svelte/reactivity';
import type { CollectionRef, TableColumn, TableEvent, TableRow } from '../../../src-main/contract';
import type { ApiClient } from '../api/client';
import { describeError } from '../api/errors';

/**
 * One collection's live table. The watch runs while at least one view reads the store (the
 * first reader starts it, the last one to go stops it); rows are replaced, never mutated, so a
 * view re-renders only what changed.
 */
export class LiveTableStore {
  readonly ref: CollectionRef;
  #columns = $state.raw<TableColumn[]>([]);
  #rows = $state.raw<TableRow[]>([]);
  #loaded = $state(false);
  #problem = $state<{ message: string; hint?: string } | undefined>();
  /** When the last rows arrived (performance.now()), for measuring how fast they show. */
  receivedAt = 0;
  /** The rows by key: an index, not state; views react to `#rows`, replaced on every change. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #byKey = new Map<string, TableRow>();
  readonly #subscribe: () => void;

  constructor(api: ApiClient, ref: CollectionRef) {
    this.ref = ref;
    this.#subscribe = createSubscriber(() => {
      const sub = api.subscribe('resources:table', ref, {
        event: (e) => this.apply(e),
        error: (err) => (this.#problem = describeError(err)),
      });
      return () => {
        sub.close();
        this.#byKey.clear();
        this.#rows = [];
        this.#loaded = false;
      };
    });
  }

  get columns(): TableColumn[] {
    this.#subscribe();
    return this.#columns;
  }

  get rows(): TableRow[] {
    this.#subscribe();
    return this.#rows;
  }

  get loaded(): boolean {
    this.#subscribe();
    return this.#loaded;
  }

  /** Why the table is not live (the watch is retrying, or could not start). */
  get problem(): { message: string; hint?: string } | undefined {
    this.#subscribe();
    return this.#problem;
  }

  /** Applies one event of the stream (public for tests and benchmarks). */
  apply(event: TableEvent): void {
    this.receivedAt = performance.now();
    switch (event.type) {
      case 'reset':
        this.#byKey.clear();
        for (const row of event.rows) this.#byKey.set(row.key, row);
        this.#columns = event.columns;
        this.#loaded = true;
        this.#problem = undefined;
        break;
      case 'changed':
        for (const key of event.deleted) this.#byKey.delete(key);
        for (const row of event.upserted) this.#byKey.set(row.key, row);
        break;
      case 'status':
        this.#problem =
          event.state === 'retrying' && event.error ? describeError(event.error) : undefined;
        return;
    }
    this.#rows = [...this.#byKey.values()];
  }
}
