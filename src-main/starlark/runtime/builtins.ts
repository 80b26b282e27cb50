/**
 * The universe: the predeclared names every Starlark module sees (spec: "Built-in constants and
 * functions"), with go.starlark.net's behaviour and error wording at the pinned version. Each
 * entry links its spec section: https://github.com/google/starlark-go/blob/master/doc/spec.md
 */
import { goStableSort } from '../../util/go-sort';
import { call } from './call';
import { compare, compareForSort } from './compare';
import { StarlarkError } from './errors';
import * as int from './int';
import { iterate, len, toArray } from './iterate';
import { asInt32, attrNames, getAttr as getAttrValue, hasAttr, numberToInt } from './ops';
import { repr, str, transcodeUtf8 } from './repr';
import type { Thread } from './thread';
import { decodeRune, encodeRune } from './strings';
import {
  unpackArgs,
  unpackPositional,
  wantBool,
  wantString,
  type Check,
  type Param,
} from './unpack';
import {
  Builtin,
  Bytes,
  Callable,
  Dict,
  Float,
  List,
  None,
  Range,
  Set,
  StarlarkObject,
  Tuple,
  emptyTuple,
  normalizeInt,
  truth,
  typeName,
  type BuiltinFn,
  type KwArgs,
  type Value,
  type ValueIterator,
} from './value';

// ---------------------------------------------------------------------------------------------
// Argument checks shared with the methods

/** Whether v can be iterated (lists, tuples, dicts, sets, ranges, and types that implement iterate). */
export function isIterable(v: Value): boolean {
  if (typeof v !== 'object') return false;
  if (v instanceof List || v instanceof Tuple || v instanceof Dict || v instanceof Set) return true;
  if (v instanceof Range) return true;
  return v.iterate !== StarlarkObject.prototype.iterate;
}

export const wantIterable: Check = (v) =>
  isIterable(v) ? undefined : `got ${typeName(v)}, want iterable`;
export const wantCallable: Check = (v) =>
  v instanceof Callable ? undefined : `got ${typeName(v)}, want callable`;

const int64Max = 2n ** 63n - 1n;

/** go.starlark.net's AsInt into a Go int (64-bit): the value as a JS number, or the reason it is not acceptable. */
export const wantInt64: Check = (v) => {
  if (typeof v === 'number') return undefined;
  if (typeof v === 'bigint') {
    return v > int64Max || v < -int64Max - 1n
      ? `${v} out of range (want value in signed 64-bit range)`
      : undefined;
  }
  return `got ${typeName(v)}, want int`;
};

/** An int argument that passed wantInt64, as a JS number. */
function toNumber(v: Value | undefined, dflt: number): number {
  return v === undefined ? dflt : Number(v);
}

function noKeywords(name: string, kwargs: KwArgs): void {
  if (kwargs.length > 0) throw new StarlarkError(`${name} does not accept keyword arguments`);
}

/** The elements of an argument that passed wantIterable. */
function elements(v: Value): Value[] {
  return toArray(v) ?? [];
}

// ---------------------------------------------------------------------------------------------
// dict construction, shared with dict.update

/**
 * dict(x, **kwargs) and dict.update(x, **kwargs): x is a dict (its items) or an iterable of
 * pairs; then the keyword arguments. `updates` holds at most one value.
 */
