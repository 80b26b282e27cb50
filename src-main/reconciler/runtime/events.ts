/**
 * The typed stream of reconcile events (src-main/contract/runtime.ts). Events are plain JSON so
 * they cross to the workbench and print as `--json` lines. Emitting is cheap when nobody
 * listens: callers check `listening` before building an event (diffs, summaries), and an event
 * is stamped (sequence, time) only when there is someone to give it to.
 */
import type { RuntimeEvent } from '../../contract/runtime';

type DistributiveOmit<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;

/** An event as its emitter states it; the stream adds sequence and time. */
export type EventBody = DistributiveOmit<RuntimeEvent, 'sequence' | 'time' | 'cluster'>;

export type EventListener = (event: RuntimeEvent) => void;

export class EventStream {
  readonly cluster: string;
  readonly #listeners = new Set<EventListener>();
  #sequence = 0;

  constructor(cluster: string) {
    this.cluster = cluster;
  }

  get listening(): boolean {
    return this.#listeners.size > 0;
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(body: EventBody): void {
    if (this.#listeners.size === 0) return;
    const event = {
      sequence: ++this.#sequence,
      time: new Date().toISOString(),
      cluster: this.cluster,
      ...body,
    } as RuntimeEvent;
    for (const listener of this.#listeners) listener(event);
  }

  dispose(): void {
    this.#listeners.clear();
  }
}
