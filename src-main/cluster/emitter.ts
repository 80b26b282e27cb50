/** A small typed event emitter: `Events` maps each event name to its listener's signature. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export class Emitter<Events extends Record<keyof Events, (...args: any[]) => void>> {
  readonly #listeners = new Map<keyof Events, Set<Events[keyof Events]>>();

  /** Adds a listener; returns the function that removes it. */
  on<E extends keyof Events>(event: E, listener: Events[E]): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => this.off(event, listener);
  }

  off<E extends keyof Events>(event: E, listener: Events[E]): void {
    this.#listeners.get(event)?.delete(listener);
  }

  listenerCount<E extends keyof Events>(event: E): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  protected emit<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      (listener as (...a: Parameters<Events[E]>) => void)(...args);
    }
  }

  protected removeAllListeners(): void {
    this.#listeners.clear();
  }
}