export function updateDict(dict: Dict, updates: readonly Value[], kwargs: KwArgs): void {
  const x = updates[0];
  if (x !== undefined) {
    if (x instanceof Dict) {
      for (const [k, v] of x.items()) dict.set(k, v);
    } else {
      const it = iterate(x);
      if (it === undefined) throw new StarlarkError(`got ${typeName(x)}, want iterable`);
      try {
        let i = 0;
        for (let pair = it.next(); pair !== undefined; pair = it.next(), i++) {
          const n = len(pair);
          const elems = isIterable(pair) ? toArray(pair) : undefined;
          if (elems === undefined) {
            throw new StarlarkError(
              `dictionary update sequence element #${i} is not iterable (${typeName(pair)})`,
            );
          }
          if (n < 0) {
            throw new StarlarkError(
              `dictionary update sequence element #${i} has unknown length (${typeName(pair)})`,
            );
          }
          if (n !== 2) {
            throw new StarlarkError(
              `dictionary update sequence element #${i} has length ${n}, want 2`,
            );
          }
          dict.set(elems[0]!, elems[1]!);
        }
      } finally {
        it.done();
      }
    }
  }
  const before = dict.size;
  for (const [k, v] of kwargs) dict.set(k, v);
  if (dict.size < before + kwargs.length) {
    const seen = new globalThis.Set<string>();
    for (const [k] of kwargs) {
      if (seen.has(k)) throw new StarlarkError(`duplicate keyword arg: ${repr(k)}`);
      seen.add(k);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The builtins

/** #abs */
const abs: BuiltinFn = (_t, args, kwargs) => {
  const [x] = unpackPositional('abs', args, kwargs, 1, 1) as [Value];
  if (x instanceof Float) return new Float(Math.abs(x.value));
  if (typeof x === 'number' || typeof x === 'bigint') return x < 0 ? int.neg(x) : x;
  throw new StarlarkError(`got ${typeName(x)}, want int or float`);
};

/** #all, #any */
function allOrAny(name: 'all' | 'any'): BuiltinFn {
  const want = name === 'any';
  return (_t, args, kwargs) => {
    const [x] = unpackPositional(name, args, kwargs, 1, 1, [wantIterable]) as [Value];
    const it = iterate(x)!;
    try {
      for (let v = it.next(); v !== undefined; v = it.next()) if (truth(v) === want) return want;
    } finally {
      it.done();
    }
    return !want;
  };
}

/** #bool */
const bool: BuiltinFn = (_t, args, kwargs) => {
  const [x] = unpackPositional('bool', args, kwargs, 0, 1);
  return x === undefined ? false : truth(x);
};

/** #bytes */
const bytes: BuiltinFn = (_t, args, kwargs) => {
  if (kwargs.length > 0) throw new StarlarkError('bytes does not accept keyword arguments');
  if (args.length !== 1) {
    throw new StarlarkError(`bytes: got ${args.length} arguments, want exactly 1`);
  }
  const x = args[0]!;
  if (x instanceof Bytes) return x;
  if (typeof x === 'string') return new Bytes(transcodeUtf8(x));
  if (!isIterable(x)) {
    throw new StarlarkError(`bytes: got ${typeName(x)}, want string, bytes, or iterable of ints`);
  }
  let out = '';
  elements(x).forEach((e, i) => {
    if (typeof e !== 'number' && typeof e !== 'bigint') {
      throw new StarlarkError(`bytes: at index ${i}, got ${typeName(e)}, want int`);
    }
    if (e < 0 || e > 255) {
      throw new StarlarkError(
        `bytes: at index ${i}, ${e} out of range (want value in unsigned 8-bit range)`,
      );
    }
    out += String.fromCharCode(Number(e));
  });
  return new Bytes(out);
};

/** #chr */
const chr: BuiltinFn = (_t, args, kwargs) => {
  noKeywords('chr', kwargs);
  if (args.length !== 1) throw new StarlarkError(`chr: got ${args.length} arguments, want 1`);
  let i: number;
  try {
    i = asInt32(args[0]!);
  } catch (e) {
    throw new StarlarkError(`chr: ${(e as Error).message}`);
  }
  if (i < 0) throw new StarlarkError(`chr: Unicode code point ${i} out of range (<0)`);
  if (i > 0x10ffff) {
    throw new StarlarkError(
      `chr: Unicode code point U+${i.toString(16).toUpperCase()} out of range (>0x10FFFF)`,
    );
  }
  return encodeRune(i);
};

/** #dict */
const dict: BuiltinFn = (_t, args, kwargs) => {
  if (args.length > 1) {
    throw new StarlarkError(`dict: got ${args.length} arguments, want at most 1`);
  }
  const d = new Dict();
  try {
    updateDict(d, args, kwargs);
  } catch (e) {
    if (e instanceof StarlarkError) throw new StarlarkError(`dict: ${e.message}`);
    throw e;
  }
  return d;
};

/** #dir */
const dir: BuiltinFn = (_t, args, kwargs) => {
  noKeywords('dir', kwargs);
  if (args.length !== 1) throw new StarlarkError(`dir: got ${args.length} arguments, want 1`);
  return new List(attrNames(args[0]!));
};

/** #enumerate */
const enumerate: BuiltinFn = (_t, args, kwargs) => {
  const [x, start] = unpackPositional('enumerate', args, kwargs, 1, 2, [wantIterable, wantInt64]);
  const s = toNumber(start, 0);
  return new List(elements(x!).map((e, i) => new Tuple([int.add(s, i), e])));
};

/** #fail */
const fail: BuiltinFn = (_t, args, kwargs) => {
  const [sep] = unpackArgs('fail', [], kwargs, [['sep?', wantString]]);
  const s = (sep as string | undefined) ?? ' ';
  throw new StarlarkError(
    'fail: ' + args.map((v) => (typeof v === 'string' ? v : repr(v))).join(s),
  );
};

const floatLiteral = /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)$/;

/** #float */
const float: BuiltinFn = (_t, args, kwargs) => {
  noKeywords('float', kwargs);
  if (args.length === 0) return new Float(0);
  if (args.length !== 1) throw new StarlarkError(`float got ${args.length} arguments, wants 1`);
  const x = args[0]!;
  if (typeof x === 'boolean') return new Float(x ? 1 : 0);
  if (typeof x === 'number' || typeof x === 'bigint') return new Float(int.finiteFloat(x));
  if (x instanceof Float) return x;
  if (typeof x === 'string') return new Float(parseFloatLiteral(x));
  throw new StarlarkError(`float got ${typeName(x)}, want number or string`);
};

function parseFloatLiteral(s: string): number {
  if (s === '') throw new StarlarkError('float: empty string');
  const lower = s.toLowerCase();
  const unsigned = lower.replace(/^[+-]/, '');
  const negative = lower.startsWith('-');
  if (unsigned === 'inf' || unsigned === 'infinity') return negative ? -Infinity : Infinity;
  if (unsigned === 'nan') return NaN;
  if (!floatLiteral.test(s)) throw new StarlarkError(`invalid float literal: ${s}`);
  const f = Number(s);
  if (f === Infinity || f === -Infinity) {
    throw new StarlarkError('floating-point number too large');
  }
  return f;
}

/** #getattr */
const getattr: BuiltinFn = (_t, args, kwargs) => {
  const [object, name, dflt] = unpackPositional('getattr', args, kwargs, 2, 3, [
    undefined,
    wantString,
  ]) as [Value, string, Value | undefined];
  if (hasAttrsOf(object)) {
    let v: Value | undefined;
    try {
      v = attrOf(object, name);
    } catch (e) {
      if (dflt !== undefined) return dflt;
      if (e instanceof StarlarkError) throw new StarlarkError(`getattr: ${e.message}`);
      throw e;
    }
    if (v !== undefined) return v;
  }
  if (dflt !== undefined) return dflt;
  throw new StarlarkError(`getattr: ${typeName(object)} has no .${name} field or method`);
};

function hasAttrsOf(x: Value): boolean {
  return (
    typeof x === 'string' ||
    (typeof x === 'object' &&
      !(x instanceof Float) &&
      !(x instanceof Tuple) &&
      !(x instanceof Range) &&
      x !== None)
  );
}

/** x.name without the "no such field" error: undefined when absent. */
function attrOf(x: Value, name: string): Value | undefined {
  if (typeof x === 'string' || x instanceof List || x instanceof Dict || x instanceof Set) {
    return hasAttr(x, name) ? getAttrValue(x, name) : undefined;
  }
  if (x instanceof Bytes) return hasAttr(x, name) ? getAttrValue(x, name) : undefined;
  return (x as StarlarkObject).getAttr(name);
}

/** #hasattr */
const hasattr: BuiltinFn = (_t, args, kwargs) => {
  const [object, name] = unpackPositional('hasattr', args, kwargs, 2, 2, [
    undefined,
    wantString,
  ]) as [Value, string];
  return hasAttr(object, name);
};

/** #hash: Java's String.hashCode over the code points for str (as go.starlark.net computes it), FNV-1a for bytes. */
const hash: BuiltinFn = (_t, args, kwargs) => {
  const [x] = unpackPositional('hash', args, kwargs, 1, 1) as [Value];
  if (typeof x === 'string') return stringHash(x);
  if (x instanceof Bytes) return fnv32(x.data);
  throw new StarlarkError(`hash: got ${typeName(x)}, want string or bytes`);
};

/** go.starlark.net's javaStringHash: h = 31*h + r over the runes, in int32 arithmetic. */
export function stringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length;) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      h = (Math.imul(31, h) + c) | 0;
      i++;
      continue;
    }
    const [r, size] = decodeRune(s, i);
    h = (Math.imul(31, h) + r) | 0;
    i += size;
  }
  return h;
}

