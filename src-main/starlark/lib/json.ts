/**
 * The `json` module, as go.starlark.net's lib/json defines it: encode, decode and indent, with
 * byte-identical output and the same error messages.
 *
 * encode: None/True/False → null/true/false; ints in decimal; floats as Go's %g ("1e+06"),
 * non-finite floats are errors; strings as Go quotes them (printable ASCII as strconv.Quote,
 * anything else as encoding/json: HTML-safe \u escapes, invalid UTF-8 as \ufffd); dicts as
 * objects with sorted string keys; other iterables as arrays; values with attributes (structs,
 * modules) as objects of their sorted attributes. decode: the inverse, ints where the number has
 * no fraction or exponent, errors "at offset N".
 */
import { StarlarkError } from '../runtime/errors';
import { formatFloat, floatToStr } from '../runtime/format';
import { elements } from '../runtime/methods/args';
import { getAttr, repr } from '../runtime/ops';
import { decodeRune, encodeRune, isAscii } from '../runtime/strings';
import { unpackArgs, unpackPositional, wantString } from '../runtime/unpack';
import {
  Bytes,
  Dict,
  Float,
  List,
  None,
  normalizeInt,
  Range,
  Set,
  StarlarkObject,
  Tuple,
  typeName,
  isHole,
  type BuiltinFn,
  type HashKey,
  type Value,
} from '../runtime/value';
import { checkValid, indentJSON, quoteByteRune } from './jsonscan';
import { builtinModule } from './struct';

// ---------------------------------------------------------------------------------------------
// encode

const HEX = '0123456789abcdef';

/**
 * Whether s is printable ASCII other than " and \, which every quoting Go does here copies as is.
 * A loop rather than a regular expression: most strings are short, where a RegExp's call costs
 * more than the scan.
 */
function isPlainForJSON(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}

const printableAscii = /^[\x20-\x7f]*$/;

/** A JSON string literal for a Starlark string, as go.starlark.net's json.encode writes it. */
export function quoteJSON(s: string): string {
  if (isPlainForJSON(s)) return '"' + s + '"';
  if (printableAscii.test(s)) {
    // strconv.Quote: only ", \ and DEL need escaping here.
    let out = '"';
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x22 || c === 0x5c) out += '\\' + s[i];
      else if (c === 0x7f) out += '\\x7f';
      else out += s[i];
    }
    return out + '"';
  }
  // encoding/json with HTML escaping.
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length;) {
    const b = s.charCodeAt(i);
    if (b < 0x80) {
      if (b >= 0x20 && b !== 0x22 && b !== 0x5c && b !== 0x3c && b !== 0x3e && b !== 0x26) {
        i++;
        continue;
      }
      out += s.slice(start, i);
      switch (b) {
        case 0x22:
        case 0x5c:
          out += '\\' + s[i];
          break;
        case 0x08:
          out += '\\b';
          break;
        case 0x0c:
          out += '\\f';
          break;
        case 0x0a:
          out += '\\n';
          break;
        case 0x0d:
          out += '\\r';
          break;
        case 0x09:
          out += '\\t';
          break;
        default:
          out += '\\u00' + HEX[b >> 4] + HEX[b & 0xf];
      }
      start = ++i;
      continue;
    }
    const [c, size] = decodeRune(s, i);
    if (c === 0xfffd && size === 1) {
      out += s.slice(start, i) + '\\ufffd';
      start = ++i;
      continue;
    }
    if (c === 0x2028 || c === 0x2029) {
      out += s.slice(start, i) + '\\u202' + HEX[c & 0xf];
      i += size;
      start = i;
      continue;
    }
    i += size;
  }
  return out + s.slice(start) + '"';
}

class Encoder {
  out = '';
  private readonly path: object[] = [];

