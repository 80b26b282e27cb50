/**
 * The operations of the language on values — go.starlark.net's Binary, Unary, Compare, getAttr,
 * getIndex, setIndex, slice and friends, with its semantics and error wording. Compiled code
 * inlines fast paths for the common cases (small ints, strings) and calls these for the rest;
 * builtins and libraries call them directly.
 *
 * Spec sections: "Arithmetic operations", "Membership tests", "Comparisons", "Index
 * expressions", "Slice expressions", "Dot expressions".
 */
import { nearest } from '../resolve/spell';
import { NoSuchAttrError, StarlarkError } from './errors';
import * as int from './int';
import { repr } from './repr';
import { equals } from './compare';
import type { StarlarkObject } from './value';
import {
  Builtin,
  Bytes,
  Dict,
  Float,
  List,
  Range,
  Set,
  Tuple,
  typeName,
  type BinaryOperator,
  type BuiltinFn,
  type Value,
} from './value';

export { compare, compareDepth, compareForSort, equals, floatCompare } from './compare';
export { repr, str, transcodeUtf8 } from './repr';
export { floatToStr } from './format';
import { percent } from './format';
import { methodsOf } from './methods/index';
export { iterate, len, toArray } from './iterate';
export { quote } from './quote';

// ---------------------------------------------------------------------------------------------
// Conversions used by operators and builtins

/** go.starlark.net's AsInt32: an int within int32 range, else an error ("got T, want int" / "N out of range"). */
export function asInt32(v: Value): number {
  if (typeof v === 'number') {
    if (v <= 0x7fffffff && v >= -0x80000000) return v;
    throw new StarlarkError(`${v} out of range`);
  }
  if (typeof v === 'bigint') throw new StarlarkError(`${v} out of range`);
  throw new StarlarkError(`got ${typeName(v)}, want int`);
}

/** An int or float as a JS number (floats as themselves, ints rounded), else undefined. */
export function asFloat(v: Value): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Float) return v.value;
  return undefined;
}

/** go.starlark.net's NumberToInt: an int, or a finite float truncated toward zero. */
export function numberToInt(v: Value): int.Int {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (v instanceof Float) {
    const f = v.value;
    if (f !== f) throw new StarlarkError('cannot convert float NaN to integer');
    if (f === Infinity || f === -Infinity) {
      throw new StarlarkError('cannot convert float infinity to integer');
    }
    return int.floatToInt(f);
  }
  throw new StarlarkError(`cannot convert ${typeName(v)} to int`);
}

// ---------------------------------------------------------------------------------------------
// Unary operators

/** +x, -x, ~x (`not x` is truth()). */
export function unary(op: '+' | '-' | '~', x: Value): Value {
  if (typeof x === 'number' || typeof x === 'bigint') {
    if (op === '-') return int.neg(x);
    if (op === '+') return x;
    return int.not(x);
  }
  if (x instanceof Float) {
    if (op === '-') return new Float(-x.value);
    if (op === '+') return x;
  } else if (typeof x === 'object') {
    const r = x.unary(op);
    if (r !== undefined) return r;
  }
  throw new StarlarkError(`unknown unary op: ${op} ${typeName(x)}`);
}

// ---------------------------------------------------------------------------------------------
// Binary operators

/** x op y for every strict binary operator (comparisons go through compare; and/or are control flow). */
export function binary(op: BinaryOperator, x: Value, y: Value): Value {
  const r = builtinBinary(op, x, y);
  return r !== undefined ? r : customBinary(op, x, y);
}

/** Types defined outside the core may implement an operator from either side. */
function customBinary(op: BinaryOperator, x: Value, y: Value): Value {
  if (typeof x === 'object') {
    const z = x.binary(op, y, 'left');
    if (z !== undefined) return z;
  }
  if (typeof y === 'object') {
    const z = y.binary(op, x, 'right');
    if (z !== undefined) return z;
  }
  throw new StarlarkError(`unknown binary op: ${typeName(x)} ${op} ${typeName(y)}`);
}

function isIntValue(v: Value): v is number | bigint {
  return typeof v === 'number' || typeof v === 'bigint';
}

