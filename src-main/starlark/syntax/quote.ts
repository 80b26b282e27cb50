/**
 * String literals in, quoted strings out.
 *
 * `decodeEscapes` turns the text between a literal's quotes into its value, accepting and
 * rejecting exactly the escapes go.starlark.net does, with its messages. `goQuote` and
 * `goQuoteRune` quote a value for an error message the way Go's `%q` does.
 */

import { bytesToText, decodeRuneAt, runeToBytes, textToBytes } from './utf8';
import { isUnicodePrint } from './unicode-property';

/** Single-letter escapes and the byte each stands for. */
const simpleEscapes: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

const hexDigits = /^[0-9a-fA-F]+$/;

function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * The value of a non-raw literal's body (the text between its quotes, newlines already
 * normalized to \n) as a byte string. `fail` is called with go.starlark.net's message for the
 * first bad escape. In str literals, \x and octal escapes must stay in ASCII (non-ASCII text is
 * written as \u, which encodes UTF-8); in bytes literals they may denote any byte.
 */
export function decodeEscapes(
  body: string,
  isBytes: boolean,
  fail: (msg: string) => never,
): string {
  const b = textToBytes(body);
  const n = b.length;
  let out = '';
  let chunk = 0;
  let i = b.indexOf('\\');
  while (i >= 0) {
    out += b.slice(chunk, i);
    if (i + 1 >= n) fail('truncated escape sequence \\');
    const e = b[i + 1]!;
    const simple = simpleEscapes[e];
    if (simple !== undefined) {
      out += simple;
      i += 2;
    } else if (e === '\n') {
      i += 2; // an escaped line break is dropped
    } else if (e >= '0' && e <= '7') {
      let v = e.charCodeAt(0) - 48;
      let j = i + 2;
      for (let k = 1; k < 3 && j < n; k++, j++) {
        const d = b.charCodeAt(j) - 48;
        if (d < 0 || d > 7) break;
        v = v * 8 + d;
      }
      if (!isBytes && v > 127) {
        fail(
          `non-ASCII octal escape \\${v.toString(8)} (use \\u${hex4(v)} for the UTF-8 encoding of U+${hex4(v)})`,
        );
      }
      if (v >= 256) fail(`invalid escape sequence \\${v.toString(8).padStart(3, '0')}`);
      out += String.fromCharCode(v);
      i = j;
    } else if (e === 'x') {
      if (n - i < 4) fail(`truncated escape sequence ${bytesToText(b.slice(i))}`);
      const seq = b.slice(i, i + 4);
      if (!hexDigits.test(seq.slice(2))) fail(`invalid escape sequence ${bytesToText(seq)}`);
      const v = parseInt(seq.slice(2), 16);
      if (!isBytes && v > 127) {
        fail(
          `non-ASCII hex escape ${seq} (use \\u${hex4(v)} for the UTF-8 encoding of U+${hex4(v)})`,
        );
      }
      out += String.fromCharCode(v);
      i += 4;
    } else if (e === 'u' || e === 'U') {
      const size = e === 'u' ? 6 : 10;
      if (n - i < size) fail(`truncated escape sequence ${bytesToText(b.slice(i))}`);
      const seq = b.slice(i, i + size);
      if (!hexDigits.test(seq.slice(2))) fail(`invalid escape sequence ${bytesToText(seq)}`);
      const v = parseInt(seq.slice(2), 16);
      // go.starlark.net prints the offending value after "max", not the maximum; we keep that.
      if (v > 0x10ffff)
        fail(`code point out of range: ${seq} (max \\U${v.toString(16).padStart(8, '0')})`);
      if (v >= 0xd800 && v < 0xe000) fail(`invalid Unicode code point U+${hex4(v)}`);
      out += runeToBytes(v);
      i += size;
    } else {
      // Go formats the offending byte as a rune, so a non-ASCII byte shows as Latin-1.
      fail(`invalid escape sequence \\${e}`);
    }
    chunk = i;
    i = b.indexOf('\\', i);
  }
  return out + b.slice(chunk);
}

/** Go's unicode.IsPrint. */
function isPrint(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x20 && cp < 0x7f;
  return isUnicodePrint(cp);
}

const controlEscapes: Readonly<Record<number, string>> = {
  7: '\\a',
  8: '\\b',
  12: '\\f',
  10: '\\n',
  13: '\\r',
  9: '\\t',
  11: '\\v',
};

function escapeRune(cp: number, quote: string): string {
  const c = String.fromCodePoint(cp);
  if (c === quote || c === '\\') return '\\' + c;
  if (isPrint(cp)) return c;
  const control = controlEscapes[cp];
  if (control !== undefined) return control;
  if (cp < 0x20 || cp === 0x7f) return '\\x' + cp.toString(16).padStart(2, '0');
  if (cp < 0x10000) return '\\u' + cp.toString(16).padStart(4, '0');
  return '\\U' + cp.toString(16).padStart(8, '0');
}

/** A byte string quoted as Go's `%q` quotes a string, as text for a message. */
export function goQuote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length;) {
    const [cp, size] = decodeRuneAt(s, i);
    if (cp === 0xfffd && size === 1) out += '\\x' + s.charCodeAt(i).toString(16).padStart(2, '0');
    else out += escapeRune(cp, '"');
    i += size;
  }
  return out + '"';
}

/** A code point quoted as Go's `%q` quotes a rune: 'x', '\t', '\u00a0'. */
export function goQuoteRune(cp: number): string {
  return "'" + escapeRune(cp, "'") + "'";
}