  emit(x: Value): void {
    switch (typeof x) {
      case 'string':
        this.out += quoteJSON(x);
        return;
      case 'number':
      case 'bigint':
        this.out += String(x);
        return;
      case 'boolean':
        this.out += x ? 'true' : 'false';
        return;
    }
    if (x === None) {
      this.out += 'null';
      return;
    }
    if (x instanceof Float) {
      if (!Number.isFinite(x.value)) {
        throw new StarlarkError(`cannot encode non-finite float ${floatToStr(x.value)}`);
      }
      this.out += formatFloat(x.value, 'g');
      return;
    }
    const path = this.path;
    for (let i = 0; i < path.length; i++) {
      if (path[i] === x) throw new StarlarkError('cycle in JSON structure');
    }
    // No pop on failure: an error abandons the whole encoding.
    path.push(x);
    if (x instanceof Dict) this.emitDict(x);
    else if (x instanceof List || x instanceof Tuple) this.emitArray(x.type, x.elems);
    else if (x instanceof Set || x instanceof Range) this.emitArray(x.type, elements(x)!);
    else if (x instanceof Bytes) this.emitAttrs(x, ['elems']);
    else {
      const elems = elements(x);
      if (elems !== undefined) this.emitArray(x.type, elems);
      else if (x.attrNames().length > 0 || hasAttrs(x)) this.emitAttrs(x, [...x.attrNames()]);
      else throw new StarlarkError(`cannot encode ${x.type} as JSON`);
    }
    path.pop();
  }

  private emitDict(d: Dict): void {
    // The positions of the entries in d's pair array, in key order: no lookups, and no sort
    // when the keys are in order already (a decoded object, a dict built in order).
    const pairs = d.rawPairs;
    const order: number[] = [];
    let inOrder = true;
    let prev = '';
    for (let i = 0; i < pairs.length; i += 2) {
      const k = pairs[i];
      if (isHole(k)) continue;
      if (typeof k !== 'string') {
        throw new StarlarkError(
          `${d.type} has ${typeName(d.keyOf(k as HashKey))} key, want string`,
        );
      }
      if (order.length > 0 && k < prev) inOrder = false;
      prev = k;
      order.push(i);
    }
    // Code-unit order, which is byte order for byte strings; keys are distinct.
    if (!inOrder) order.sort((a, b) => ((pairs[a] as string) < (pairs[b] as string) ? -1 : 1));
    this.out += '{';
    for (let n = 0; n < order.length; n++) {
      const i = order[n]!;
      const k = pairs[i] as string;
      if (n > 0) this.out += ',';
      this.out += quoteJSON(k) + ':';
      try {
        this.emit(pairs[i + 1] as Value);
      } catch (e) {
        throw within(e, () => `in ${d.type} key ${repr(k)}: `);
      }
    }
    this.out += '}';
  }

  private emitArray(type: string, elems: readonly Value[]): void {
    this.out += '[';
    for (let i = 0; i < elems.length; i++) {
      if (i > 0) this.out += ',';
      try {
        this.emit(elems[i]!);
      } catch (e) {
        throw within(e, () => `at ${type} index ${i}: `);
      }
    }
    this.out += ']';
  }

  private emitAttrs(x: StarlarkObject, names: string[]): void {
    names.sort();
    this.out += '{';
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      let v: Value;
      try {
        v = getAttr(x, name);
      } catch (e) {
        const msg = e instanceof StarlarkError ? e.message : String(e);
        throw new StarlarkError(`cannot access attribute ${x.type}.${name}: ${msg}`);
      }
      if (i > 0) this.out += ',';
      this.out += quoteJSON(name) + ':';
      try {
        this.emit(v);
      } catch (e) {
        throw within(e, () => `in field .${name}: `);
      }
    }
    this.out += '}';
  }
}

/** An error from inside a container, its message prefixed with where (computed only on failure). */
function within(e: unknown, where: () => string): unknown {
  return e instanceof StarlarkError ? new StarlarkError(where() + e.message) : e;
}

/** Whether a value exposes fields (go.starlark.net's HasAttrs), even when it has none now. */
function hasAttrs(x: StarlarkObject): boolean {
  return x.getAttr !== StarlarkObject.prototype.getAttr;
}

/** json.encode(x) */
const encode: BuiltinFn = (_thread, args, kwargs) => {
  const [x] = unpackPositional('json.encode', args, kwargs, 1, 1);
  const e = new Encoder();
  try {
    e.emit(x!);
  } catch (err) {
    if (err instanceof StarlarkError) throw new StarlarkError(`json.encode: ${err.message}`);
    throw err;
  }
  return e.out;
};