/**
 * The built-in types' operators; undefined when the operand types don't apply. Each case is a
 * call of its own function, so that this switch stays small enough for TurboFan to inline into
 * a compiled operator's closure (where `op` is a constant and the switch folds away), and an
 * operator's code is optimized only where that operator is used.
 */
function builtinBinary(op: BinaryOperator, x: Value, y: Value): Value | undefined {
  switch (op) {
    case '+':
      return plus(x, y);
    case '-':
      return minus(x, y);
    case '*':
      return star(x, y);
    case '/':
      return slash(x, y);
    case '//':
      return slashSlash(x, y);
    case '%':
      return percentOp(x, y);
    case 'in':
      return contains(y, x);
    case 'not in':
      return notIn(x, y);
    case '|':
      return pipe(x, y);
    case '&':
      return ampersand(x, y);
    case '^':
      return caret(x, y);
    case '<<':
      return shiftLeft(x, y);
    case '>>':
      return shiftRight(x, y);
  }
}

function minus(x: Value, y: Value): Value | undefined {
  if (isIntValue(x)) {
    if (isIntValue(y)) return int.sub(x, y);
    if (y instanceof Float) return new Float(int.finiteFloat(x) - y.value);
  } else if (x instanceof Float) {
    if (y instanceof Float) return new Float(x.value - y.value);
    if (isIntValue(y)) return new Float(x.value - int.finiteFloat(y));
  } else if (x instanceof Set && y instanceof Set) {
    return setDifference(x, y);
  }
  return undefined;
}

function notIn(x: Value, y: Value): Value | undefined {
  const r = contains(y, x);
  return r === undefined ? undefined : !r;
}

function pipe(x: Value, y: Value): Value | undefined {
  if (isIntValue(x) && isIntValue(y)) return int.or(x, y);
  if (x instanceof Dict && y instanceof Dict) return dictUnion(x, y);
  if (x instanceof Set && y instanceof Set) return setUnion(x, y);
  return undefined;
}

function ampersand(x: Value, y: Value): Value | undefined {
  if (isIntValue(x) && isIntValue(y)) return int.and(x, y);
  if (x instanceof Set && y instanceof Set) return setIntersection(x, y);
  return undefined;
}

function caret(x: Value, y: Value): Value | undefined {
  if (isIntValue(x) && isIntValue(y)) return int.xor(x, y);
  if (x instanceof Set && y instanceof Set) return setSymmetricDifference(x, y);
  return undefined;
}

function shiftLeft(x: Value, y: Value): Value | undefined {
  if (!isIntValue(x)) return undefined;
  const n = shiftCount(y);
  if (n >= 512) throw new StarlarkError(`shift count too large: ${n}`);
  return int.lsh(x, n);
}

function shiftRight(x: Value, y: Value): Value | undefined {
  if (!isIntValue(x)) return undefined;
  return int.rsh(x, shiftCount(y));
}

function shiftCount(y: Value): number {
  const n = asInt32(y);
  if (n < 0) throw new StarlarkError(`negative shift count: ${n}`);
  return n;
}

function plus(x: Value, y: Value): Value | undefined {
  if (typeof x === 'string') return typeof y === 'string' ? x + y : undefined;
  if (isIntValue(x)) {
    if (isIntValue(y)) return int.add(x, y);
    if (y instanceof Float) return new Float(int.finiteFloat(x) + y.value);
  } else if (x instanceof Float) {
    if (y instanceof Float) return new Float(x.value + y.value);
    if (isIntValue(y)) return new Float(x.value + int.finiteFloat(y));
  } else if (x instanceof List) {
    if (y instanceof List) return new List(x.elems.concat(y.elems));
  } else if (x instanceof Tuple) {
    if (y instanceof Tuple) return new Tuple(x.elems.concat(y.elems));
  }
  return undefined;
}

function star(x: Value, y: Value): Value | undefined {
  if (isIntValue(x)) {
    if (isIntValue(y)) return int.mul(x, y);
    if (y instanceof Float) return new Float(int.finiteFloat(x) * y.value);
    return repeat(y, x);
  }
  if (x instanceof Float) {
    if (y instanceof Float) return new Float(x.value * y.value);
    if (isIntValue(y)) return new Float(x.value * int.finiteFloat(y));
    return undefined;
  }
  if (isIntValue(y)) return repeat(x, y);
  return undefined;
}

