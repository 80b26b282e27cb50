import { formatPosition, type Position } from './ast';

/**
 * A scanner or parser error: where, and go.starlark.net's message for it. The scanner and the
 * parser throw it; `parse()` catches it once and returns it in a `ParseResult`.
 */
export class StarlarkSyntaxError extends Error {
  override name = 'SyntaxError';

  constructor(
    readonly pos: Position,
    readonly msg: string,
  ) {
    super(`${formatPosition(pos)}: ${msg}`);
  }

  /** `file:line:col: msg`, as go.starlark.net prints it. */
  override toString(): string {
    return this.message;
  }
}

export { StarlarkSyntaxError as SyntaxError };
