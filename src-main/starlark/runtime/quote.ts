/**
 * Quoting of str and bytes values as Starlark literals, as repr() prints them — go.starlark.net's
 * syntax.Quote: `"` and `\` are escaped, printable code points are kept, the usual control
 * characters use `\n`-style escapes, other non-printable ones `\xXX`, `\uXXXX` or `\UXXXXXXXX`,
 * and bytes that are not valid UTF-8 become `\xXX`.
 */
import { decodeRune } from './strings';
import { isUnicodePrint } from '../syntax/unicode-property';

const hex = '0123456789abcdef';
const named: Record<number, string> = {
  0x07: '\\a',
  0x08: '\\b',
  0x0c: '\\f',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x0b: '\\v',
};
/** Strings that need no escaping at all: printable ASCII without `"` and `\`. */
const plain = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

export function quote(s: string, bytes = false): string {
  const prefix = bytes ? 'b"' : '"';
  if (plain.test(s)) return prefix + s + '"';
  let out = prefix;
  for (let i = 0; i < s.length;) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      i++;
      if (c === 0x22 || c === 0x5c) out += '\\' + s[i - 1];
      else if (c >= 0x20 && c < 0x7f) out += s[i - 1];
      else out += named[c] ?? '\\x' + hex[c >> 4] + hex[c & 15];
      continue;
    }
    const [r, size] = decodeRune(s, i);
    if (r === 0xfffd && size === 1) {
      out += '\\x' + hex[c >> 4] + hex[c & 15];
      i++;
      continue;
    }
    if (isUnicodePrint(r)) out += s.slice(i, i + size);
    else if (r < 0x10000) out += '\\u' + r.toString(16).padStart(4, '0');
    else out += '\\U' + r.toString(16).padStart(8, '0');
    i += size;
  }
  return out + '"';
}