/** The limit on the size of a repetition's result (go.starlark.net's maxAlloc). */
const maxAlloc = 1 << 30;

/** seq * n for a str, bytes, list or tuple; undefined for other types. */
function repeat(seq: Value, n: int.Int): Value | undefined {
  let elems: readonly Value[] | string;
  if (typeof seq === 'string') elems = seq;
  else if (seq instanceof Bytes) elems = seq.data;
  else if (seq instanceof List || seq instanceof Tuple) elems = seq.elems;
  else return undefined;
  const make = (r: readonly Value[] | string): Value => {
    if (typeof seq === 'string') return r as string;
    if (seq instanceof Bytes) return new Bytes(r as string);
    if (seq instanceof List) return new List(r as Value[]);
    return new Tuple(r as Value[]);
  };
  if (elems.length === 0) return make(typeof elems === 'string' ? '' : []);
  if (typeof n === 'bigint' || n > 0x7fffffff || n < -0x80000000) {
    throw new StarlarkError(`repeat count ${n} too large`);
  }
  if (n < 1) return make(typeof elems === 'string' ? '' : []);
  if (elems.length * n >= maxAlloc) {
    throw new StarlarkError(`excessive repeat (${elems.length} * ${n} elements)`);
  }
  if (typeof elems === 'string') return make(elems.repeat(n));
  const out = new Array<Value>(elems.length * n);
  for (let k = 0, i = 0; k < n; k++) for (const e of elems) out[i++] = e;
  return make(out);
}

function slash(x: Value, y: Value): Value | undefined {
  let xf: number;
  if (isIntValue(x)) xf = int.finiteFloat(x);
  else if (x instanceof Float) xf = x.value;
  else return undefined;
  let yf: number;
  if (isIntValue(y)) yf = int.finiteFloat(y);
  else if (y instanceof Float) yf = y.value;
  else return undefined;
  if (yf === 0) throw new StarlarkError('floating-point division by zero');
  return new Float(xf / yf);
}

function slashSlash(x: Value, y: Value): Value | undefined {
  if (isIntValue(x) && isIntValue(y)) {
    if (y === 0) throw new StarlarkError('floored division by zero');
    return int.floorDiv(x, y);
  }
  let xf: number;
  if (isIntValue(x)) {
    if (!(y instanceof Float)) return undefined;
    xf = int.finiteFloat(x);
  } else if (x instanceof Float) xf = x.value;
  else return undefined;
  let yf: number;
  if (isIntValue(y)) yf = int.finiteFloat(y);
  else if (y instanceof Float) yf = y.value;
  else return undefined;
  if (yf === 0) throw new StarlarkError('floored division by zero');
  return new Float(Math.floor(xf / yf));
}

function percentOp(x: Value, y: Value): Value | undefined {
  if (typeof x === 'string') return percent(x, y);
  if (isIntValue(x)) {
    if (isIntValue(y)) {
      if (y === 0) throw new StarlarkError('integer modulo by zero');
      return int.mod(x, y);
    }
    if (y instanceof Float) {
      const xf = int.finiteFloat(x);
      if (y.value === 0) throw new StarlarkError('floating-point modulo by zero');
      return new Float(floatMod(xf, y.value));
    }
  } else if (x instanceof Float) {
    if (y instanceof Float) {
      if (y.value === 0) throw new StarlarkError('floating-point modulo by zero');
      return new Float(floatMod(x.value, y.value));
    }
    if (isIntValue(y)) {
      if (y === 0) throw new StarlarkError('floating-point modulo by zero');
      return new Float(floatMod(x.value, int.finiteFloat(y)));
    }
  }
  return undefined;
}

/** Floored float modulo: the result has the sign of y. */
export function floatMod(x: number, y: number): number {
  let z = x % y;
  if (x < 0 !== y < 0 && z !== 0) z += y;
  return z;
}

/**
 * `needle in haystack`; undefined when the haystack's type has no membership test. Each type's
 * test is a function of its own, so this dispatch is small enough to inline.
 */