function fnv32(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}

/** #int */
const intFn: BuiltinFn = (_t, args, kwargs) => {
  const [x, base] = unpackArgs('int', args, kwargs, ['x', 'base?']) as [Value, Value | undefined];
  if (typeof x === 'string') {
    let b = 10;
    if (base !== undefined) {
      try {
        b = asInt32(base);
      } catch {
        throw new StarlarkError(`int: for base, got ${typeName(base)}, want int`);
      }
      if (b !== 0 && (b < 2 || b > 36)) {
        throw new StarlarkError('int: base must be an integer >= 2 && <= 36');
      }
    }
    const r = parseIntLiteral(x, b);
    if (r === undefined) throw new StarlarkError(`int: invalid literal with base ${b}: ${x}`);
    return r;
  }
  if (base !== undefined) {
    throw new StarlarkError("int: can't convert non-string with explicit base");
  }
  if (typeof x === 'boolean') return x ? 1 : 0;
  try {
    return numberToInt(x);
  } catch (e) {
    throw new StarlarkError(`int: ${(e as Error).message}`);
  }
};

/** int(string, base): go.starlark.net's parseInt; undefined when the literal is invalid. */
export function parseIntLiteral(text: string, base: number): int.Int | undefined {
  let s = text;
  let neg = false;
  if (s.startsWith('+')) s = s.slice(1);
  else if (s.startsWith('-')) {
    neg = true;
    s = s.slice(1);
  }
  if (s.length > 1 && s[0] === '0') {
    let prefix = 0;
    if (s.length > 2) {
      const c = s[1]!.toLowerCase();
      prefix = c === 'o' ? 8 : c === 'x' ? 16 : c === 'b' ? 2 : 0;
    }
    if (prefix !== 0) {
      if (base === 0 || base === prefix) {
        base = prefix;
        s = s.slice(2);
      }
    } else if (base === 0) {
      // With automatic base detection, a leading zero must be all zeros: 0755 is rejected.
      return /^0+$/.test(s) ? 0 : undefined;
    }
  }
  if (base === 0) base = 10;
  if (s === '') return undefined;
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, base);
  let n = 0n;
  const bigBase = BigInt(base);
  for (const c of s.toLowerCase()) {
    const d = digits.indexOf(c);
    if (d < 0) return undefined;
    n = n * bigBase + BigInt(d);
  }
  return normalizeInt(neg ? -n : n);
}

