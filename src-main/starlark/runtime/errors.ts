import type { Position } from '../syntax/ast';

/**
 * The error a builtin, a method or an operator throws when Starlark code does something wrong
 * ("unhashable type: list", "index out of range"). Its message is go.starlark.net's wording
 * without position; the evaluator adds the call stack and turns it into an EvalError.
 */
export class StarlarkError extends Error {
  override name = 'StarlarkError';
}

/**
 * Thrown by StarlarkObject.getAttr/setField when a field does not exist, with a message of the
 * type's own; the runtime appends a "did you mean" hint (go.starlark.net's NoSuchAttrError).
 */
export class NoSuchAttrError extends StarlarkError {
  override name = 'NoSuchAttrError';
}

/** One frame of a Starlark call stack: the function's name and the current position in it. */
export interface CallFrame {
  readonly name: string;
  /** For builtins, the file is `<builtin>` and line and column are 0. */
  readonly pos: Position;
}

export const builtinPosition: Position = Object.freeze({ file: '<builtin>', line: 0, col: 0 });

/** A position as go.starlark.net prints it: `file:line:col`, `file:line` or just `file`. */
export function positionString(p: Position): string {
  if (p.line > 0) return p.col > 0 ? `${p.file}:${p.line}:${p.col}` : `${p.file}:${p.line}`;
  return p.file;
}

/** Formats a call stack (outermost first) as go.starlark.net's CallStack.String does. */
export function callStackString(stack: readonly CallFrame[]): string {
  if (stack.length === 0) return '';
  let out = 'Traceback (most recent call last):\n';
  for (const fr of stack) out += `  ${positionString(fr.pos)}: in ${fr.name}\n`;
  return out;
}

/**
 * A Starlark evaluation error with a copy of the thread's call stack (outermost first) at the
 * moment of the error — go.starlark.net's EvalError. `message` is the bare message;
 * `backtrace()` is what `starling exec` prints.
 */
export class EvalError extends Error {
  override name = 'EvalError';

  constructor(
    message: string,
    readonly callStack: readonly CallFrame[],
    override readonly cause?: unknown,
  ) {
    super(message);
  }

  /**
   * The stack and the message, exactly as go.starlark.net's Backtrace prints them: a builtin
   * on top of the stack is dropped from the list and named in "Error in fn: msg".
   */
  backtrace(): string {
    let stack = this.callStack;
    let suffix = '';
    const last = stack[stack.length - 1];
    if (last !== undefined && last.pos.file === builtinPosition.file) {
      suffix = ` in ${last.name}`;
      stack = stack.slice(0, -1);
    }
    return `${callStackString(stack)}Error${suffix}: ${this.message}`;
  }
}