function contains(haystack: Value, needle: Value): boolean | undefined {
  if (typeof haystack === 'string') return stringContains(haystack, needle);
  if (typeof haystack !== 'object') return undefined;
  if (haystack instanceof List || haystack instanceof Tuple) {
    return elemsContain(haystack.elems, needle);
  }
  if (haystack instanceof Dict) return dictContains(haystack, needle);
  if (haystack instanceof Set) return haystack.has(needle);
  if (haystack instanceof Bytes) return bytesContain(haystack, needle);
  if (haystack instanceof Range) return rangeContainsValue(haystack, needle);
  return undefined;
}

function stringContains(haystack: string, needle: Value): boolean {
  if (typeof needle !== 'string') {
    throw new StarlarkError(
      `'in <string>' requires string as left operand, not ${typeName(needle)}`,
    );
  }
  return haystack.includes(needle);
}

function elemsContain(elems: readonly Value[], needle: Value): boolean {
  for (let i = 0; i < elems.length; i++) {
    const e = elems[i]!;
    if (e === needle || equals(e, needle)) return true;
  }
  return false;
}

function dictContains(haystack: Dict, needle: Value): boolean {
  try {
    return haystack.get(needle) !== undefined;
  } catch {
    return false; // go.starlark.net ignores errors here (an unhashable key is not found)
  }
}

function bytesContain(haystack: Bytes, needle: Value): boolean {
  if (needle instanceof Bytes) return haystack.data.includes(needle.data);
  if (isIntValue(needle)) {
    if (typeof needle === 'bigint' || needle < 0 || needle > 255) {
      throw new StarlarkError(
        `int in bytes: ${needle} out of range (want value in unsigned 8-bit range)`,
      );
    }
    return haystack.data.includes(String.fromCharCode(needle));
  }
  throw new StarlarkError(
    `'in bytes' requires bytes or int as left operand, not ${typeName(needle)}`,
  );
}

function rangeContainsValue(haystack: Range, needle: Value): boolean {
  let i: int.Int;
  try {
    i = numberToInt(needle);
  } catch {
    throw new StarlarkError(
      `'in <range>' requires integer as left operand, not ${typeName(needle)}`,
    );
  }
  return rangeContains(haystack, i);
}

function rangeContains(r: Range, x: int.Int): boolean {
  if (typeof x !== 'number' || x > 0x7fffffff || x < -0x80000000) return false;
  const delta = x - r.start;
  const quo = Math.trunc(delta / r.step);
  const rem = delta % r.step;
  return rem === 0 && quo >= 0 && quo < r.len;
}

// ---------------------------------------------------------------------------------------------
// dict and set algebra

function dictUnion(x: Dict, y: Dict): Dict {
  const z = new Dict();
  for (const [k, v] of x.items()) z.set(k, v);
  for (const [k, v] of y.items()) z.set(k, v);
  return z;
}

function setOf(values: Iterable<Value>): Set {
  const s = new Set();
  for (const v of values) s.add(v);
  return s;
}

function setUnion(x: Set, y: Set): Set {
  const z = setOf(x.elems.values());
  for (const v of y.elems.values()) z.add(v);
  return z;
}

function setDifference(x: Set, y: Set): Set {
  const z = setOf(x.elems.values());
  for (const k of y.elems.keys()) z.elems.delete(k);
  return z;
}

function setIntersection(x: Set, y: Set): Set {
  const z = new Set();
  for (const [k, v] of y.elems) if (x.elems.has(k)) z.add(v);
  return z;
}

function setSymmetricDifference(x: Set, y: Set): Set {
  const z = setOf(x.elems.values());
  for (const [k, v] of y.elems) {
    if (z.elems.has(k)) z.elems.delete(k);
    else z.add(v);
  }
  return z;
}

// ---------------------------------------------------------------------------------------------
// Indexing and slicing

function outOfRange(i: number, n: number, x: Value): StarlarkError {
  if (n === 0) return new StarlarkError(`index ${i} out of range: empty ${typeName(x)}`);
  return new StarlarkError(`${typeName(x)} index ${i} out of range [${-n}:${n - 1}]`);
}