/** #len */
const lenFn: BuiltinFn = (_t, args, kwargs) => {
  const [x] = unpackPositional('len', args, kwargs, 1, 1) as [Value];
  const n = len(x);
  if (n < 0) throw new StarlarkError(`len: value of type ${typeName(x)} has no len`);
  return n;
};

/** #list */
const list: BuiltinFn = (_t, args, kwargs) => {
  const [x] = unpackPositional('list', args, kwargs, 0, 1, [wantIterable]);
  return new List(x === undefined ? [] : elements(x));
};

/** #max, #min */
function minmax(name: 'max' | 'min'): BuiltinFn {
  const op = name === 'max' ? '>' : '<';
  return (thread, args, kwargs) => {
    if (args.length === 0) {
      throw new StarlarkError(`${name} requires at least one positional argument`);
    }
    const [key] = unpackArgs(name, [], kwargs, [['key?', wantCallable]]);
    const iterable = args.length === 1 ? args[0]! : new Tuple(args.slice());
    const it = iterate(iterable);
    if (it === undefined) {
      throw new StarlarkError(`${name}: ${typeName(iterable)} value is not iterable`);
    }
    try {
      let best = it.next();
      if (best === undefined) throw new StarlarkError(`${name}: argument is an empty sequence`);
      let bestKey = key === undefined ? best : call(thread, key, [best]);
      for (let x = it.next(); x !== undefined; x = it.next()) {
        const k = key === undefined ? x : call(thread, key, [x]);
        let better: boolean;
        try {
          better = compare(op, k, bestKey);
        } catch (e) {
          if (e instanceof StarlarkError) throw new StarlarkError(`${name}: ${e.message}`);
          throw e;
        }
        if (better) {
          best = x;
          bestKey = k;
        }
      }
      return best;
    } finally {
      it.done();
    }
  };
}

