/**
 * The protobuf text format (https://protobuf.dev/reference/protobuf/textformat-spec/), for
 * proto.marshal_text and proto.unmarshal_text, laid out as Go's prototext writes it with a
 * two-space indent: one `name: value` per line, sub-messages as `name: {` … `}`, fields in
 * declaration order and extensions (`[full.name]`) after them by name, a final newline unless
 * the message is empty. Text is a byte string, as the engine's str values hold it.
 */
import type { StarlarkError } from '../../runtime/errors';
import { formatFloat } from '../../runtime/format';
import { decodeRune, encodeRune, isValidUtf8 } from '../../runtime/strings';
import type { FieldDescriptor, MessageDescriptor } from './descriptors';
import { MessageData, ProtoList, type ProtoScalar } from './message';
import { checkInitialized, protoError } from './wire';

// ---------------------------------------------------------------------------------------------
// Writing

type Written = 'none' | 'name' | 'scalar' | 'open' | 'close';

/** Lays out names, scalars and braces with Go's rules for where newlines and indents go. */
class TextWriter {
  out = '';
  private last: Written = 'none';
  private indent = '';

  private next(kind: Written): void {
    if (this.last === 'name') {
      this.out += ' ';
    } else if (this.last === 'open' && kind !== 'close') {
      this.indent += '  ';
      this.out += '\n' + this.indent;
    } else if (this.last === 'scalar' || this.last === 'close') {
      if (kind === 'close') this.indent = this.indent.slice(2);
      this.out += '\n' + this.indent;
    }
    this.last = kind;
  }
  name(s: string): void {
    this.next('name');
    this.out += s + ':';
  }
  scalar(s: string): void {
    this.next('scalar');
    this.out += s;
  }
  open(): void {
    this.next('open');
    this.out += '{';
  }
  close(): void {
    this.next('close');
    this.out += '}';
  }
}

/** The text form of a message, checking required fields (Go's prototext.Marshal). */
export function marshalText(data: MessageData): string {
  const w = new TextWriter();
  writeFields(w, data);
  checkInitialized(data);
  return w.out.length > 0 ? w.out + '\n' : '';
}

function writeFields(w: TextWriter, data: MessageData): void {
  const present = data.present();
  const fields = present
    .filter((e) => !e.field.isExtension)
    .sort((a, b) => a.field.position - b.field.position);
  const extensions = present
    .filter((e) => e.field.isExtension)
    .sort((a, b) => (a.field.fullName < b.field.fullName ? -1 : 1));
  for (const { field, value } of [...fields, ...extensions]) {
    const name = field.isExtension ? `[${field.fullName}]` : field.name;
    for (const x of value instanceof ProtoList ? value.elems : [value]) {
      w.name(name);
      writeValue(w, field, x);
    }
  }
}

function writeValue(w: TextWriter, f: FieldDescriptor, v: ProtoScalar): void {
  switch (f.kind) {
    case 'message':
      w.open();
      writeFields(w, v as MessageData);
      w.close();
      return;
    case 'string':
      if (f.syntax === 'proto3' && !isValidUtf8(v as string)) {
        throw protoError(`field ${f.fullName} contains invalid UTF-8`);
      }
      w.scalar(quoteText(v as string));
      return;
    case 'bytes':
      w.scalar(quoteText(v as string));
      return;
    case 'bool':
      w.scalar(v ? 'true' : 'false');
      return;
    case 'enum': {
      const value = f.enumType!.byNumber(v as number);
      w.scalar(value ? value.name : String(v));
      return;
    }
    case 'double':
      w.scalar(textFloat(v as number, 64));
      return;
    case 'float':
      w.scalar(textFloat(v as number, 32));
      return;
    default:
      w.scalar(String(v));
  }
}

/** Go's strconv.FormatFloat(x, 'g', -1, bits), with inf, -inf and nan. */
export function textFloat(x: number, bits: 32 | 64): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (bits === 32 && x !== 0) {
    // The shortest decimal that reads back as the same float32.
    for (let p = 1; p <= 9; p++) {
      const y = Number(x.toPrecision(p));
      if (Math.fround(y) === x) return formatFloat(y, 'g', -1);
    }
  }
  return formatFloat(x, 'g', -1);
}