/** The length of an indexable value, or -1 when it is not indexable. */
function indexableLength(x: Value): number {
  if (typeof x === 'string') return x.length;
  if (typeof x !== 'object') return -1;
  if (x instanceof List || x instanceof Tuple) return x.elems.length;
  if (x instanceof Bytes) return x.data.length;
  if (x instanceof Range) return x.len;
  if (x.index !== undefined) return x.length();
  return -1;
}

/** x[y]. */
export function index(x: Value, y: Value): Value {
  if (x instanceof Dict) {
    const v = x.get(y);
    if (v === undefined) throw new StarlarkError(`key ${repr(y)} not in dict`);
    return v;
  }
  const n = indexableLength(x);
  if (n < 0) {
    throw new StarlarkError(`unhandled index operation ${typeName(x)}[${typeName(y)}]`);
  }
  let i: number;
  try {
    i = asInt32(y);
  } catch (e) {
    throw new StarlarkError(`${typeName(x)} index: ${(e as Error).message}`);
  }
  const orig = i;
  if (i < 0) i += n;
  if (i < 0 || i >= n) throw outOfRange(orig, n, x);
  if (typeof x === 'string') return x[i]!;
  if (x instanceof List || x instanceof Tuple) return x.elems[i]!;
  if (x instanceof Bytes) return new Bytes(x.data[i]!);
  if (x instanceof Range) return x.at(i);
  return (x as StarlarkObject).index!(i);
}

/** x[y] = z. */
export function setIndex(x: Value, y: Value, z: Value): void {
  if (x instanceof Dict) {
    x.set(y, z);
    return;
  }
  if (x instanceof List) {
    const n = x.elems.length;
    let i = asInt32(y);
    const orig = i;
    if (i < 0) i += n;
    if (i < 0 || i >= n) throw outOfRange(orig, n, x);
    x.checkMutable('assign to element of');
    x.elems[i] = z;
    return;
  }
  if (typeof x === 'object' && x.setIndex !== undefined && x.index !== undefined) {
    const n = x.length();
    let i = asInt32(y);
    const orig = i;
    if (i < 0) i += n;
    if (i < 0 || i >= n) throw outOfRange(orig, n, x);
    x.setIndex(i, z);
    return;
  }
  throw new StarlarkError(`${typeName(x)} value does not support item assignment`);
}

/** An optional slice index (None or absent → undefined), made non-negative relative to n. */
function sliceIndex(v: Value | undefined, n: number, what: string): number | undefined {
  if (v === undefined || (typeof v === 'object' && v.type === 'NoneType')) return undefined;
  let i: number;
  try {
    i = asInt32(v);
  } catch (e) {
    throw new StarlarkError(`invalid ${what} index: ${(e as Error).message}`);
  }
  return i < 0 ? i + n : i;
}

/** x[lo:hi:step]; an absent part is undefined or None. */
export function slice(x: Value, lo?: Value, hi?: Value, stepValue?: Value): Value {
  if (!isSliceable(x)) throw new StarlarkError(`invalid slice operand ${typeName(x)}`);
  const n = indexableLength(x);
  let step = 1;
  if (
    stepValue !== undefined &&
    !(typeof stepValue === 'object' && stepValue.type === 'NoneType')
  ) {
    try {
      step = asInt32(stepValue);
    } catch (e) {
      throw new StarlarkError(`invalid slice step: ${(e as Error).message}`);
    }
    if (step === 0) throw new StarlarkError('zero is not a valid slice step');
  }
  let start: number;
  let end: number;
  if (step > 0) {
    start = Math.min(Math.max(sliceIndex(lo, n, 'start') ?? 0, 0), n);
    end = Math.min(Math.max(sliceIndex(hi, n, 'end') ?? n, 0), n);
    if (end < start) end = start;
  } else {
    start = sliceIndex(lo, n, 'start') ?? n - 1;
    if (start >= n) start = n - 1;
    end = sliceIndex(hi, n, 'end') ?? -1;
    if (end < -1) end = -1;
    if (start < end) start = end;
  }
  return sliceOf(x, start, end, step);
}

