import { createSubscriber } from 'svelte/reactivity';

/** The current time, ticking every `intervalMs` while some view reads it (for ages). */
export class Clock {
  #now = $state(Date.now());
  readonly #subscribe: () => void;

  constructor(intervalMs = 5_000) {
    this.#subscribe = createSubscriber(() => {
      this.#now = Date.now();
      const timer = setInterval(() => (this.#now = Date.now()), intervalMs);
      return () => clearInterval(timer);
    });
  }

  get now(): number {
    this.#subscribe();
    return this.#now;
  }
}

export const clock = new Clock();
