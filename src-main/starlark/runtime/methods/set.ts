/**
 * The methods of set (spec: https://github.com/google/starlark-go/blob/master/doc/spec.md#built-in-methods;
 * sets need the `set` dialect option).
 */
import { StarlarkError } from '../errors';
import { None, Range, Set, type BuiltinFn, type HashKey, type KwArgs, type Value } from '../value';
import { unpackPositional } from '../unpack';
import { elements, named, prefixed, wantIterable } from './args';

type Method = (set: Set, args: readonly Value[], kwargs: KwArgs) => Value;

function copyOf(set: Set): Set {
  const out = new Set();
  for (const [k, v] of set.elems) out.elems.set(k, v);
  return out;
}

/** The one iterable argument of union, difference, …, as an array. */
function other(name: string, args: readonly Value[], kwargs: KwArgs): Value[] {
  const [x] = unpackPositional(name, args, kwargs, 0, 1, [wantIterable]);
  // go.starlark.net crashes on a missing argument; an error is kinder.
  if (x === undefined) throw new StarlarkError(`${name}: got 0 arguments, want 1`);
  return elements(x, true)!;
}

function key(name: string, x: Value): HashKey {
  if (typeof x !== 'object') return x;
  try {
    return x.hashKey();
  } catch (e) {
    throw prefixed(name + ': ', e);
  }
}

/**
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#set·add
 * Adding an element already present is no mutation, even when frozen.
 */
const add: Method = (set, args, kwargs) => {
  const [x] = unpackPositional('add', args, kwargs, 1, 1);
  if (set.elems.has(key('add', x!))) return None;
  named('add', () => set.add(x!));
  return None;
};

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#set·clear */
const clear: Method = (set, args, kwargs) => {
  unpackPositional('clear', args, kwargs, 0, 0);
  if (set.size > 0) named('clear', () => set.clear());
  return None;
};

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#set·difference */
const difference: Method = (set, args, kwargs) => {
  const xs = other('difference', args, kwargs);
  const out = copyOf(set);
  if (set.size === 0) return out; // go.starlark.net never hashes against an empty table
  for (const x of xs) out.elems.delete(key('difference', x));
  return out;
};

/**
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#set·intersection
 * The elements of the argument that are in the set.
 */
const intersection: Method = (set, args, kwargs) => {
  const xs = other('intersection', args, kwargs);
  const out = new Set();
  for (const x of xs) {
    const k = key('intersection', x);
    if (set.elems.has(k) && !out.elems.has(k)) out.elems.set(k, x);
  }
  return out;
};

/**
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#set·issubset
 * Counts the distinct elements of the argument found in the set.
 */
const issubset: Method = (set, args, kwargs) => {
  const [x] = unpackPositional('issubset', args, kwargs, 0, 1, [wantIterable]);
  if (x === undefined) throw new StarlarkError('issubset: got 0 arguments, want 1');
  const n = set.size;
  if (x instanceof Range) {
    // A range's elements are distinct ints: no need to remember which were seen.
    let found = 0;
    for (let i = 0; i < x.len && found !== n; i++) if (set.elems.has(x.at(i))) found++;
    return found === n;
  }
  const xs = elements(x, true)!;
  const seen = new globalThis.Set<HashKey>();
  for (let i = 0; i < xs.length && seen.size !== n; i++) {
    const k = key('issubset', xs[i]!);
    if (set.elems.has(k)) seen.add(k);
  }
  return seen.size === n;
};

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#set·issuperset */
const issuperset: Method = (set, args, kwargs) => {
  const xs = other('issuperset', args, kwargs);
  for (const x of xs) if (!set.elems.has(key('issuperset', x))) return false;
  return true;
};

/**
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#set·discard
 * Discarding an absent element is no mutation, even when frozen.
 */
const discard: Method = (set, args, kwargs) => {
  const [x] = unpackPositional('discard', args, kwargs, 1, 1);
  if (!set.elems.has(key('discard', x!))) return None;
  named('discard', () => set.delete(x!));
  return None;
};

/**
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#set·pop
 * Removes and returns the first element.
 */
const pop: Method = (set, args, kwargs) => {
  unpackPositional('pop', args, kwargs, 0, 0);
  const first = set.elems.values().next();
  if (first.done) throw new StarlarkError('pop: empty set');
  named('pop', () => set.delete(first.value));
  return first.value;
};

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#set·remove */
const remove: Method = (set, args, kwargs) => {
  const [x] = unpackPositional('remove', args, kwargs, 1, 1);
  // An empty table answers "missing" without hashing the element, as go.starlark.net's does.
  const empty = set.size === 0 && !set.frozen && set.iterCount === 0;
  if (!empty && named('remove', () => set.delete(x!))) return None;
  throw new StarlarkError('remove: missing key');
};

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#set·symmetric_difference */
const symmetricDifference: Method = (set, args, kwargs) => {
  const xs = other('symmetric_difference', args, kwargs);
  const out = copyOf(set);
  // go.starlark.net quirk: while the copy's table is unallocated (the set was empty), an element
  // is not hashed before its insertion, whose error is ignored.
  let allocated = set.size > 0;
  for (const x of xs) {
    if (!allocated) {
      allocated = true;
      if (typeof x === 'object') {
        try {
          out.elems.set(x.hashKey(), x);
        } catch {
          // unhashable: skipped, as in go.starlark.net
        }
      } else {
        out.elems.set(x, x);
      }
      continue;
    }
    const k = key('symmetric_difference', x);
    if (!out.elems.delete(k)) out.elems.set(k, x);
  }
  return out;
};

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#set·union */
const union: Method = (set, args, kwargs) => {
  const xs = other('union', args, kwargs);
  const out = copyOf(set);
  for (const x of xs) {
    const k = key('union', x);
    if (!out.elems.has(k)) out.elems.set(k, x);
  }
  return out;
};

const table: [string, Method][] = [
  ['add', add],
  ['clear', clear],
  ['difference', difference],
  ['discard', discard],
  ['intersection', intersection],
  ['issubset', issubset],
  ['issuperset', issuperset],
  ['pop', pop],
  ['remove', remove],
  ['symmetric_difference', symmetricDifference],
  ['union', union],
];

/** The methods of set, by name. */
export const setMethods: ReadonlyMap<string, BuiltinFn> = new Map(
  table.map(([name, m]): [string, BuiltinFn] => [
    name,
    (_thread, args, kwargs, recv) => m(recv as Set, args, kwargs),
  ]),
);