/** A quoted text-format string: escapes for quotes, backslash, controls and invalid UTF-8. */
export function quoteText(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length;) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c === 0x22 || c === 0x5c) out += '\\' + s[i];
      else if (c === 0x0a) out += '\\n';
      else if (c === 0x0d) out += '\\r';
      else if (c === 0x09) out += '\\t';
      else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
      else out += s[i];
      i++;
      continue;
    }
    const [r, size] = decodeRune(s, i);
    if (r === 0xfffd && size === 1) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (r <= 0x9f) out += '\\u' + r.toString(16).padStart(4, '0');
    else out += s.slice(i, i + size);
    i += size;
  }
  return out + '"';
}

// ---------------------------------------------------------------------------------------------
// Reading

interface Token {
  kind: 'ident' | 'number' | 'string' | 'punct' | 'eof';
  /** The token's text as written (for strings, the decoded bytes are in `value`). */
  raw: string;
  value: string;
  pos: number;
}

class TextReader {
  private pos = 0;
  private peeked: Token | undefined;

  constructor(readonly text: string) {}

  /** "(line L:C)" of a byte offset. */
  where(pos: number): string {
    const before = this.text.slice(0, pos);
    const line = before.split('\n').length;
    const col = pos - (before.lastIndexOf('\n') + 1) + 1;
    return `(line ${line}:${col})`;
  }
  error(pos: number, msg: string): StarlarkError {
    return protoError(`${this.where(pos)}: ${msg}`);
  }
  syntaxError(pos: number, msg: string): StarlarkError {
    return protoError(`syntax error ${this.where(pos)}: ${msg}`);
  }

  peek(): Token {
    return (this.peeked ??= this.scan());
  }
  next(): Token {
    const t = this.peek();
    this.peeked = undefined;
    return t;
  }
  /** Consumes the punctuation if it comes next. */
  accept(p: string): boolean {
    const t = this.peek();
    if (t.kind === 'punct' && t.raw === p) {
      this.next();
      return true;
    }
    return false;
  }
  expect(p: string): void {
    const t = this.next();
    if (t.kind !== 'punct' || t.raw !== p) throw this.unexpected(t);
  }
  unexpected(t: Token): StarlarkError {
    if (t.kind === 'eof') return protoError('unexpected EOF');
    return this.syntaxError(t.pos, `unexpected token: ${t.raw}`);
  }

  private skipSpace(): void {
    const s = this.text;
    while (this.pos < s.length) {
      const c = s[this.pos]!;
      if (c === '#') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      } else if (c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
        this.pos++;
      } else {
        return;
      }
    }
  }

  private scan(): Token {
    this.skipSpace();
    const s = this.text;
    const start = this.pos;
    if (start >= s.length) return { kind: 'eof', raw: '', value: '', pos: start };
    const c = s[start]!;
    if (c === '"' || c === "'") {
      let value = '';
      while (this.pos < s.length && (s[this.pos] === '"' || s[this.pos] === "'")) {
        value += this.scanString();
        this.skipSpace();
      }
      return { kind: 'string', raw: s.slice(start, this.pos).trimEnd(), value, pos: start };
    }
    const rest = s.slice(start);
    const word =
      /^-?(\d+\.?\d*|\.\d+)[eE][+-]?\d+\w*/.exec(rest)?.[0] ?? /^-?[\w.]*/.exec(rest)![0];
    if (word.length > 0 && word !== '-') {
      this.pos += word.length;
      const kind = /^-?[0-9.]/.test(word) ? 'number' : 'ident';
      return { kind, raw: word, value: word, pos: start };
    }
    this.pos++;
    return { kind: 'punct', raw: c, value: c, pos: start };
  }

  private scanString(): string {
    const s = this.text;
    const quote = s[this.pos]!;
    const start = this.pos++;
    let out = '';
    for (;;) {
      if (this.pos >= s.length || s[this.pos] === '\n') {
        throw this.syntaxError(start, `invalid string: ${s.slice(start, this.pos)}`);
      }
      const c = s[this.pos++]!;
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = s[this.pos++] ?? '';
      const simple: Record<string, string> = {
        n: '\n',
        t: '\t',
        r: '\r',
        a: '\x07',
        b: '\b',
        f: '\f',
        v: '\v',
        '?': '?',
        '"': '"',
        "'": "'",
        '\\': '\\',
      };
      if (e in simple) {
        out += simple[e];
      } else if (/[0-7]/.test(e)) {
        const m = /^[0-7]{1,3}/.exec(s.slice(this.pos - 1))![0];
        this.pos += m.length - 1;
        out += String.fromCharCode(parseInt(m, 8) & 0xff);
      } else if (e === 'x' && /^[0-9a-fA-F]/.test(s.slice(this.pos))) {
        const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(this.pos))![0];
        this.pos += m.length;
        out += String.fromCharCode(parseInt(m, 16));
      } else if ((e === 'u' || e === 'U') && /^[0-9a-fA-F]+/.test(s.slice(this.pos))) {
        const n = e === 'u' ? 4 : 8;
        const m = s.slice(this.pos, this.pos + n);
        if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(m)) {
          throw this.syntaxError(start, `invalid escape code "\\${e}${m}" in string`);
        }
        this.pos += n;
        out += encodeRune(parseInt(m, 16));
      } else {
        throw this.syntaxError(start, `invalid escape code "\\${e}" in string`);
      }
    }
  }
}

