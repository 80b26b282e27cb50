/**
 * Values crossing between Starlark and Kubernetes, as Choreo converts them
 * (CHOREO.md, "Builtins"): dict → object, list → array, int/float/bool/string as JSON, and None
 * written as "" (a compatibility quirk). Tuples, sets and other values are rejected with the
 * path of the offending value.
 */
import {
  decodeUtf8,
  Dict,
  Float,
  List,
  None,
  StarlarkError,
  toStarlark,
  typeName,
  type Value,
} from '../../starlark/index';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A Kubernetes object (or any JSON) as a Starlark value: a fresh, mutable dict. */
export function jsonToStarlark(value: unknown): Value {
  return toStarlark(value);
}

const maxInt64 = 2n ** 63n - 1n;
const minInt64 = -(2n ** 63n);

/** A Starlark value as JSON for Kubernetes; throws a StarlarkError naming the path. */
export function starlarkToJson(value: Value, path = ''): Json {
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'number':
      return value;
    case 'bigint':
      if (value > maxInt64 || value < minInt64)
        throw new StarlarkError(`${where(path)}integer out of range`);
      return Number(value);
    case 'string':
      return decodeUtf8(value);
  }
  if (value === None) return '';
  if (value instanceof Float) return value.value;
  if (value instanceof List) return value.elems.map((v, i) => starlarkToJson(v, `${path}[${i}]`));
  if (value instanceof Dict) {
    const out: JsonObject = {};
    for (const [k, v] of value.items()) {
      if (typeof k !== 'string')
        throw new StarlarkError(`${where(path)}dict key is not a string: ${typeName(k)}`);
      const key = decodeUtf8(k);
      Object.defineProperty(out, key, {
        value: starlarkToJson(v, path ? `${path}.${key}` : key),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  throw new StarlarkError(`${where(path)}unsupported starlark type: ${typeName(value)}`);
}

/** A Starlark dict as a JSON object (the shape every object argument must have). */
export function starlarkToObject(value: Value, what: string): JsonObject {
  if (!(value instanceof Dict))
    throw new StarlarkError(
      `${what}: expected dict value to convert to an object, got ${typeName(value)}`,
    );
  return starlarkToJson(value) as JsonObject;
}

function where(path: string): string {
  return path ? `${path}: ` : '';
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A deep copy of JSON data. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}