// ---------------------------------------------------------------------------------------------
// decode

class DecodeFailure {
  constructor(readonly msg: string) {}
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Go's strconv.ParseFloat syntax for the decimal forms json.decode can meet. */
const floatSyntax = /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/;

class Decoder {
  i = 0;
  /** Whether the input is all ASCII: then a string literal without a backslash is its own value. */
  private readonly ascii: boolean;
  /** The offset of the first backslash at or after the last string literal seen, or s.length. */
  private backslash = -1;

  constructor(readonly s: string) {
    this.ascii = isAscii(s);
  }

  fail(msg: string): never {
    throw new DecodeFailure(msg);
  }

  /** Skips white space; whether input remains. */
  skipSpace(): boolean {
    const s = this.s;
    for (; this.i < s.length; this.i++) {
      const b = s.charCodeAt(this.i);
      if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return true;
    }
    return false;
  }

  next(): number {
    const b = this.s.charCodeAt(this.i); // NaN at the end
    if (b > 0x20) return b;
    if (this.skipSpace()) return this.s.charCodeAt(this.i);
    return this.fail('unexpected end of file');
  }

  parse(): Value {
    const s = this.s;
    const b = this.next();
    switch (b) {
      case 0x22:
        return this.string();
      case 0x6e:
        if (s.startsWith('null', this.i)) {
          this.i += 4;
          return None;
        }
        break;
      case 0x74:
        if (s.startsWith('true', this.i)) {
          this.i += 4;
          return true;
        }
        break;
      case 0x66:
        if (s.startsWith('false', this.i)) {
          this.i += 5;
          return false;
        }
        break;
      case 0x5b:
        return this.array();
      case 0x7b:
        return this.object();
      default:
        if (isDigit(b) || b === 0x2d) return this.number();
    }
    return this.fail(`unexpected character ${quoteByteRune(b)}`);
  }

  private string(): Value {
    const s = this.s;
    if (this.ascii) {
      // The closing quote is the first one, unless a backslash comes before it.
      const start = this.i;
      const end = s.indexOf('"', start + 1);
      if (this.backslash < start) {
        const b = s.indexOf('\\', start);
        this.backslash = b < 0 ? s.length : b;
      }
      if (end >= 0 && end < this.backslash) {
        this.i = end + 1;
        return s.slice(start + 1, end);
      }
    }
    let safe = true;
    let closed = false;
    let j = this.i + 1;
    for (; j < s.length; j++) {
      const b = s.charCodeAt(j);
      if (b === 0x5c) {
        safe = false;
        j++;
      } else if (b === 0x22) {
        closed = true;
        j++;
        break;
      } else if (b >= 0x80) {
        safe = false;
      }
    }
    if (!closed) this.fail('unclosed string literal');
    const literal = s.slice(this.i, j);
    this.i = j;
    if (safe) return literal.slice(1, -1);
    const err = checkValid(literal);
    if (err !== undefined) this.fail(err);
    return unquote(literal);
  }

  private array(): Value {
    const elems: Value[] = [];
    this.i++;
    let b = this.next();
    if (b !== 0x5d) {
      for (;;) {
        elems.push(this.parse());
        b = this.next();
        if (b !== 0x2c) {
          if (b !== 0x5d) this.fail(`got ${quoteByteRune(b)}, want ',' or ']'`);
          break;
        }
        this.i++;
      }
    }
    this.i++;
    return new List(elems);
  }

  private object(): Value {
    const dict = new Dict();
    this.i++;
    let b = this.next();
    if (b !== 0x7d) {
      for (;;) {
        const key = this.parse();
        if (typeof key !== 'string') this.fail(`got ${typeName(key)} for object key, want string`);
        b = this.next();
        if (b !== 0x3a) this.fail(`after object key, got ${quoteByteRune(b)}, want ':' `);
        this.i++;
        const value = this.parse();
        dict.set(key, value);
        b = this.next();
        if (b !== 0x2c) {
          if (b !== 0x7d) this.fail(`in object, got ${quoteByteRune(b)}, want ',' or '}'`);
          break;
        }
        this.i++;
      }
    }
    this.i++;
    return dict;
  }