/** Parses the text form of a message of the given type (Go's prototext.Unmarshal). */
export function unmarshalText(type: MessageDescriptor, text: string): MessageData {
  const r = new TextReader(text);
  const data = new MessageData(type);
  readFields(r, data, undefined);
  checkInitialized(data);
  return data;
}

/** Reads fields until the closing delimiter (or the end of input at the top level). */
function readFields(r: TextReader, data: MessageData, close: string | undefined): void {
  const seen = new Set<number>();
  const seenOneofs = new Set<string>();
  for (;;) {
    const t = r.next();
    if (t.kind === 'eof') {
      if (close === undefined) return;
      throw r.unexpected(t);
    }
    if (close !== undefined && t.kind === 'punct' && t.raw === close) return;
    const f = readFieldName(r, data.type, t);
    const separated = r.accept(':');
    if (f.kind !== 'message' && !separated) {
      throw r.syntaxError(t.pos, 'missing field separator :');
    }
    if (f.isList) {
      const list = data.mutableList(f);
      if (r.accept('[')) {
        if (!r.accept(']')) {
          do list.elems.push(readValue(r, f));
          while (r.accept(','));
          r.expect(']');
        }
      } else {
        list.elems.push(readValue(r, f));
      }
    } else {
      const name = t.kind === 'punct' ? `[${f.fullName}]` : t.raw;
      const oneof = f.options.oneof;
      if (oneof !== undefined && !f.options.proto3Optional) {
        if (seenOneofs.has(oneof)) {
          throw r.error(
            t.pos,
            `error parsing "${name}", oneof ${data.type.fullName}.${oneof} is already set`,
          );
        }
        seenOneofs.add(oneof);
      }
      if (seen.has(f.number)) throw r.error(t.pos, `non-repeated field "${name}" is repeated`);
      seen.add(f.number);
      data.set(f, readValue(r, f));
    }
    if (!r.accept(',')) r.accept(';');
  }
}

function readFieldName(r: TextReader, type: MessageDescriptor, t: Token): FieldDescriptor {
  if (t.kind === 'ident') {
    const f = type.field(t.raw);
    if (!f) throw r.error(t.pos, `unknown field: ${t.raw}`);
    return f;
  }
  if (t.kind === 'punct' && t.raw === '[') {
    let name = '';
    for (let n = r.next(); !(n.kind === 'punct' && n.raw === ']'); n = r.next()) {
      if (n.kind === 'eof') throw r.unexpected(n);
      name += n.raw;
    }
    const f = [...type.byNumber.values()].find((x) => x.isExtension && x.fullName === name);
    if (!f) throw r.error(t.pos, `unknown field: [${name}]`);
    return f;
  }
  if (t.kind === 'number' && /^[0-9]+$/.test(t.raw)) {
    if (type.byNumber.has(Number(t.raw))) {
      throw r.error(t.pos, `cannot specify field by number: ${t.raw}`);
    }
    throw r.error(t.pos, `unknown field: ${t.raw}`);
  }
  if (t.kind === 'eof') throw r.unexpected(t);
  throw r.syntaxError(t.pos, `invalid field name: ${t.raw}`);
}