function isSliceable(x: Value): boolean {
  if (typeof x === 'string') return true;
  if (typeof x !== 'object') return false;
  return (
    x instanceof List ||
    x instanceof Tuple ||
    x instanceof Bytes ||
    x instanceof Range ||
    (x.slice !== undefined && x.index !== undefined)
  );
}

function sliceOf(x: Value, start: number, end: number, step: number): Value {
  if (x instanceof Range) {
    const s = x.start + x.step * start;
    return new Range(s, x.start + x.step * end, x.step * step);
  }
  if (typeof x === 'string' || x instanceof Bytes) {
    const s = typeof x === 'string' ? x : x.data;
    let r: string;
    if (step === 1) r = s.slice(start, end);
    else {
      r = '';
      for (let i = start; step > 0 ? i < end : i > end; i += step) r += s[i];
    }
    return typeof x === 'string' ? r : new Bytes(r);
  }
  if (x instanceof List || x instanceof Tuple) {
    let r: Value[];
    if (step === 1) r = x.elems.slice(start, end);
    else {
      r = [];
      for (let i = start; step > 0 ? i < end : i > end; i += step) r.push(x.elems[i]!);
    }
    return x instanceof List ? new List(r) : new Tuple(r);
  }
  return (x as StarlarkObject).slice!(start, end, step);
}

// ---------------------------------------------------------------------------------------------
// Attributes

/** The method table of a built-in type with methods (str, bytes, list, dict, set), if any. */
export function methodTable(x: Value): ReadonlyMap<string, BuiltinFn> | undefined {
  if (typeof x === 'string') return methodsOf('string');
  if (x instanceof List) return methodsOf('list');
  if (x instanceof Dict) return methodsOf('dict');
  if (x instanceof Set) return methodsOf('set');
  if (x instanceof Bytes) return methodsOf('bytes');
  return undefined;
}

/** x.name: a field, or a method bound to x. */
export function getAttr(x: Value, name: string): Value {
  let msg: string;
  const methods = methodTable(x);
  if (methods !== undefined) {
    const fn = methods.get(name);
    if (fn !== undefined) return new Builtin(name, fn, x);
    msg = `${typeName(x)} has no .${name} field or method`;
  } else if (typeof x === 'object' && !isBuiltinType(x)) {
    try {
      const v = x.getAttr(name);
      if (v !== undefined) return v;
      msg = `${x.type} has no .${name} field or method`;
    } catch (e) {
      if (!(e instanceof NoSuchAttrError)) throw e;
      msg = e.message;
    }
  } else {
    throw new StarlarkError(`${typeName(x)} has no .${name} field or method`);
  }
  const hint = nearest(name, attrNames(x));
  throw new StarlarkError(hint ? `${msg} (did you mean .${hint}?)` : msg);
}

function isBuiltinType(x: StarlarkObject): boolean {
  return x instanceof Float || x instanceof Tuple || x instanceof Range || x.type === 'NoneType';
}

/** hasattr(x, name). */
export function hasAttr(x: Value, name: string): boolean {
  const methods = methodTable(x);
  if (methods !== undefined) return methods.has(name);
  if (typeof x !== 'object' || isBuiltinType(x)) return false;
  try {
    return x.getAttr(name) !== undefined;
  } catch {
    return x.attrNames().includes(name);
  }
}

/** The attribute names of x, sorted (dir(x)). */
export function attrNames(x: Value): string[] {
  const methods = methodTable(x);
  if (methods !== undefined) return [...methods.keys()].sort();
  if (typeof x !== 'object' || isBuiltinType(x)) return [];
  return [...x.attrNames()].sort();
}

/** x.name = v. */
export function setField(x: Value, name: string, v: Value): void {
  if (typeof x !== 'object' || methodTable(x) !== undefined || isBuiltinType(x)) {
    throw new StarlarkError(`can't assign to .${name} field of ${typeName(x)}`);
  }
  try {
    x.setField(name, v);
  } catch (e) {
    if (!(e instanceof NoSuchAttrError)) throw e;
    const hint = nearest(name, x.attrNames());
    throw new StarlarkError(hint ? `${e.message} (did you mean .${hint}?)` : e.message);
  }
}
