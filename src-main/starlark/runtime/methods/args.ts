/**
 * Argument helpers shared by the method tables, with go.starlark.net's conversions and messages
 * (indices, nameErr). Type checks shared with the universe builtins live in builtins.ts.
 */
import { StarlarkError } from '../errors';
import { asInt32, toArray } from '../ops';
import { List, None, Tuple, type Value } from '../value';

export { isIterable, wantInt64, wantIterable } from '../builtins';

/** An int that passed wantInt64, as a JS number (ints beyond 2^53 lose precision harmlessly). */
export function int64(v: Value | undefined, dflt: number): number {
  return v === undefined ? dflt : Number(v as number | bigint);
}

function asIndex(v: Value | undefined, len: number, dflt: number): number {
  if (v === undefined || v === None) return dflt;
  const i = asInt32(v);
  return i < 0 ? i + len : i;
}

/**
 * go.starlark.net's indices: optional start and end (None = absent) as offsets clamped to
 * [0, len]; negative values count from the end. Start may exceed end.
 */
export function indices(
  start: Value | undefined,
  end: Value | undefined,
  len: number,
): [number, number] {
  let s: number;
  try {
    s = asIndex(start, len, 0);
  } catch (e) {
    throw prefixed('invalid start index: ', e);
  }
  s = s < 0 ? 0 : s > len ? len : s;
  let t: number;
  try {
    t = asIndex(end, len, len);
  } catch (e) {
    throw prefixed('invalid end index: ', e);
  }
  t = t < 0 ? 0 : t > len ? len : t;
  return [s, t];
}

/** An error with `prefix` put before a StarlarkError's message (other errors pass through). */
export function prefixed(prefix: string, e: unknown): unknown {
  return e instanceof StarlarkError ? new StarlarkError(prefix + e.message) : e;
}

/** Runs f, putting "name: " before the message of any StarlarkError it throws (go's nameErr). */
export function named<T>(name: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw prefixed(name + ': ', e);
  }
}

/**
 * The elements of an iterable value, in iteration order, or undefined when v is not iterable.
 * With `mayShare`, a list's or tuple's own array comes back (the caller must not keep or change it).
 */
export function elements(v: Value, mayShare = false): Value[] | undefined {
  if (mayShare && (v instanceof List || v instanceof Tuple)) return v.elems;
  return toArray(v);
}
