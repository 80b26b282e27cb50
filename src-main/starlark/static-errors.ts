import type { ResolveError } from './resolve/resolve';

/** The resolve errors of a file, in go.starlark.net's order; the message lists them one per line. */
export class StaticErrors extends Error {
  override name = 'StaticErrors';
  constructor(readonly errors: readonly ResolveError[]) {
    super(errors.map(String).join('\n'));
  }
}
