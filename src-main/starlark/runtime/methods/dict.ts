/**
 * The methods of dict (spec: https://github.com/google/starlark-go/blob/master/doc/spec.md#built-in-methods).
 */
import { StarlarkError } from '../errors';
import { updateDict } from '../builtins';
import { unpackPositional } from '../unpack';
import { type Dict, List, None, Tuple, type BuiltinFn, type KwArgs, type Value } from '../value';
import { named, prefixed } from './args';

type Method = (dict: Dict, args: readonly Value[], kwargs: KwArgs) => Value;

/**
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#dict·get
 * The hot path of reconcilers (`obj.get("spec", {})`): no allocation.
 */
const get: Method = (dict, args, kwargs) => {
  if (kwargs.length > 0 || args.length < 1 || args.length > 2) {
    unpackPositional('get', args, kwargs, 1, 2);
  }
  const key = args[0]!;
  let v: Value | undefined;
  if (typeof key === 'string') v = dict.getStr(key);
  else if (typeof key !== 'object') v = dict.entries.get(key);
  else {
    try {
      v = dict.get(key);
    } catch (e) {
      throw prefixed('get: ', e);
    }
  }
  if (v !== undefined) return v;
  return args.length > 1 ? args[1]! : None;
};

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#dict·clear */
const clear: Method = (dict, args, kwargs) => {
  unpackPositional('clear', args, kwargs, 0, 0);
  dict.clear(); // go.starlark.net reports this error without the method's name
  return None;
};

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#dict·items */
const items: Method = (dict, args, kwargs) => {
  unpackPositional('items', args, kwargs, 0, 0);
  return new List(dict.items().map(([k, v]) => new Tuple([k, v])));
};

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#dict·keys */
const keys: Method = (dict, args, kwargs) => {
  unpackPositional('keys', args, kwargs, 0, 0);
  return new List(dict.keys());
};

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#dict·values */
const values: Method = (dict, args, kwargs) => {
  unpackPositional('values', args, kwargs, 0, 0);
  return new List(dict.values());
};

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#dict·pop */
const pop: Method = (dict, args, kwargs) => {
  const [key, dflt] = unpackPositional('pop', args, kwargs, 1, 2);
  // An empty table answers "not found" without hashing the key, as go.starlark.net's does.
  const skip = dict.size === 0 && !dict.frozen && dict.iterCount === 0;
  const v = skip ? undefined : named('pop', () => dict.delete(key!));
  if (v !== undefined) return v;
  if (dflt !== undefined) return dflt;
  throw new StarlarkError('pop: missing key');
};

/**
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#dict·popitem
 * Removes and returns the first entry.
 */
const popitem: Method = (dict, args, kwargs) => {
  unpackPositional('popitem', args, kwargs, 0, 0);
  const first = dict.entries.keys().next();
  if (first.done) throw new StarlarkError('popitem: empty dict');
  const key = dict.keyOf(first.value);
  const v = named('popitem', () => dict.delete(key))!;
  return new Tuple([key, v]);
};

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#dict·setdefault */
const setdefault: Method = (dict, args, kwargs) => {
  const [key, dflt = None] = unpackPositional('setdefault', args, kwargs, 1, 2);
  const v = named('setdefault', () => dict.get(key!));
  if (v !== undefined) return v;
  named('setdefault', () => dict.set(key!, dflt));
  return dflt;
};

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#dict·update */
const update: Method = (dict, args, kwargs) => {
  if (args.length > 1)
    throw new StarlarkError(`update: got ${args.length} arguments, want at most 1`);
  named('update', () => updateDict(dict, args, kwargs));
  return None;
};

const table: [string, Method][] = [
  ['clear', clear],
  ['get', get],
  ['items', items],
  ['keys', keys],
  ['pop', pop],
  ['popitem', popitem],
  ['setdefault', setdefault],
  ['update', update],
  ['values', values],
];

/** The methods of dict, by name. */
export const dictMethods: ReadonlyMap<string, BuiltinFn> = new Map(
  table.map(([name, m]): [string, BuiltinFn] => [
    name,
    (_thread, args, kwargs, recv) => m(recv as Dict, args, kwargs),
  ]),
);
