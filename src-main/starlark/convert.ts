/**
 * Conversions between Starlark values and JSON-like JavaScript values, for hosts: reconciler
 * inputs and outputs, test fixtures, the workbench's views.
 *
 * To Starlark: null → None, booleans, numbers (integral → int, else float), bigint → int,
 * strings (text → UTF-8 byte string), arrays → list, plain objects → dict with str keys, Maps →
 * dict; Starlark values pass through unchanged. From Starlark: the inverse, with tuples and sets
 * as arrays, bytes as Uint8Array, ints beyond 2^53 as bigint, and values with fields (struct,
 * module) as plain objects.
 */
import { decodeUtf8, encodeUtf8 } from './runtime/strings';
import { repr } from './runtime/ops';
import {
  Bytes,
  Dict,
  Float,
  List,
  None,
  Set,
  StarlarkObject,
  Tuple,
  typeName,
  type Value,
} from './runtime/value';

/** A JSON-like JavaScript value as a Starlark value. */
export function toStarlark(x: unknown): Value {
  switch (typeof x) {
    case 'boolean':
      return x;
    case 'number':
      return Number.isSafeInteger(x) ? x + 0 : new Float(x);
    case 'bigint':
      return Number.isSafeInteger(Number(x)) && BigInt(Number(x)) === x ? Number(x) : x;
    case 'string':
      return encodeUtf8(x);
    case 'undefined':
      return None;
    case 'object': {
      if (x === null) return None;
      if (x instanceof StarlarkObject) return x;
      if (Array.isArray(x)) return new List(x.map(toStarlark));
      if (x instanceof Uint8Array) return new Bytes(String.fromCharCode(...x));
      const d = new Dict();
      if (x instanceof Map) {
        for (const [k, v] of x) d.set(toStarlark(k), toStarlark(v));
        return d;
      }
      for (const [k, v] of Object.entries(x)) d.set(encodeUtf8(k), toStarlark(v));
      return d;
    }
    default:
      throw new TypeError(`cannot convert a JavaScript ${typeof x} to a Starlark value`);
  }
}

/** A Starlark value as a JSON-like JavaScript value. Functions and other opaque values are an error. */
export function fromStarlark(v: Value): unknown {
  switch (typeof v) {
    case 'boolean':
    case 'number':
    case 'bigint':
      return v;
    case 'string':
      return decodeUtf8(v);
  }
  if (v === None) return null;
  if (v instanceof Float) return v.value;
  if (v instanceof List || v instanceof Tuple) return v.elems.map(fromStarlark);
  if (v instanceof Set) return v.values().map(fromStarlark);
  if (v instanceof Bytes) return Uint8Array.from(v.data, (c) => c.charCodeAt(0));
  if (v instanceof Dict) {
    const out: Record<string, unknown> = {};
    for (const [k, val] of v.items()) {
      const key = typeof k === 'string' ? decodeUtf8(k) : repr(k);
      Object.defineProperty(out, key, {
        value: fromStarlark(val),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  const names = v.attrNames();
  if (names.length > 0 && v.type !== 'builtin_function_or_method') {
    const out: Record<string, unknown> = {};
    for (const name of names) {
      const field = v.getAttr(name);
      if (field !== undefined) {
        Object.defineProperty(out, decodeUtf8(name), {
          value: fromStarlark(field),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
    }
    return out;
  }
  throw new TypeError(`cannot convert a Starlark ${typeName(v)} to a JSON-like value`);
}
