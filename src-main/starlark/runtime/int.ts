/**
 * Exact integer arithmetic on the runtime's int representation: a JS number while the value is a
 * safe integer (|n| ≤ 2^53−1), a bigint beyond — always canonical (value.ts `normalizeInt`), so
 * equal ints are `===`. Every operation tries the number path first and falls back to BigInt
 * only when an operand is a bigint or the exact result would leave the safe range.
 */
import { StarlarkError } from './errors';
import { normalizeInt } from './value';

export type Int = number | bigint;

const MAX = Number.MAX_SAFE_INTEGER;
/** 2^31: below it, products, quotients and shifts of numbers stay exact in doubles. */
const SMALL = 0x80000000;

function big(x: Int): bigint {
  return typeof x === 'bigint' ? x : BigInt(x);
}

export function add(x: Int, y: Int): Int {
  if (typeof x === 'number' && typeof y === 'number') {
    const r = x + y;
    if (r <= MAX && r >= -MAX) return r;
  }
  return normalizeInt(big(x) + big(y));
}

export function sub(x: Int, y: Int): Int {
  if (typeof x === 'number' && typeof y === 'number') {
    const r = x - y;
    if (r <= MAX && r >= -MAX) return r;
  }
  return normalizeInt(big(x) - big(y));
}

export function mul(x: Int, y: Int): Int {
  if (typeof x === 'number' && typeof y === 'number') {
    // A rounded product that is still safe was exact: rounding never brings an unsafe
    // product back below 2^53.
    const r = x * y;
    if (r <= MAX && r >= -MAX) return r + 0; // + 0 turns -0 into 0
  }
  return normalizeInt(big(x) * big(y));
}

export function neg(x: Int): Int {
  return typeof x === 'number' ? 0 - x : normalizeInt(-x);
}

/** Floored division; y must not be zero. */
export function floorDiv(x: Int, y: Int): Int {
  if (typeof x === 'number' && typeof y === 'number' && x < SMALL && x > -SMALL) {
    return Math.floor(x / y) + 0;
  }
  const a = big(x);
  const b = big(y);
  let q = a / b;
  if (a < 0n !== b < 0n && q * b !== a) q -= 1n;
  return normalizeInt(q);
}

/** Floored modulo (the result has the sign of y); y must not be zero. */
export function mod(x: Int, y: Int): Int {
  if (typeof x === 'number' && typeof y === 'number') {
    // % is exact on doubles.
    let r = x % y;
    if (r !== 0 && r < 0 !== y < 0) r += y;
    return r + 0;
  }
  const a = big(x);
  const b = big(y);
  let r = a % b;
  if (r !== 0n && r < 0n !== b < 0n) r += b;
  return normalizeInt(r);
}

function isInt32(x: Int): x is number {
  return typeof x === 'number' && x < SMALL && x >= -SMALL;
}

export function and(x: Int, y: Int): Int {
  if (isInt32(x) && isInt32(y)) return x & y;
  return normalizeInt(big(x) & big(y));
}

export function or(x: Int, y: Int): Int {
  if (isInt32(x) && isInt32(y)) return x | y;
  return normalizeInt(big(x) | big(y));
}

export function xor(x: Int, y: Int): Int {
  if (isInt32(x) && isInt32(y)) return x ^ y;
  return normalizeInt(big(x) ^ big(y));
}

export function not(x: Int): Int {
  if (isInt32(x)) return ~x;
  return normalizeInt(~big(x));
}

/** x << n for 0 ≤ n (the caller checks the count). */
export function lsh(x: Int, n: number): Int {
  if (typeof x === 'number' && n < 31 && x < SMALL && x >= -SMALL) {
    const r = x * 2 ** n;
    if (r <= MAX && r >= -MAX) return r + 0;
  }
  return normalizeInt(big(x) << BigInt(n));
}

/** x >> n (arithmetic, floored) for 0 ≤ n. */
export function rsh(x: Int, n: number): Int {
  if (typeof x === 'number') {
    if (n >= 64) return x < 0 ? -1 : 0;
    return Math.floor(x / 2 ** n) + 0;
  }
  return normalizeInt(x >> BigInt(n));
}

export function sign(x: Int): number {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/** The float nearest to x (may be ±Infinity for huge ints). */
export function toFloat(x: Int): number {
  return Number(x);
}

/** The float nearest to x; an error if x is too large to be a finite float. */
export function finiteFloat(x: Int): number {
  const f = Number(x);
  if (f === Infinity || f === -Infinity)
    throw new StarlarkError('int too large to convert to float');
  return f;
}

/** The int value of a finite float, truncated toward zero. */
export function floatToInt(f: number): Int {
  const t = Math.trunc(f);
  if (t <= MAX && t >= -MAX) return t + 0;
  return normalizeInt(BigInt(t));
}

/** Three-way comparison of two ints. */
export function compareInts(x: Int, y: Int): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Exact three-way comparison of an int with a float, with NaN above everything (as
 * go.starlark.net orders floats). JS relational operators compare bigint with number exactly.
 */
export function compareIntFloat(x: Int, f: number): number {
  if (f !== f) return -1;
  return x < f ? -1 : x > f ? 1 : 0;
}

/** The int as an int32 (go.starlark.net's AsInt32), or the reason it is not one. */
export function int32Problem(x: Int): string | undefined {
  if (typeof x === 'number' && x <= 0x7fffffff && x >= -SMALL) return undefined;
  return `${x} out of range`;
}

/** Decimal text of an int. */
export function intToString(x: Int): string {
  return typeof x === 'number' ? String(x) : x.toString();
}
