/**
 * Values crossing between Starlark (in the worker) and the host's builtins (in the host
 * process). Only data crosses — never a function, a class instance or anything else that could
 * carry behaviour — and both directions refuse cyclic values with a Starlark error instead of
 * recursing forever.
 *
 * To the host, `plain`: None → null, bool, int → number (bigint beyond 2^53), float → number,
 * str → text (UTF-8 decoded), bytes → Uint8Array, list/tuple/set → array, dict → object when
 * every key is a str (else a Map), struct and module → object of their fields.
 * `json` is what Kubernetes objects are made of: None, bool, int, float, str, list and dicts with
 * str keys; anything else (a tuple, a set, bytes, a function…) is an error naming where it is.
 *
 * From the host: null/undefined → None, booleans, numbers (integral → int, else float), bigint →
 * int, strings → str, Uint8Array → bytes, arrays → list, Maps and plain objects → dict.
 */
import {
  StarlarkError,
  attrNames,
  getAttr,
  decodeUtf8,
  encodeUtf8,
  type StarlarkObject,
  Bytes,
  Dict,
  Float,
  List,
  None,
  Set,
  Tuple,
  typeName,
  type Value,
} from '../../starlark/index';
import type { ValueMode } from '../protocol';

/** A Starlark value as the host's builtins receive it. `where` names it in errors ("obj"). */
export function toHost(v: Value, mode: ValueMode, where: string): unknown {
  return new ToHost(mode).convert(v, where);
}

class ToHost {
  private readonly open = new globalThis.Set<StarlarkObject>();
  constructor(private readonly mode: ValueMode) {}

  convert(v: Value, where: string): unknown {
    switch (typeof v) {
      case 'boolean':
      case 'number':
      case 'bigint':
        return v;
      case 'string':
        return decodeUtf8(v);
    }
    if (v === None) return null;
    if (v instanceof Float) {
      if (this.mode === 'json' && !Number.isFinite(v.value)) {
        throw new StarlarkError(`cannot convert ${where} to JSON: ${v.value} is not a JSON number`);
      }
      return v.value;
    }
    if (this.open.has(v)) throw new StarlarkError(`cannot convert ${where}: it contains itself`);
    this.open.add(v);
    try {
      return this.container(v, where);
    } finally {
      this.open.delete(v);
    }
  }

  private container(v: StarlarkObject, where: string): unknown {
    const json = this.mode === 'json';
    if (v instanceof List || (!json && (v instanceof Tuple || v instanceof Set))) {
      const elems = v instanceof Set ? v.values() : (v as List | Tuple).elems;
      return elems.map((e, i) => this.convert(e, `${where}[${i}]`));
    }
    if (v instanceof Dict) return this.dict(v, where);
    if (!json && v instanceof Bytes) return Uint8Array.from(v.data, (c) => c.charCodeAt(0));
    if (!json && isRecord(v)) {
      const out: Record<string, unknown> = {};
      for (const name of attrNames(v)) {
        define(out, decodeUtf8(name), this.convert(getAttr(v, name), `${where}.${name}`));
      }
      return out;
    }
    const what = json ? 'to JSON' : 'for the host';
    throw new StarlarkError(`cannot convert ${where} ${what}: ${typeName(v)} is not data`);
  }

  private dict(d: Dict, where: string): unknown {
    const items = d.items();
    if (items.every(([k]) => typeof k === 'string')) {
      const out: Record<string, unknown> = {};
      for (const [k, e] of items) {
        const key = decodeUtf8(k as string);
        define(out, key, this.convert(e, `${where}[${JSON.stringify(key)}]`));
      }
      return out;
    }
    if (this.mode === 'json') {
      const bad = items.find(([k]) => typeof k !== 'string')!;
      throw new StarlarkError(
        `cannot convert ${where} to JSON: a key is ${typeName(bad[0])}, not str`,
      );
    }
    const out = new Map<unknown, unknown>();
    for (const [k, e] of items) {
      out.set(this.convert(k, `${where} key`), this.convert(e, `${where}[…]`));
    }
    return out;
  }
}

/** Structs and modules: values whose attributes are data fields (not the methods of list, dict…). */
function isRecord(v: StarlarkObject): boolean {
  const t = v.type;
  return t === 'struct' || t === 'module';
}

/** Sets a property even when it is called `__proto__` (an own data property, never the prototype). */
function define(out: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A value a host builtin returned, as a Starlark value. `where` names the builtin in errors. */
export function fromHost(x: unknown, where: string): Value {
  return new FromHost(where).convert(x);
}

class FromHost {
  private readonly open = new globalThis.Set<object>();
  constructor(private readonly where: string) {}

  convert(x: unknown): Value {
    switch (typeof x) {
      case 'undefined':
        return None;
      case 'boolean':
        return x;
      case 'number':
        if (Number.isSafeInteger(x)) return x + 0;
        return Number.isInteger(x) ? BigInt(x) : new Float(x);
      case 'bigint':
        return Number.isSafeInteger(Number(x)) ? Number(x) : x;
      case 'string':
        return encodeUtf8(x);
      case 'object':
        if (x === null) return None;
        break;
      default:
        throw this.refuse(`a ${typeof x}`);
    }
    if (this.open.has(x)) throw this.refuse('a value that contains itself');
    this.open.add(x);
    try {
      return this.container(x);
    } finally {
      this.open.delete(x);
    }
  }

  private container(x: object): Value {
    if (Array.isArray(x)) return new List(x.map((e) => this.convert(e)));
    if (x instanceof Uint8Array) {
      let data = '';
      for (const b of x) data += String.fromCharCode(b);
      return new Bytes(data);
    }
    const d = new Dict();
    if (x instanceof Map) {
      for (const [k, v] of x) d.set(this.convert(k), this.convert(v));
      return d;
    }
    const proto: unknown = Object.getPrototypeOf(x);
    if (proto !== Object.prototype && proto !== null) throw this.refuse('an object of a class');
    for (const [k, v] of Object.entries(x)) d.set(encodeUtf8(k), this.convert(v));
    return d;
  }

  private refuse(what: string): StarlarkError {
    return new StarlarkError(
      `${this.where} returned ${what}, which cannot become a Starlark value`,
    );
  }
}
