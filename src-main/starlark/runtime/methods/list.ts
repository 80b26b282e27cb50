/**
 * The methods of list (spec: https://github.com/google/starlark-go/blob/master/doc/spec.md#built-in-methods).
 */
import { StarlarkError } from '../errors';
import { equals } from '../ops';
import { unpackPositional } from '../unpack';
import { type List, None, type BuiltinFn, type KwArgs, type Value } from '../value';
import { elements, indices, named, wantInt64, wantIterable } from './args';

type Method = (list: List, args: readonly Value[], kwargs: KwArgs) => Value;

/** go.starlark.net's outOfRange message for an index into a sequence of length n. */
function outOfRange(i: number | bigint, n: number, type: string): string {
  return n === 0
    ? `index ${i} out of range: empty ${type}`
    : `${type} index ${i} out of range [${-n}:${n - 1}]`;
}

function mutable(name: string, list: List, verb: string): void {
  named(name, () => list.checkMutable(verb));
}

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#list·append */
const append: Method = (list, args, kwargs) => {
  if (args.length !== 1 || kwargs.length > 0) unpackPositional('append', args, kwargs, 1, 1);
  if (list.frozen || list.iterCount > 0) mutable('append', list, 'append to');
  list.elems.push(args[0]!);
  return None;
};

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#list·clear */
const clear: Method = (list, args, kwargs) => {
  unpackPositional('clear', args, kwargs, 0, 0);
  mutable('clear', list, 'clear');
  list.elems.length = 0;
  return None;
};

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#list·extend */
const extend: Method = (list, args, kwargs) => {
  const [iterable] = unpackPositional('extend', args, kwargs, 1, 1, [wantIterable]);
  mutable('extend', list, 'extend');
  const elems = elements(iterable!, true)!;
  for (let i = 0, n = elems.length; i < n; i++) list.elems.push(elems[i]!);
  return None;
};

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#list·index */
const index: Method = (list, args, kwargs) => {
  const [value, start, end] = unpackPositional('index', args, kwargs, 1, 3);
  const [i0, j] = named('index', () => indices(start, end, list.elems.length));
  for (let i = i0; i < j; i++) {
    if (named('index', () => equals(list.elems[i]!, value!))) return i;
  }
  throw new StarlarkError('index: value not in list');
};

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#list·insert */
const insert: Method = (list, args, kwargs) => {
  const [iv, object] = unpackPositional('insert', args, kwargs, 2, 2, [wantInt64]);
  mutable('insert', list, 'insert into');
  const n = list.elems.length;
  let i = Number(iv as number | bigint);
  if (i < 0) i += n;
  if (i >= n) list.elems.push(object!);
  else list.elems.splice(Math.max(i, 0), 0, object!);
  return None;
};

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#list·remove */
const remove: Method = (list, args, kwargs) => {
  const [value] = unpackPositional('remove', args, kwargs, 1, 1);
  mutable('remove', list, 'remove from');
  const elems = list.elems;
  for (let i = 0; i < elems.length; i++) {
    if (named('remove', () => equals(elems[i]!, value!))) {
      elems.splice(i, 1);
      return None;
    }
  }
  throw new StarlarkError('remove: element not found');
};

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#list·pop */
const pop: Method = (list, args, kwargs) => {
  const n = list.elems.length;
  let orig: number | bigint = n - 1;
  if (args.length > 0 || kwargs.length > 0) {
    orig = unpackPositional('pop', args, kwargs, 0, 1, [wantInt64])[0] as number | bigint;
  }
  let i = Number(orig);
  if (i < 0) i += n;
  if (i < 0 || i >= n) throw new StarlarkError(`pop: ${outOfRange(orig, n, 'list')}`);
  mutable('pop', list, 'pop from');
  if (i === n - 1) return list.elems.pop()!;
  return list.elems.splice(i, 1)[0]!;
};

const table: [string, Method][] = [
  ['append', append],
  ['clear', clear],
  ['extend', extend],
  ['index', index],
  ['insert', insert],
  ['pop', pop],
  ['remove', remove],
];

/** The methods of list, by name. */
export const listMethods: ReadonlyMap<string, BuiltinFn> = new Map(
  table.map(([name, m]): [string, BuiltinFn] => [
    name,
    (_thread, args, kwargs, recv) => m(recv as List, args, kwargs),
  ]),
);
