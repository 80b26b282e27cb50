/**
 * A JSON syntax checker with the error messages of Go's encoding/json scanner ("invalid character
 * 'x' after object key"), which json.indent and the string unquoting in json.decode report, and
 * Go's json.Indent layout on top of it. It works on Starlark byte strings, one byte per char code.
 */
import { StarlarkError } from '../runtime/errors';

/** What a byte means to the layout: punctuation it must space, or text it copies. */
const enum Scan {
  Continue,
  BeginLiteral,
  BeginObject,
  ObjectKey,
  ObjectValue,
  EndObject,
  BeginArray,
  ArrayValue,
  EndArray,
  SkipSpace,
  End,
  Error,
}

const enum Parse {
  ObjectKey,
  ObjectValue,
  ArrayValue,
}

const maxNestingDepth = 10000;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Go's strconv.QuoteRune of a byte value, as fmt's %q prints a byte. */
export function quoteByteRune(c: number): string {
  if (c === 0x27 || c === 0x5c) return "'\\" + String.fromCharCode(c) + "'";
  const escapes: Record<number, string> = {
    7: '\\a',
    8: '\\b',
    12: '\\f',
    10: '\\n',
    13: '\\r',
    9: '\\t',
    11: '\\v',
  };
  if (escapes[c]) return `'${escapes[c]}'`;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`;
  if (c < 0x7f) return `'${String.fromCharCode(c)}'`;
  // Latin-1: C1 controls, NBSP and the soft hyphen are not printable in Go.
  if (c < 0xa0 || c === 0xa0 || c === 0xad) return `'\\u${c.toString(16).padStart(4, '0')}'`;
  return `'${String.fromCharCode(0xc0 | (c >> 6), 0x80 | (c & 0x3f))}'`;
}

/** encoding/json's quoteChar, for scanner errors, quotes a byte as QuoteRune does. */
const quoteChar = quoteByteRune;

type Step = (s: Scanner, c: number) => Scan;

/** encoding/json's scanner: feed bytes with step, then call eof. */
export class Scanner {
  step: Step = beginValue;
  private parseState: Parse[] = [];
  endTop = false;
  err: string | undefined;

  error(c: number, context: string): Scan {
    this.step = stepError;
    this.err = `invalid character ${quoteChar(c)} ${context}`;
    return Scan.Error;
  }

  push(c: number, next: Step, p: Parse): Scan {
    this.parseState.push(p);
    if (this.parseState.length > maxNestingDepth) return this.error(c, 'exceeded max depth');
    this.step = next;
    return Scan.Continue;
  }

  pop(): void {
    this.parseState.pop();
    if (this.parseState.length === 0) {
      this.step = endTop;
      this.endTop = true;
    } else {
      this.step = endValue;
    }
  }

  top(): Parse | undefined {
    return this.parseState[this.parseState.length - 1];
  }

  setTop(p: Parse): void {
    this.parseState[this.parseState.length - 1] = p;
  }

  /** Ends the input; returns the error message, if any. */
  eof(): string | undefined {
    if (this.err !== undefined) return this.err;
    if (this.endTop) return undefined;
    this.step(this, 0x20);
    if (this.endTop) return undefined;
    this.err ??= 'unexpected end of JSON input';
    return this.err;
  }
}

function stepError(): Scan {
  return Scan.Error;
}

function beginValueOrEmpty(s: Scanner, c: number): Scan {
  if (isSpace(c)) return Scan.SkipSpace;
  if (c === 0x5d) return endValue(s, c);
  return beginValue(s, c);
}

function beginValue(s: Scanner, c: number): Scan {
  if (isSpace(c)) return Scan.SkipSpace;
  switch (c) {
    case 0x7b: // {
      return s.push(c, beginStringOrEmpty, Parse.ObjectKey) === Scan.Error
        ? Scan.Error
        : Scan.BeginObject;
    case 0x5b: // [
      return s.push(c, beginValueOrEmpty, Parse.ArrayValue) === Scan.Error
        ? Scan.Error
        : Scan.BeginArray;
    case 0x22:
      s.step = inString;
      return Scan.BeginLiteral;
    case 0x2d: // -
      s.step = neg;
      return Scan.BeginLiteral;
    case 0x30:
      s.step = zero;
      return Scan.BeginLiteral;
    case 0x74: // t
      s.step = literal('true', 1);
      return Scan.BeginLiteral;
    case 0x66: // f
      s.step = literal('false', 1);
      return Scan.BeginLiteral;
    case 0x6e: // n
      s.step = literal('null', 1);
      return Scan.BeginLiteral;
  }
  if (c >= 0x31 && c <= 0x39) {
    s.step = one;
    return Scan.BeginLiteral;
  }
  return s.error(c, 'looking for beginning of value');
}

function beginStringOrEmpty(s: Scanner, c: number): Scan {
  if (isSpace(c)) return Scan.SkipSpace;
  if (c === 0x7d) {
    s.setTop(Parse.ObjectValue);
    return endValue(s, c);
  }
  return beginString(s, c);
}

function beginString(s: Scanner, c: number): Scan {
  if (isSpace(c)) return Scan.SkipSpace;
  if (c === 0x22) {
    s.step = inString;
    return Scan.BeginLiteral;
  }
  return s.error(c, 'looking for beginning of object key string');
}

function endValue(s: Scanner, c: number): Scan {
  const ps = s.top();
  if (ps === undefined) {
    s.step = endTop;
    s.endTop = true;
    return endTop(s, c);
  }
  if (isSpace(c)) {
    s.step = endValue;
    return Scan.SkipSpace;
  }
  switch (ps) {
    case Parse.ObjectKey:
      if (c === 0x3a) {
        s.setTop(Parse.ObjectValue);
        s.step = beginValue;
        return Scan.ObjectKey;
      }
      return s.error(c, 'after object key');
    case Parse.ObjectValue:
      if (c === 0x2c) {
        s.setTop(Parse.ObjectKey);
        s.step = beginString;
        return Scan.ObjectValue;
      }
      if (c === 0x7d) {
        s.pop();
        return Scan.EndObject;
      }
      return s.error(c, 'after object key:value pair');
    case Parse.ArrayValue:
      if (c === 0x2c) {
        s.step = beginValue;
        return Scan.ArrayValue;
      }
      if (c === 0x5d) {
        s.pop();
        return Scan.EndArray;
      }
      return s.error(c, 'after array element');
  }
}

function endTop(s: Scanner, c: number): Scan {
  if (!isSpace(c)) s.error(c, 'after top-level value');
  return Scan.End;
}

function inString(s: Scanner, c: number): Scan {
  if (c === 0x22) {
    s.step = endValue;
    return Scan.Continue;
  }
  if (c === 0x5c) {
    s.step = inStringEsc;
    return Scan.Continue;
  }
  if (c < 0x20) return s.error(c, 'in string literal');
  return Scan.Continue;
}

function inStringEsc(s: Scanner, c: number): Scan {
  switch (c) {
    case 0x62: // b
    case 0x66: // f
    case 0x6e: // n
    case 0x72: // r
    case 0x74: // t
    case 0x5c:
    case 0x2f:
    case 0x22:
      s.step = inString;
      return Scan.Continue;
    case 0x75: // u
      s.step = hexDigit(4);
      return Scan.Continue;
  }
  return s.error(c, 'in string escape code');
}

function hexDigit(remaining: number): Step {
  return (s, c) => {
    if (!isHex(c)) return s.error(c, 'in \\u hexadecimal character escape');
    s.step = remaining > 1 ? hexDigit(remaining - 1) : inString;
    return Scan.Continue;
  };
}

function neg(s: Scanner, c: number): Scan {
  if (c === 0x30) {
    s.step = zero;
    return Scan.Continue;
  }
  if (c >= 0x31 && c <= 0x39) {
    s.step = one;
    return Scan.Continue;
  }
  return s.error(c, 'in numeric literal');
}

function one(s: Scanner, c: number): Scan {
  if (isDigit(c)) return Scan.Continue;
  return zero(s, c);
}

function zero(s: Scanner, c: number): Scan {
  if (c === 0x2e) {
    s.step = dot;
    return Scan.Continue;
  }
  if (c === 0x65 || c === 0x45) {
    s.step = exp;
    return Scan.Continue;
  }
  return endValue(s, c);
}

function dot(s: Scanner, c: number): Scan {
  if (isDigit(c)) {
    s.step = dot0;
    return Scan.Continue;
  }
  return s.error(c, 'after decimal point in numeric literal');
}

function dot0(s: Scanner, c: number): Scan {
  if (isDigit(c)) return Scan.Continue;
  if (c === 0x65 || c === 0x45) {
    s.step = exp;
    return Scan.Continue;
  }
  return endValue(s, c);
}

function exp(s: Scanner, c: number): Scan {
  if (c === 0x2b || c === 0x2d) {
    s.step = expSign;
    return Scan.Continue;
  }
  return expSign(s, c);
}

function expSign(s: Scanner, c: number): Scan {
  if (isDigit(c)) {
    s.step = exp0;
    return Scan.Continue;
  }
  return s.error(c, 'in exponent of numeric literal');
}

function exp0(s: Scanner, c: number): Scan {
  if (isDigit(c)) return Scan.Continue;
  return endValue(s, c);
}

/** The states inside true, false and null: byte i of the word comes next. */
function literal(word: string, i: number): Step {
  return (s, c) => {
    if (c !== word.charCodeAt(i)) {
      return s.error(c, `in literal ${word} (expecting '${word[i]}')`);
    }
    s.step = i + 1 < word.length ? literal(word, i + 1) : endValue;
    return Scan.Continue;
  };
}

/** The syntax error of a JSON text, or undefined when it is valid. */
export function checkValid(data: string): string | undefined {
  const s = new Scanner();
  for (let i = 0; i < data.length; i++) {
    if (s.step(s, data.charCodeAt(i)) === Scan.Error) return s.err;
  }
  return s.eof();
}

/** Go's json.Indent: one element per line, prefix and indent before each; {} and [] stay empty. */
export function indentJSON(src: string, prefix: string, indent: string): string {
  const s = new Scanner();
  let out = '';
  let needIndent = false;
  let depth = 0;
  const newline = (d: number) => '\n' + prefix + indent.repeat(Math.max(d, 0));
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    const v = s.step(s, c);
    if (v === Scan.SkipSpace) continue;
    if (v === Scan.Error) break;
    if (needIndent && v !== Scan.EndObject && v !== Scan.EndArray) {
      needIndent = false;
      depth++;
      out += newline(depth);
    }
    if (v === Scan.Continue) {
      out += src[i];
      continue;
    }
    switch (c) {
      case 0x7b:
      case 0x5b:
        needIndent = true;
        out += src[i];
        break;
      case 0x2c:
        out += ',' + newline(depth);
        break;
      case 0x3a:
        out += ': ';
        break;
      case 0x7d:
      case 0x5d:
        if (needIndent) needIndent = false;
        else {
          depth--;
          out += newline(depth);
        }
        out += src[i];
        break;
      default:
        out += src[i];
    }
  }
  const err = s.eof();
  if (err !== undefined) throw new StarlarkError(err);
  return out;
}