/** #ord */
const ord: BuiltinFn = (_t, args, kwargs) => {
  noKeywords('ord', kwargs);
  if (args.length !== 1) throw new StarlarkError(`ord: got ${args.length} arguments, want 1`);
  const x = args[0]!;
  if (typeof x === 'string') {
    const [r, size] = decodeRune(x, 0);
    if (size === 0 || size !== x.length) {
      let n = 0;
      for (let i = 0; i < x.length; n++) i += decodeRune(x, i)[1];
      throw new StarlarkError(`ord: string encodes ${n} Unicode code points, want 1`);
    }
    return r;
  }
  if (x instanceof Bytes) {
    if (x.data.length !== 1) {
      throw new StarlarkError(`ord: bytes has length ${x.data.length}, want 1`);
    }
    return x.data.charCodeAt(0);
  }
  throw new StarlarkError(`ord: got ${typeName(x)}, want string or bytes`);
};

/** #print */
const print: BuiltinFn = (thread, args, kwargs) => {
  const [sep] = unpackArgs('print', [], kwargs, [['sep?', wantString]]);
  const s = (sep as string | undefined) ?? ' ';
  let msg = '';
  for (let i = 0; i < args.length; i++) {
    if (i > 0) msg += s;
    const v = args[i]!;
    msg += typeof v === 'string' ? v : v instanceof Bytes ? v.data : repr(v);
  }
  thread.print(thread, msg);
  return None;
};

/** #range */
const range: BuiltinFn = (_t, args, kwargs) => {
  const [a, b, c] = unpackPositional('range', args, kwargs, 1, 3, [
    wantInt64,
    wantInt64,
    wantInt64,
  ]);
  let start = toNumber(a, 0);
  let stop = toNumber(b, 0);
  const step = toNumber(c, 1);
  if (args.length === 1) [start, stop] = [0, start];
  if (step === 0) throw new StarlarkError('range: step argument must not be zero');
  return new Range(start, stop, step);
};

/** #repr */
const reprFn: BuiltinFn = (_t, args, kwargs) => {
  const [x] = unpackPositional('repr', args, kwargs, 1, 1) as [Value];
  return repr(x);
};

/** #reversed */
const reversed: BuiltinFn = (_t, args, kwargs) => {
  const [x] = unpackPositional('reversed', args, kwargs, 1, 1, [wantIterable]) as [Value];
  return new List(elements(x).reverse());
};

/** #set */
const set: BuiltinFn = (_t, args, kwargs) => {
  const [x] = unpackPositional('set', args, kwargs, 0, 1, [wantIterable]);
  const s = new Set();
  if (x !== undefined) {
    for (const e of elements(x)) {
      try {
        s.add(e);
      } catch (err) {
        if (err instanceof StarlarkError) throw new StarlarkError(`set: ${err.message}`);
        throw err;
      }
    }
  }
  return s;
};

const sortedParams: readonly Param[] = [
  ['iterable', wantIterable],
  ['key?', wantCallable],
  ['reverse?', wantBool],
];

/**
 * #sorted: a stable sort; reverse=True reverses the order without reordering equal elements.
 * The key calls and the sort are functions of their own, in plain loops, so that what V8
 * optimizes at each is small (the key path calls back into Starlark).
 */
const sorted: BuiltinFn = (thread, args, kwargs) => {
  const [x, key, reverse] = unpackArgs('sorted', args, kwargs, sortedParams) as [
    Value,
    Value | undefined,
    boolean | undefined,
  ];
  const values = elements(x);
  const sign = reverse === true ? -1 : 1;
  if (key === undefined) return new List(sortValues(values, sign));
  return new List(sortByKeys(values, sortKeys(thread, key, values), sign));
};

/** values sorted (sign -1: in reverse order). */
function sortValues(values: readonly Value[], sign: number): Value[] {
  try {
    return values.slice().sort((x, y) => sign * compareForSort(x, y));
  } catch (e) {
    throw sortError(e, values, sign);
  }
}

/** key(v) for each value, in order. */
function sortKeys(thread: Thread, key: Value, values: readonly Value[]): Value[] {
  const keys = new Array<Value>(values.length);
  for (let i = 0; i < values.length; i++) keys[i] = call(thread, key, [values[i]!]);
  return keys;
}

/** values ordered by their keys (keys[i] is the key of values[i]). */
function sortByKeys(values: readonly Value[], keys: readonly Value[], sign: number): Value[] {
  const n = values.length;
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  try {
    order.sort((i, j) => sign * compareForSort(keys[i]!, keys[j]!));
  } catch (e) {
    throw sortError(e, keys, sign);
  }
  const out = new Array<Value>(n);
  for (let i = 0; i < n; i++) out[i] = values[order[i]!]!;
  return out;
}

