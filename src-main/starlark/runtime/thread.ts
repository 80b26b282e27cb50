import { builtinPosition, type CallFrame, type EvalError, StarlarkError } from './errors';
import type { Stmt } from '../syntax/ast';
import type { Frame } from './frame';
import type { Value } from './value';

/**
 * A Thread is the embedding surface of the engine: the state of one Starlark computation and
 * the host's hooks into it. Hosts set `print` and `load`, keep their own per-thread state in
 * `setLocal`/`getLocal` (the cluster client, the current reconcile), and stop a computation
 * from anywhere with `cancel(reason)`.
 *
 * Steps and cancellation cost one increment and one comparison per loop iteration and per call:
 * compiled code runs `if (++thread.steps >= thread.checkAt) thread.check()`. `checkAt` is the
 * nearest of the step limit, the next periodic host check (`onCheck` every `checkInterval`
 * steps: deadlines, cancellation from another thread) and 0 once `cancel` was called.
 */
export class Thread {
  /** A name for errors and the debugger. */
  name = '';
  /** Called by print(); `msg` is a Starlark byte string (see strings.ts). */
  print: (thread: Thread, msg: string) => void = () => {};
  /** Resolves load("module"): returns the loaded module's exported globals. */
  load: ((thread: Thread, module: string) => ReadonlyMap<string, Value>) | undefined;
  /** Execution steps so far (one per loop iteration and per call). */
  steps = 0;
  /** Set by cancel(); the evaluator stops at its next check with this reason. */
  cancelReason: string | undefined;
  /**
   * Called every `checkInterval` steps while Starlark code runs (hosts poll a wall-clock
   * deadline or a cancellation flag here and call `cancel`). Set it before execution starts.
   */
  onCheck: ((thread: Thread) => void) | undefined;
  checkInterval = 10_000;
  /** Called when the step limit is reached; the default cancels with "too many steps". */
  onMaxSteps: ((thread: Thread) => void) | undefined;

  /**
   * The debugger's hook, called before every statement of code compiled with `debug` (the
   * frame's pos is the statement's start). Code compiled without `debug` never calls it.
   */
  onStatement: ((frame: Frame, stmt: Stmt) => void) | undefined;

  /**
   * Called when an error is raised, while the failing frame is still the innermost one (before
   * the stack unwinds): the debugger's "pause on error". Never called on the normal path.
   */
  onError: ((error: EvalError) => void) | undefined;

  /** The most Starlark frames the call stack may hold (Infinity: as many as JavaScript's stack allows). */
  maxCallDepth = Number.POSITIVE_INFINITY;

  /** The innermost running Starlark frame, or undefined when no Starlark code runs. */
  frame: Frame | undefined = undefined;
  /** The steps value at which compiled code calls check(). */
  checkAt = Number.POSITIVE_INFINITY;

  private maxStepsValue = Number.POSITIVE_INFINITY;
  private readonly locals = new Map<string, unknown>();

  /** The limit beyond which the thread is cancelled with "too many steps" (Infinity: none). */
  get maxSteps(): number {
    return this.maxStepsValue;
  }
  set maxSteps(n: number) {
    this.maxStepsValue = n > 0 ? n : Number.POSITIVE_INFINITY;
    this.scheduleCheck();
  }

  /** Set onCheck, then call this (or set maxSteps) so the periodic check is scheduled. */
  scheduleCheck(): void {
    if (this.cancelReason !== undefined) {
      this.checkAt = 0;
      return;
    }
    const periodic = this.onCheck ? this.steps + Math.max(1, this.checkInterval) : Infinity;
    this.checkAt = Math.min(this.maxStepsValue, periodic);
  }

  /** Stops the computation at its next check; the first reason wins. */
  cancel(reason: string): void {
    this.cancelReason ??= reason;
    this.checkAt = 0;
  }

  /** Clears a cancellation so the thread can run again. */
  uncancel(): void {
    this.cancelReason = undefined;
    this.scheduleCheck();
  }

  /** The slow path of the step counter; throws when the thread is cancelled. */
  check(): void {
    if (this.cancelReason === undefined && this.steps >= this.maxStepsValue) {
      if (this.onMaxSteps) this.onMaxSteps(this);
      else this.cancel('too many steps');
    }
    if (this.cancelReason === undefined && this.onCheck && this.steps >= this.checkAt) {
      this.onCheck(this);
    }
    if (this.cancelReason !== undefined) {
      throw new StarlarkError(`Starlark computation cancelled: ${this.cancelReason}`);
    }
    this.scheduleCheck();
  }

  setLocal(key: string, value: unknown): void {
    this.locals.set(key, value);
  }

  getLocal<T = unknown>(key: string): T | undefined {
    return this.locals.get(key) as T | undefined;
  }

  /**
   * The call stack, outermost first: each Starlark frame with its current position, and each
   * builtin in progress as `<builtin>`. `builtin` adds one more builtin on top (the one failing).
   */
  callStack(builtin?: string): CallFrame[] {
    const out: CallFrame[] = [];
    if (builtin !== undefined) out.push({ name: builtin, pos: builtinPosition });
    for (let fr = this.frame; fr !== undefined; fr = fr.parent) {
      if (fr.callee !== undefined) out.push({ name: fr.callee, pos: builtinPosition });
      out.push({ name: fr.fn.name, pos: fr.pos });
    }
    return out.reverse();
  }

  /** The frame `depth` levels below the top of callStack() (0 = the innermost). */
  callFrame(depth: number): CallFrame | undefined {
    const stack = this.callStack();
    return stack[stack.length - 1 - depth];
  }

  /** The number of frames in callStack(). */
  callStackDepth(): number {
    return this.callStack().length;
  }
}