const intRanges: Record<string, readonly [bigint, bigint]> = {
  int32: [-(1n << 31n), (1n << 31n) - 1n],
  sint32: [-(1n << 31n), (1n << 31n) - 1n],
  sfixed32: [-(1n << 31n), (1n << 31n) - 1n],
  enum: [-(1n << 31n), (1n << 31n) - 1n],
  uint32: [0n, (1n << 32n) - 1n],
  fixed32: [0n, (1n << 32n) - 1n],
  int64: [-(1n << 63n), (1n << 63n) - 1n],
  sint64: [-(1n << 63n), (1n << 63n) - 1n],
  sfixed64: [-(1n << 63n), (1n << 63n) - 1n],
  uint64: [0n, (1n << 64n) - 1n],
  fixed64: [0n, (1n << 64n) - 1n],
};

/** An integer literal (decimal, 0x hex or 0 octal, optionally negative), or undefined. */
function parseInteger(raw: string): bigint | undefined {
  const m = /^(-?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(raw);
  if (!m) return undefined;
  const digits = m[2]!;
  const n =
    digits.length > 1 && digits[0] === '0' && !/[xX]/.test(digits)
      ? BigInt('0o' + digits.slice(1))
      : BigInt(digits);
  return m[1] ? -n : n;
}

function parseFloatLiteral(raw: string): number | undefined {
  const lower = raw.toLowerCase();
  const sign = lower.startsWith('-') ? -1 : 1;
  const body = sign < 0 ? lower.slice(1) : lower;
  if (body === 'inf' || body === 'infinity') return sign * Infinity;
  if (body === 'nan') return NaN;
  const int = parseInteger(raw);
  if (int !== undefined) return Number(int);
  const m = /^-?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)[fF]?$/.exec(raw);
  return m ? Number(raw.replace(/[fF]$/, '')) : undefined;
}

function readValue(r: TextReader, f: FieldDescriptor): ProtoScalar {
  if (f.kind === 'message') {
    const t = r.next();
    const close = t.kind === 'punct' && t.raw === '{' ? '}' : t.raw === '<' ? '>' : undefined;
    if (t.kind !== 'punct' || close === undefined) throw r.unexpected(t);
    const data = new MessageData(f.messageType!);
    readFields(r, data, close);
    return data;
  }
  const t = r.next();
  if (t.kind === 'eof' || t.kind === 'punct') throw r.unexpected(t);
  const invalid = () => r.error(t.pos, `invalid value for ${f.kind} type: ${t.raw}`);
  switch (f.kind) {
    case 'string':
    case 'bytes':
      if (t.kind !== 'string') throw invalid();
      if (f.kind === 'string' && f.syntax === 'proto3' && !isValidUtf8(t.value)) {
        throw r.error(t.pos, 'contains invalid UTF-8');
      }
      return t.value;
    case 'bool':
      if (['true', 'True', 't', '1'].includes(t.raw)) return true;
      if (['false', 'False', 'f', '0'].includes(t.raw)) return false;
      throw invalid();
    case 'double':
    case 'float': {
      const x = t.kind === 'string' ? undefined : parseFloatLiteral(t.raw);
      if (x === undefined) throw invalid();
      return f.kind === 'float' ? Math.fround(x) : x;
    }
    case 'enum': {
      if (t.kind === 'ident') {
        const v = f.enumType!.byName(t.raw);
        if (!v) throw invalid();
        return v.number;
      }
      break;
    }
  }
  const n = t.kind === 'number' ? parseInteger(t.raw) : undefined;
  const [lo, hi] = intRanges[f.kind]!;
  if (n === undefined || n < lo || n > hi) throw invalid();
  return f.kind.endsWith('64') ? n : Number(n);
}