/** What a failed sort throws: for a failed comparison, the error go.starlark.net reports. */
function sortError(e: unknown, keys: readonly Value[], sign: number): unknown {
  if (!(e instanceof StarlarkError)) return e;
  return lastSortError(keys, sign < 0) ?? e;
}

/**
 * The comparison error Go's sort.Stable ends with: the last failed comparison. sorted() sorts with
 * the engine's fast native sort; only when a comparison fails is the sort replayed with Go's
 * algorithm, which keeps going after a failure, to find the error go.starlark.net reports.
 */
function lastSortError(keys: readonly Value[], reverse: boolean): StarlarkError | undefined {
  const k = keys.slice();
  let last: StarlarkError | undefined;
  const less = (i: number, j: number): boolean => {
    if (reverse) [i, j] = [j, i];
    try {
      return compare('<', k[i]!, k[j]!);
    } catch (e) {
      if (!(e instanceof StarlarkError)) throw e;
      last = e;
      return false;
    }
  };
  const swap = (i: number, j: number) => {
    const t = k[i]!;
    k[i] = k[j]!;
    k[j] = t;
  };
  goStableSort(k.length, less, swap);
  return last;
}

/** #str */
const strFn: BuiltinFn = (_t, args, kwargs) => {
  noKeywords('str', kwargs);
  if (args.length !== 1) {
    throw new StarlarkError(`str: got ${args.length} arguments, want exactly 1`);
  }
  return str(args[0]!);
};

/** #tuple */
const tuple: BuiltinFn = (_t, args, kwargs) => {
  const [x] = unpackPositional('tuple', args, kwargs, 0, 1, [wantIterable]);
  if (x === undefined) return emptyTuple;
  if (x instanceof Tuple) return x;
  return new Tuple(elements(x));
};

/** #type */
const type: BuiltinFn = (_t, args, kwargs) => {
  noKeywords('type', kwargs);
  if (args.length !== 1) {
    throw new StarlarkError(`type: got ${args.length} arguments, want exactly 1`);
  }
  return typeName(args[0]!);
};

/** #zip */
const zip: BuiltinFn = (_t, args, kwargs) => {
  noKeywords('zip', kwargs);
  const iters: ValueIterator[] = [];
  try {
    args.forEach((seq, i) => {
      const it = iterate(seq);
      if (it === undefined) {
        throw new StarlarkError(`zip: argument #${i + 1} is not iterable: ${typeName(seq)}`);
      }
      iters.push(it);
    });
    const rows: Value[] = [];
    if (iters.length === 0) return new List(rows);
    for (;;) {
      const row: Value[] = [];
      for (const it of iters) {
        const v = it.next();
        if (v === undefined) return new List(rows);
        row.push(v);
      }
      rows.push(new Tuple(row));
    }
  } finally {
    for (const it of iters) it.done();
  }
};

// ---------------------------------------------------------------------------------------------

function builtin(name: string, fn: BuiltinFn): [string, Value] {
  return [name, new Builtin(name, fn)];
}

/** The universe table: every predeclared name of go.starlark.net's Universe. */
export const universe: ReadonlyMap<string, Value> = new Map<string, Value>([
  ['None', None],
  ['True', true],
  ['False', false],
  builtin('abs', abs),
  builtin('any', allOrAny('any')),
  builtin('all', allOrAny('all')),
  builtin('bool', bool),
  builtin('bytes', bytes),
  builtin('chr', chr),
  builtin('dict', dict),
  builtin('dir', dir),
  builtin('enumerate', enumerate),
  builtin('fail', fail),
  builtin('float', float),
  builtin('getattr', getattr),
  builtin('hasattr', hasattr),
  builtin('hash', hash),
  builtin('int', intFn),
  builtin('len', lenFn),
  builtin('list', list),
  builtin('max', minmax('max')),
  builtin('min', minmax('min')),
  builtin('ord', ord),
  builtin('print', print),
  builtin('range', range),
  builtin('repr', reprFn),
  builtin('reversed', reversed),
  builtin('set', set),
  builtin('sorted', sorted),
  builtin('str', strFn),
  builtin('tuple', tuple),
  builtin('type', type),
  builtin('zip', zip),
]);

/** Whether name is in the universe (the resolver's isUniversal). */
export function isUniversal(name: string): boolean {
  return universe.has(name);
}
