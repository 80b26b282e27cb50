/**
 * A deduplicating queue of work keys, processed soon after they are added (never inside the write
 * that caused them), one at a time. The cluster's controllers reconcile through it, as the real
 * controller-manager's workqueues do.
 */
export class WorkQueue {
  private readonly pending = new Map<string, () => void>();
  private scheduled = false;
  private disposed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly onError: (key: string, err: unknown) => void) {}

  add(key: string, work: () => void): void {
    if (this.disposed) return;
    this.pending.set(key, work);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }

  /** Resolves once nothing is queued (tests and shutdown use it). */
  idle(): Promise<void> {
    if (this.pending.size === 0 && !this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  dispose(): void {
    this.disposed = true;
    this.pending.clear();
  }

  private drain(): void {
    this.scheduled = false;
    let budget = 1000;
    while (this.pending.size > 0 && budget-- > 0 && !this.disposed) {
      const [key, work] = this.pending.entries().next().value as [string, () => void];
      this.pending.delete(key);
      try {
        work();
      } catch (err) {
        this.onError(key, err);
      }
    }
    if (this.pending.size > 0 && !this.disposed) {
      this.scheduled = true;
      setImmediate(() => this.drain());
      return;
    }
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
