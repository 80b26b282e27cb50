/**
 * A controller's work queue, as client-go's rate-limited work queue behaves:
 *
 * - de-duplication: a key added while it waits is queued once; a key added while it is being
 *   processed is not handed out again until `done`, and then runs once more;
 * - `addAfter`: a key comes back after a delay (the earliest pending delay wins);
 * - `addRateLimited`: per-key exponential backoff, 5 ms doubling up to 1000 s, until `forget`.
 *
 * It also knows exactly when it is idle — nothing waiting, nothing being processed, no delayed
 * add pending — which is what `starling run --once` waits for.
 */
export interface WorkQueueOptions {
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export class WorkQueue {
  readonly #waiting: string[] = [];
  #head = 0;
  readonly #dirty = new Set<string>();
  readonly #processing = new Set<string>();
  readonly #delayed = new Map<string, { timer: NodeJS.Timeout; at: number }>();
  readonly #failures = new Map<string, number>();
  readonly #baseDelay: number;
  readonly #maxDelay: number;
  #disposed = false;
  /** Called whenever a key becomes available or the queue may have become idle. */
  onChange: () => void = () => {};

  constructor(options: WorkQueueOptions = {}) {
    this.#baseDelay = options.baseDelayMs ?? 5;
    this.#maxDelay = options.maxDelayMs ?? 1_000_000;
  }

  /** Queues a key now (returns false when it was already waiting). */
  add(key: string): boolean {
    if (this.#disposed || this.#dirty.has(key)) return false;
    this.#dirty.add(key);
    if (!this.#processing.has(key)) this.#waiting.push(key);
    this.onChange();
    return true;
  }

  /** Whether the key waits to be taken (or to run again after it is done). */
  waiting(key: string): boolean {
    return this.#dirty.has(key);
  }

  /** Queues a key after `ms` milliseconds (at once when `ms` <= 0). */
  addAfter(key: string, ms: number): void {
    if (this.#disposed) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const at = Date.now() + ms;
    const pending = this.#delayed.get(key);
    if (pending && pending.at <= at) return;
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      this.#delayed.delete(key);
      this.add(key);
      this.onChange();
    }, ms);
    this.#delayed.set(key, { timer, at });
  }

  /** Queues a key after its next backoff delay; returns that delay. */
  addRateLimited(key: string): number {
    const delay = this.nextDelay(key);
    this.#failures.set(key, (this.#failures.get(key) ?? 0) + 1);
    this.addAfter(key, delay);
    return delay;
  }

  /** The delay `addRateLimited` would use now: base × 2^failures, capped. */
  nextDelay(key: string): number {
    const failures = this.#failures.get(key) ?? 0;
    return Math.min(this.#baseDelay * 2 ** failures, this.#maxDelay);
  }

  /** Ends a key's backoff: its next failure starts again at the base delay. */
  forget(key: string): void {
    this.#failures.delete(key);
  }

  failures(key: string): number {
    return this.#failures.get(key) ?? 0;
  }

  /** The next key to process, or undefined when none waits. Call `done` when finished. */
  take(): string | undefined {
    if (this.#head >= this.#waiting.length) return undefined;
    const key = this.#waiting[this.#head++]!;
    if (this.#head > 1024 && this.#head * 2 > this.#waiting.length) {
      this.#waiting.splice(0, this.#head);
      this.#head = 0;
    }
    this.#dirty.delete(key);
    this.#processing.add(key);
    return key;
  }

  /** Marks a key processed; if it was added meanwhile, it waits again. */
  done(key: string): void {
    this.#processing.delete(key);
    if (this.#dirty.has(key)) this.#waiting.push(key);
    this.onChange();
  }

  get length(): number {
    return this.#waiting.length - this.#head;
  }

  get processing(): number {
    return this.#processing.size;
  }

  /** Keys with a delayed add pending. */
  get delayed(): number {
    return this.#delayed.size;
  }

  /** Nothing waiting, nothing being processed, no delayed add pending. */
  get idle(): boolean {
    return this.length === 0 && this.#processing.size === 0 && this.#delayed.size === 0;
  }

  dispose(): void {
    this.#disposed = true;
    for (const { timer } of this.#delayed.values()) clearTimeout(timer);
    this.#delayed.clear();
    this.#waiting.length = 0;
    this.#head = 0;
    this.#dirty.clear();
  }
}
