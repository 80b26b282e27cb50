import type { ErrorKind, WireError, WireFrame } from './protocol';

/**
 * Why a run failed: a syntax or static (resolve) error, an error while running (`eval`), or a
 * stop — the step limit, the timeout, a cancellation, the memory limit (`cancelled`, message
 * "Starlark computation cancelled: <reason>"). `backtrace()` prints it as go.starlark.net does.
 */
export class StarlarkRunError extends Error {
  override name = 'StarlarkRunError';
  readonly kind: ErrorKind;
  /** The Starlark call stack when it failed, outermost first (empty for static errors). */
  readonly callStack: readonly WireFrame[];
  private readonly text: string;

  constructor(wire: WireError) {
    super(wire.message);
    this.kind = wire.kind;
    this.callStack = wire.callStack;
    this.text = wire.text;
  }

  /**
   * The error as `starling exec` prints it: `Traceback (most recent call last): … Error: msg`
   * for a run-time error or stop, `file:line:col: msg` lines for syntax and static errors.
   */
  backtrace(): string {
    return this.text;
  }

  /** A stop the host made happen itself (the worker could not report it): the last known stack. */
  static stopped(reason: string, callStack: readonly WireFrame[]): StarlarkRunError {
    const message = `Starlark computation cancelled: ${reason}`;
    let text = '';
    if (callStack.length > 0) {
      text = 'Traceback (most recent call last):\n';
      for (const f of callStack) text += `  ${position(f)}: in ${f.name}\n`;
    }
    return new StarlarkRunError({
      kind: 'cancelled',
      message,
      text: `${text}Error: ${message}`,
      callStack,
    });
  }
}

function position(f: WireFrame): string {
  if (f.line > 0) return f.col > 0 ? `${f.file}:${f.line}:${f.col}` : `${f.file}:${f.line}`;
  return f.file;
}
