/**
 * The error a builtin, a method or an operator throws when Starlark code does something wrong
 * ("unhashable type: list", "index out of range"). Its message is go.starlark.net's wording
 * without position; the evaluator adds the call stack and turns it into an EvalError.
 */
export class StarlarkError extends Error {
  override name = 'StarlarkError';
}
