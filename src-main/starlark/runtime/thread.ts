import type { Value } from './value';

/**
 * A Thread is the embedding surface of the engine: the state of one Starlark computation and
 * the host's hooks into it. Hosts set `print` and `load`, keep their own per-thread state in
 * `setLocal`/`getLocal` (the cluster client, the current reconcile), and stop a computation
 * from anywhere with `cancel(reason)`.
 *
 * (The evaluator extends this with the call stack, the step counter's fast path and the
 * debugger hook; their layout is the evaluator's business.)
 */
export class Thread {
  /** A name for errors and the debugger. */
  name = '';
  /** Called by print(); `msg` is a Starlark byte string (see strings.ts). */
  print: (thread: Thread, msg: string) => void = () => {};
  /** Resolves load("module"): returns the loaded module's exported globals. */
  load: ((thread: Thread, module: string) => ReadonlyMap<string, Value>) | undefined;
  /** Execution steps so far, and the limit beyond which the thread is cancelled. */
  steps = 0;
  maxSteps = Number.POSITIVE_INFINITY;
  /** Set by cancel(); the evaluator stops at its next check with this reason. */
  cancelReason: string | undefined;

  private readonly locals = new Map<string, unknown>();

  cancel(reason: string): void {
    this.cancelReason ??= reason;
  }

  setLocal(key: string, value: unknown): void {
    this.locals.set(key, value);
  }

  getLocal<T = unknown>(key: string): T | undefined {
    return this.locals.get(key) as T | undefined;
  }
}
