import type { Position } from '../syntax/ast';
import type { Thread } from './thread';
import type { Callable, Value } from './value';

/**
 * A box for a local variable that a nested function captures: the defining frame's slot holds
 * the Cell, and every closure that captures the variable shares it. `v` is undefined until the
 * variable is first assigned.
 */
export class Cell {
  constructor(public v: Value | undefined) {}
}

/**
 * The activation of a Starlark function (or of a module's top level) on a thread's call stack.
 *
 * Compiled code reads and writes `locals`, `globals` and `free` directly; it stores `pos` before
 * any operation that can fail and before every call, so the stack of `pos` values is the
 * backtrace. `callee` names the builtin this frame is calling while that builtin runs, so a
 * backtrace can show `<builtin>: in sorted` between this frame and a Starlark callback.
 */
export class Frame {
  /** The position of the operation in progress: a call's `(` while calling. */
  pos: Position;
  /** The builtin this frame is currently calling, if any. */
  callee: string | undefined = undefined;
  /** Set by `return` before the body's closure reports RETURN. */
  result: Value | undefined = undefined;
  /** How many Starlark frames are on the stack up to this one (1 for the outermost). */
  readonly depth: number;

  constructor(
    readonly thread: Thread,
    /** The running function (a Starlark function or the module's `<toplevel>`). */
    readonly fn: Callable,
    /** Parameters first, then other locals; a captured local's slot holds its Cell. Undefined = not yet assigned. */
    readonly locals: (Value | Cell | undefined)[],
    /** The module's global variables by slot (undefined = not yet assigned). */
    readonly globals: (Value | undefined)[],
    /** The cells this function captured from enclosing functions. */
    readonly free: readonly Cell[],
    /** The calling frame, if the caller was Starlark code. */
    readonly parent: Frame | undefined,
    pos: Position,
  ) {
    this.pos = pos;
    this.depth = parent === undefined ? 1 : parent.depth + 1;
  }
}
