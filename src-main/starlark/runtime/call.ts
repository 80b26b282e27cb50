/**
 * Calling values (spec: "Function and method calls"). Builtins and other non-Starlark callables
 * get a `<builtin>` frame in the call stack: an error they throw becomes an EvalError whose
 * backtrace ends "Error in name: message". Starlark functions manage their own frames.
 */
import { EvalError, StarlarkError } from './errors';
import type { Thread } from './thread';
import { Callable, noKwargs, typeName, type KwArgs, type Value } from './value';

/** Calls fn with positional and keyword arguments; errors surface as EvalError. */
export function call(
  thread: Thread,
  fn: Value,
  args: readonly Value[],
  kwargs: KwArgs = noKwargs,
): Value {
  if (!(fn instanceof Callable)) {
    throw new StarlarkError(`invalid call of non-function (${typeName(fn)})`);
  }
  if (fn.framed) return fn.callInternal(thread, args, kwargs);
  try {
    return fn.callInternal(thread, args, kwargs);
  } catch (e) {
    throw toEvalError(thread, e, fn.name);
  }
}

/**
 * An error thrown while the thread runs, as an EvalError carrying the call stack at this moment
 * (plus a `<builtin>` frame for `builtin`, when a builtin threw it). An EvalError passes through
 * unchanged, keeping the stack of the place it was first raised.
 */
export function toEvalError(thread: Thread, e: unknown, builtin?: string): EvalError {
  if (e instanceof EvalError) return e;
  let msg: string;
  if (e instanceof StarlarkError) msg = e.message;
  else if (e instanceof RangeError && /call stack/i.test(e.message)) {
    msg = 'Starlark call stack too deep (maximum call stack size exceeded)';
  } else if (
    e instanceof RangeError &&
    /^(Invalid (string|array|typed array) length|Array buffer allocation failed)/.test(e.message)
  ) {
    msg = `out of memory: ${e.message}`; // a string or list beyond what JavaScript can hold
  } else if (e instanceof TypeError || e instanceof ReferenceError || e instanceof RangeError) {
    msg = `internal error: ${e.message}`; // a bug in the engine or a host builtin
  } else if (e instanceof Error) msg = e.message;
  else msg = String(e);
  const error = new EvalError(msg, thread.callStack(builtin), e);
  if (thread.onError !== undefined) thread.onError(error);
  return error;
}
