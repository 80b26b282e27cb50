import { ClusterError } from './errors';
import { Emitter } from './emitter';
import { isStaleWatchEvent, type WatchEventType } from './resource-version';

/**
 * How an informer lists and watches one collection. The objects may be full objects, metadata
 * or Table rows: the informer only needs a key and a resourceVersion of each.
 */
export interface ListWatch<T> {
  list(signal: AbortSignal): Promise<{ items: T[]; resourceVersion: string }>;
  /**
   * Watches from `resourceVersion`, calling `onEvent` for each event, until the server ends the
   * stream (resolve) or something fails (reject; a `ClusterError` with `isGone` for 410 Gone,
   * whether it came as an HTTP status or as a watch `ERROR` event).
   */
  watch(
    resourceVersion: string,
    onEvent: (event: WatchEvent<T>) => void,
    signal: AbortSignal,
  ): Promise<void>;
  keyOf(item: T): string;
  versionOf(item: T): string;
}

export type WatchEvent<T> =
  { type: WatchEventType; object: T } | { type: 'BOOKMARK'; resourceVersion: string };

export type InformerStatus =
  { state: 'listing' } | { state: 'live' } | { state: 'retrying'; error: Error; delayMs: number };

export interface InformerEvents<T> {
  /** The cache was (re)built from a list: everything that was there before is replaced. */
  reset: (items: readonly T[], resourceVersion: string) => void;
  added: (item: T) => void;
  modified: (item: T, previous: T) => void;
  deleted: (item: T) => void;
  status: (status: InformerStatus) => void;
}

export interface InformerOptions {
  /** The first retry delay; doubled on each failure up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * A list+watch cache of one collection, independent of any UI: the workbench's tables and the
 * reconciler runtime's controllers use the same class. It restarts the watch after every error
 * (with exponential backoff) and from the last resourceVersion it saw; on `410 Gone` it lists
 * again and emits `reset`. Events older than the list, or than the cached object, are dropped.
 */
export class Informer<T> extends Emitter<InformerEvents<T>> {
  /** Where the informer lists and watches. */
  readonly source: ListWatch<T>;
  readonly #cache = new Map<string, T>();
  readonly #abort = new AbortController();
  readonly #initialDelay: number;
  readonly #maxDelay: number;
  #listVersion = '';
  #lastVersion = '';
  #synced = false;
  #started = false;
  #status: InformerStatus = { state: 'listing' };
  #syncWaiters: (() => void)[] = [];
  #wake: (() => void) | undefined;

  constructor(source: ListWatch<T>, options: InformerOptions = {}) {
    super();
    this.source = source;
    this.#initialDelay = options.initialDelayMs ?? 250;
    this.#maxDelay = options.maxDelayMs ?? 30_000;
  }

  /** Starts listing and watching (once; later calls do nothing). */
  start(): this {
    if (!this.#started && !this.disposed) {
      this.#started = true;
      void this.#run();
    }
    return this;
  }

  get disposed(): boolean {
    return this.#abort.signal.aborted;
  }

  /** Whether the cache holds a complete list (it stays true while a watch is retrying). */
  get synced(): boolean {
    return this.#synced;
  }

  get status(): InformerStatus {
    return this.#status;
  }

  /** The resourceVersion of the newest event applied, or of the list. */
  get resourceVersion(): string {
    return this.#lastVersion;
  }

  items(): T[] {
    return [...this.#cache.values()];
  }

  get(key: string): T | undefined {
    return this.#cache.get(key);
  }

  /** Resolves once the first list has filled the cache. */
  whenSynced(): Promise<void> {
    if (this.#synced) return Promise.resolve();
    return new Promise((resolve) => this.#syncWaiters.push(resolve));
  }

  /** Skips the current retry delay (after the user fixed something and asked to reconnect). */
  retryNow(): void {
    this.#wake?.();
  }

  async #run(): Promise<void> {
    let needList = true;
    let delay = this.#initialDelay;
    while (!this.disposed) {
      try {
        if (needList) {
          this.#setStatus({ state: 'listing' });
          const { items, resourceVersion } = await this.source.list(this.#abort.signal);
          if (this.disposed) return;
          this.#replace(items, resourceVersion);
          needList = false;
        }
        this.#setStatus({ state: 'live' });
        const watchedFrom = this.#lastVersion;
        await this.source.watch(this.#lastVersion, (e) => this.#apply(e), this.#abort.signal);
        // The server ended the watch (its timeout): watch again from where we are.
        if (this.#lastVersion !== watchedFrom) delay = this.#initialDelay;
      } catch (err) {
        if (this.disposed) return;
        if (err instanceof ClusterError && err.isGone) {
          needList = true;
          continue;
        }
        const error = err instanceof Error ? err : new Error(String(err));
        this.#setStatus({ state: 'retrying', error, delayMs: delay });
        await this.#sleep(delay);
        delay = Math.min(delay * 2, this.#maxDelay);
      }
    }
  }

  #replace(items: T[], resourceVersion: string): void {
    this.#cache.clear();
    for (const item of items) this.#cache.set(this.source.keyOf(item), item);
    this.#listVersion = resourceVersion;
    this.#lastVersion = resourceVersion;
    this.emit('reset', items, resourceVersion);
    if (!this.#synced) {
      this.#synced = true;
      for (const resolve of this.#syncWaiters.splice(0)) resolve();
    }
  }

  #apply(event: WatchEvent<T>): void {
    if (this.disposed) return;
    if (event.type === 'BOOKMARK') {
      this.#lastVersion = event.resourceVersion || this.#lastVersion;
      return;
    }
    const key = this.source.keyOf(event.object);
    const version = this.source.versionOf(event.object);
    const previous = this.#cache.get(key);
    const cachedVersion = previous === undefined ? undefined : this.source.versionOf(previous);
    if (isStaleWatchEvent(event.type, version, this.#listVersion, cachedVersion)) return;
    if (version) this.#lastVersion = version;
    if (event.type === 'DELETED') {
      if (this.#cache.delete(key)) this.emit('deleted', event.object);
    } else if (previous === undefined) {
      this.#cache.set(key, event.object);
      this.emit('added', event.object);
    } else {
      this.#cache.set(key, event.object);
      this.emit('modified', event.object, previous);
    }
  }

  #setStatus(status: InformerStatus): void {
    const changed = status.state !== this.#status.state || status.state === 'retrying';
    this.#status = status;
    if (changed) this.emit('status', status);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const onAbort = () => done();
      this.#abort.signal.addEventListener('abort', onAbort, { once: true });
      this.#wake = done;
      const signal = this.#abort.signal;
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve();
      }
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.#abort.abort();
    this.#wake?.();
    this.#cache.clear();
    this.removeAllListeners();
  }
}
