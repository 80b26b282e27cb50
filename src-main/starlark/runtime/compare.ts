/**
 * Equality and ordering (spec: "Comparisons"), as go.starlark.net's Compare: values of the same
 * type compare by their type's rules; int and float compare exactly by value; any other mix of
 * types is unequal, and ordering them is an error ("int < string not implemented").
 * Comparison of nested lists, tuples and dicts is bounded in depth, which also catches cycles.
 */
import { StarlarkError } from './errors';
import { compareIntFloat } from './int';
import type { StarlarkObject } from './value';
import {
  Bytes,
  Dict,
  Float,
  List,
  Range,
  Set,
  Tuple,
  isHole,
  typeName,
  type HashKey,
  type CompareOperator,
  type Value,
} from './value';

/** go.starlark.net's CompareLimit: the depth limit on recursive comparisons. */
export const compareLimit = 10;

/** x == y. */
export function equals(x: Value, y: Value): boolean {
  if (x === y && typeof x !== 'object') return true;
  if (typeof x === 'string' || typeof y === 'string') return false;
  return compareDepth('==', x, y, compareLimit);
}

/** x op y for op one of == != < <= > >=. */
export function compare(op: CompareOperator, x: Value, y: Value): boolean {
  return compareDepth(op, x, y, compareLimit);
}

/** Three-way comparison for sorting: negative, zero or positive; throws when x and y are unordered. */
export function compareForSort(x: Value, y: Value): number {
  if (typeof x === 'string' && typeof y === 'string') return x < y ? -1 : x > y ? 1 : 0;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (compareDepth('<', x, y, compareLimit)) return -1;
  if (compareDepth('<', y, x, compareLimit)) return 1;
  return 0;
}

function threeway(op: CompareOperator, cmp: number): boolean {
  switch (op) {
    case '==':
      return cmp === 0;
    case '!=':
      return cmp !== 0;
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '>':
      return cmp > 0;
    case '>=':
      return cmp >= 0;
  }
}

/** Floats are totally ordered, with NaN above +Inf and equal to itself. */
export function floatCompare(x: number, y: number): number {
  if (x > y) return 1;
  if (x < y) return -1;
  if (x === y) return 0;
  if (x === x) return -1; // y is NaN
  if (y === y) return 1; // x is NaN
  return 0;
}

function stringCompare(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

export function compareDepth(op: CompareOperator, x: Value, y: Value, depth: number): boolean {
  if (depth < 1) throw new StarlarkError('comparison exceeded maximum recursion depth');
  switch (typeof x) {
    case 'string':
      if (typeof y === 'string') return threeway(op, stringCompare(x, y));
      break;
    case 'number':
    case 'bigint':
      if (typeof y === 'number' || typeof y === 'bigint') {
        return threeway(op, x < y ? -1 : x > y ? 1 : 0);
      }
      if (y instanceof Float) return threeway(op, compareIntFloat(x, y.value));
      break;
    case 'boolean':
      if (typeof y === 'boolean') return threeway(op, Number(x) - Number(y));
      break;
    default:
      if (x instanceof Float) {
        if (y instanceof Float) return threeway(op, floatCompare(x.value, y.value));
        if (typeof y === 'number' || typeof y === 'bigint') {
          return threeway(op, -compareIntFloat(y, x.value));
        }
        break;
      }
      if (typeof y !== 'object' || !sameType(x, y)) break;
      return compareSameType(op, x, y, depth);
  }
  // Different types.
  if (op === '==') return false;
  if (op === '!=') return true;
  throw new StarlarkError(`${typeName(x)} ${op} ${typeName(y)} not implemented`);
}

function sameType(x: StarlarkObject, y: StarlarkObject): boolean {
  return x.constructor === y.constructor || x.type === y.type;
}

function compareSameType(
  op: CompareOperator,
  x: StarlarkObject,
  y: StarlarkObject,
  depth: number,
): boolean {
  if (x instanceof List) return sliceCompare(op, x.elems, (y as List).elems, depth);
  if (x instanceof Tuple) return sliceCompare(op, x.elems, (y as Tuple).elems, depth);
  if (x instanceof Dict) {
    if (op === '==') return dictsEqual(x, y as Dict, depth);
    if (op === '!=') return !dictsEqual(x, y as Dict, depth);
  } else if (x instanceof Bytes) {
    return threeway(op, stringCompare(x.data, (y as Bytes).data));
  } else if (x instanceof Set) {
    return setCompare(op, x, y as Set);
  } else if (x instanceof Range) {
    if (op === '==') return rangesEqual(x, y as Range);
    if (op === '!=') return !rangesEqual(x, y as Range);
  } else {
    return x.compareSameType(op, y, depth);
  }
  throw new StarlarkError(`${x.type} ${op} ${y.type} not implemented`);
}

function sliceCompare(
  op: CompareOperator,
  x: readonly Value[],
  y: readonly Value[],
  depth: number,
): boolean {
  if (x.length !== y.length && (op === '==' || op === '!=')) return op === '!=';
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const a = x[i]!;
    const b = y[i]!;
    if (!elementEquals(a, b, depth)) {
      if (op === '==') return false;
      if (op === '!=') return true;
      return compareDepth(op, a, b, depth - 1);
    }
  }
  return threeway(op, x.length - y.length);
}

function dictsEqual(x: Dict, y: Dict, depth: number): boolean {
  if (x.size !== y.size) return false;
  // Dicts built alike (a reconciler's desired and observed objects) keep their keys in the same
  // order: each key is looked for first at its own position in y.
  const pairs = x.rawPairs;
  for (let i = 0; i < pairs.length; i += 2) {
    const k = pairs[i] as HashKey;
    if (isHole(k)) continue;
    const xv = pairs[i + 1] as Value;
    const yv = y.getByHashKeyAt(k, i);
    if (yv === undefined || !elementEquals(xv, yv, depth)) return false;
  }
  return true;
}

/**
 * a == b for elements of containers compared at depth. Nested dicts and lists (a manifest's
 * fields) go straight to their comparison instead of through compareDepth's dispatch on type.
 */
function elementEquals(a: Value, b: Value, depth: number): boolean {
  if (depth > 1) {
    if (a === b && typeof a !== 'object') return true;
    if (a instanceof Dict && b instanceof Dict) return dictsEqual(a, b, depth - 1);
    if (a instanceof List && b instanceof List)
      return sliceCompare('==', a.elems, b.elems, depth - 1);
  }
  return compareDepth('==', a, b, depth - 1);
}

function setCompare(op: CompareOperator, x: Set, y: Set): boolean {
  switch (op) {
    case '==':
      return x.size === y.size && isSubset(x, y);
    case '!=':
      return !(x.size === y.size && isSubset(x, y));
    case '<=':
      return x.size <= y.size && isSubset(x, y);
    case '<':
      return x.size < y.size && isSubset(x, y);
    case '>=':
      return x.size >= y.size && isSubset(y, x);
    case '>':
      return x.size > y.size && isSubset(y, x);
  }
}

/** Whether every element of x is in y. */
function isSubset(x: Set, y: Set): boolean {
  if (x === y) return true;
  for (const k of x.elems.keys()) if (!y.elems.has(k)) return false;
  return true;
}

function rangesEqual(x: Range, y: Range): boolean {
  // Two ranges are equal if they denote the same sequence.
  if (x.len !== y.len) return false;
  if (x.len === 0) return true;
  if (x.start !== y.start) return false;
  return x.len === 1 || x.step === y.step;
}
