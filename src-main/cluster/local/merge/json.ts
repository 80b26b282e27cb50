/**
 * JSON values as the API machinery sees them, and the few Go behaviours that leak into what a
 * client observes: byte order of strings (Go compares UTF-8 bytes, JavaScript UTF-16 units), Go's
 * JSON string escaping (encoding/json and json-iterator escape <, > and & as \u003c…), and
 * `%q` quoting in messages.
 */

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Kubernetes' kind names for a value, as its errors print them. */
export function typeName(v: Json | undefined): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/**
 * Go's strings.Compare: byte order of UTF-8, which is code point order. UTF-16 order differs only
 * where a surrogate (a code point above U+FFFF) meets U+E000…U+FFFF.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      if (x <= 0xdfff) x += 0x10000;
      if (y <= 0xdfff) y += 0x10000;
    }
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

export function deepEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  let count = 0;
  for (const k in a) {
    if (!(k in b)) return false;
    if (!deepEqual(a[k], b[k])) return false;
    count++;
  }
  for (const _ in b) count--;
  return count === 0;
}

/** A deep copy of plain JSON (no cycles). */
export function clone<T extends Json>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => clone(x)) as T;
  const out: JsonObject = {};
  for (const k in v) out[k] = clone(v[k]!);
  return out as T;
}

const escapes: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

// eslint-disable-next-line no-control-regex
const needsEscape = /["\\\u0000-\u001f<>&\u2028\u2029]/g;

/** A string as Go's encoding/json (and json-iterator's standard configuration) writes it. */
export function goJsonString(s: string): string {
  needsEscape.lastIndex = 0;
  if (!needsEscape.test(s)) return `"${s}"`;
  needsEscape.lastIndex = 0;
  return `"${s.replace(needsEscape, (c) => escapes[c] ?? `\\u00${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}"`;
}

/** A number as Go writes a JSON number (integers plainly, floats shortest). */
export function goJsonNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    // Go: strconv 'e' format with a two-digit exponent at least.
    return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(n);
}

/**
 * JSON as Go's encoder writes a decoded value: object keys sorted (Go maps), no spaces, Go's
 * string escaping. This is also a canonical form: equal values give equal strings.
 */
export function goJson(v: Json): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return goJsonString(v);
    case 'number':
      return goJsonNumber(v);
    case 'boolean':
      return v ? 'true' : 'false';
  }
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  const keys = Object.keys(v).sort(compareStrings);
  return `{${keys.map((k) => `${goJsonString(k)}:${goJson(v[k]!)}`).join(',')}}`;
}

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function goIsPrint(ch: string): boolean {
  return ch === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch);
}

/** Go's %q (strconv.Quote) for the strings that appear in messages. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c >= 0x80 && goIsPrint(ch)) out += ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else if (c === 11) out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c < 0x10000) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += `\\U${c.toString(16).padStart(8, '0')}`;
  }
  return out + '"';
}

/** Go's %v of a float64 or int: shortest representation, exponent for large/small magnitudes. */
export function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
    return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(n);
}

/**
 * structured-merge-diff's total order of values: numbers < strings < booleans < lists < maps <
 * null (numbers compared numerically across int and float).
 */
export function compareValues(a: Json, b: Json): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0:
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case 1:
      return compareStrings(a as string, b as string);
    case 2:
      return a === b ? 0 : a ? 1 : -1;
    case 3: {
      const x = a as Json[];
      const y = b as Json[];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compareValues(x[i]!, y[i]!);
        if (c !== 0) return c;
      }
      return x.length < y.length ? -1 : x.length > y.length ? 1 : 0;
    }
    case 4:
      return compareMaps(a as JsonObject, b as JsonObject);
    default:
      return 0;
  }
}

function rank(v: Json): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 2;
  if (Array.isArray(v)) return 3;
  if (v === null) return 5;
  return 4;
}

function compareMaps(a: JsonObject, b: JsonObject): number {
  const la = Object.keys(a).length;
  const lb = Object.keys(b).length;
  if (la === 0 && lb === 0) return 0;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareStrings);
  // As structured-merge-diff zips the two maps in key order: running out of keys first is less.
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    let c: number;
    if (i === la) c = -1;
    else if (i === lb) c = 1;
    else if (!(k in a)) c = 1;
    else if (!(k in b)) c = -1;
    else c = compareValues(a[k]!, b[k]!);
    if (c !== 0) return c;
  }
  return 0;
}

/** Go's %v of a decoded JSON value (`map[a:1 b:[x y]]`, `<nil>`). */
export function goV(v: Json | undefined): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') return goNumber(v);
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map(goV).join(' ')}]`;
  const keys = Object.keys(v).sort(compareStrings);
  return `map[${keys.map((k) => `${k}:${goV(v[k]!)}`).join(' ')}]`;
}