  private number(): Value {
    const s = this.s;
    let isFloat = false;
    let j = this.i + 1;
    for (; j < s.length; j++) {
      const b = s.charCodeAt(j);
      if (isDigit(b)) continue;
      if (b === 0x2e || b === 0x65 || b === 0x45 || b === 0x2b || b === 0x2d) isFloat = true;
      else break;
    }
    const num = s.slice(this.i, j);
    this.i = j;
    const digits = num[0] === '-' ? num.slice(1) : num;
    if (
      digits === '' ||
      (digits[0] === '0' && digits.length > 1 && isDigit(digits.charCodeAt(1)))
    ) {
      this.fail(`invalid number: ${num}`);
    }
    if (isFloat) {
      const x = floatSyntax.test(num) ? Number(num) : NaN;
      if (!Number.isFinite(x)) this.fail(`invalid number: ${num}`);
      return new Float(x);
    }
    if (!/^-?[0-9]+$/.test(num)) this.fail(`invalid number: ${num}`);
    if (num.length < 16) return Number(num) + 0; // + 0: "-0" is the int 0
    return normalizeInt(BigInt(num));
  }
}

/** Decodes a valid JSON string literal to a Starlark byte string (encoding/json's unquote). */
function unquote(literal: string): string {
  const s = literal.slice(1, -1);
  let out = '';
  for (let i = 0; i < s.length;) {
    const c = s.charCodeAt(i);
    if (c === 0x5c) {
      const e = s[i + 1]!;
      i += 2;
      switch (e) {
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          let r = parseInt(s.slice(i, i + 4), 16);
          i += 4;
          if (r >= 0xd800 && r < 0xe000) {
            // A high surrogate followed by \u and a low one is one code point; else U+FFFD.
            const lo = s[i] === '\\' && s[i + 1] === 'u' ? parseInt(s.slice(i + 2, i + 6), 16) : -1;
            if (r < 0xdc00 && lo >= 0xdc00 && lo < 0xe000) {
              r = 0x10000 + ((r - 0xd800) << 10) + (lo - 0xdc00);
              i += 6;
            } else {
              r = 0xfffd;
            }
          }
          out += encodeRune(r);
          break;
        }
        default:
          out += e; // " \ /
      }
      continue;
    }
    if (c < 0x80) {
      out += s[i];
      i++;
      continue;
    }
    const [r, size] = decodeRune(s, i);
    out += r === 0xfffd && size === 1 ? '\xef\xbf\xbd' : s.slice(i, i + size);
    i += size;
  }
  return out;
}

/** json.decode(x, default=unset) */
const decode: BuiltinFn = (_thread, args, kwargs) => {
  const [x, dflt] = unpackArgs('json.decode', args, kwargs, [['x', wantString], 'default?']);
  if (args.length < 1) throw new StarlarkError('json.decode: unexpected keyword argument x');
  const d = new Decoder(x as string);
  try {
    const v = d.parse();
    if (d.skipSpace())
      d.fail(`unexpected character ${quoteByteRune(d.s.charCodeAt(d.i))} after value`);
    return v;
  } catch (e) {
    if (!(e instanceof DecodeFailure)) throw e;
    if (dflt !== undefined) return dflt;
    throw new StarlarkError(`json.decode: at offset ${d.i}, ${e.msg}`);
  }
};

// ---------------------------------------------------------------------------------------------
// indent

/** json.indent(str, *, prefix="", indent="\t") */
const indent: BuiltinFn = (_thread, args, kwargs) => {
  const [prefix, ind] = unpackArgs('json.indent', [], kwargs, [
    ['prefix?', wantString],
    ['indent?', wantString],
  ]);
  const [str] = unpackPositional('json.indent', args, [], 1, 1, [wantString]);
  try {
    return indentJSON(
      str as string,
      (prefix as string | undefined) ?? '',
      (ind as string | undefined) ?? '\t',
    );
  } catch (e) {
    if (e instanceof StarlarkError) throw new StarlarkError(`json.indent: ${e.message}`);
    throw e;
  }
};

export const json = builtinModule('json', true, { encode, decode, indent });
