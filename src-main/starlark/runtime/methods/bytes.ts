/**
 * The methods of bytes (spec: https://github.com/google/starlark-go/blob/master/doc/spec.md#bytes·elems).
 */
import { StarlarkError } from '../errors';
import { repr } from '../ops';
import { unpackPositional } from '../unpack';
import {
  type Bytes,
  StarlarkObject,
  type BuiltinFn,
  type HashKey,
  type ValueIterator,
} from '../value';

/** The value of b.elems(): iterable over the int values of the bytes. */
export class BytesElems extends StarlarkObject {
  constructor(readonly bytes: Bytes) {
    super();
  }
  get type(): string {
    return 'bytes.elems';
  }
  override hashKey(): HashKey {
    throw new StarlarkError(`unhashable: ${this.type}`);
  }
  override repr(): string {
    return repr(this.bytes) + '.elems()';
  }
  override iterate(): ValueIterator {
    let i = 0;
    const data = this.bytes.data;
    return {
      next: () => (i < data.length ? data.charCodeAt(i++) : undefined),
      done: () => {},
    };
  }
}

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#bytes·elems */
const elems: BuiltinFn = (_thread, args, kwargs, recv) => {
  if (args.length > 0 || kwargs.length > 0) unpackPositional('elems', args, kwargs, 0, 0);
  return new BytesElems(recv as Bytes);
};

/** The methods of bytes, by name. */
export const bytesMethods: ReadonlyMap<string, BuiltinFn> = new Map([['elems', elems]]);
