/**
 * Starlark strings are sequences of bytes (go.starlark.net: UTF-8 by convention, any bytes
 * allowed). The runtime represents a str as a JS string whose every char code is one byte
 * (0–255). For ASCII text — nearly all text a reconciler handles — that is the JS string itself,
 * so `len`, indexing, slicing, concatenation, comparison (byte order, like Go) and hashing are
 * plain JS string operations with no conversion. Text crosses to and from the outside (source
 * files, print, JSON, the host) through `encodeUtf8` and `decodeUtf8`.
 */

// eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included
const asciiOnly = /^[\x00-\x7f]*$/;

/** Whether a JS string holds only ASCII, where the byte string and the text are the same. */
export function isAscii(s: string): boolean {
  return asciiOnly.test(s);
}

/** Text (UTF-16 JS string) → Starlark byte string. Lone surrogates become U+FFFD, as in Go. */
export function encodeUtf8(text: string): string {
  if (asciiOnly.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out += text[i];
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else c = 0xfffd;
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    out += encodeRune(c);
  }
  return out;
}

/** One code point → its UTF-8 byte string. Invalid code points become U+FFFD. */
export function encodeRune(c: number): string {
  if (c < 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) c = 0xfffd;
  if (c < 0x80) return String.fromCharCode(c);
  if (c < 0x800) return String.fromCharCode(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
  if (c < 0x10000) {
    return String.fromCharCode(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return String.fromCharCode(
    0xf0 | (c >> 18),
    0x80 | ((c >> 12) & 0x3f),
    0x80 | ((c >> 6) & 0x3f),
    0x80 | (c & 0x3f),
  );
}

/**
 * Decodes the UTF-8 sequence starting at byte offset i of a byte string, as Go's
 * utf8.DecodeRuneInString does: returns [codePoint, size]; an invalid or truncated sequence
 * decodes as [0xFFFD, 1]; at the end of the string, [-1, 0].
 */
export function decodeRune(s: string, i: number): [number, number] {
  const n = s.length;
  if (i >= n) return [-1, 0];
  const b0 = s.charCodeAt(i);
  if (b0 < 0x80) return [b0, 1];
  let need: number, min: number, cp: number;
  if (b0 >= 0xc2 && b0 <= 0xdf) [need, min, cp] = [1, 0x80, b0 & 0x1f];
  else if (b0 >= 0xe0 && b0 <= 0xef) [need, min, cp] = [2, 0x800, b0 & 0x0f];
  else if (b0 >= 0xf0 && b0 <= 0xf4) [need, min, cp] = [3, 0x10000, b0 & 0x07];
  else return [0xfffd, 1];
  for (let k = 1; k <= need; k++) {
    if (i + k >= n) return [0xfffd, 1];
    const b = s.charCodeAt(i + k);
    if ((b & 0xc0) !== 0x80) return [0xfffd, 1];
    cp = (cp << 6) | (b & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return [0xfffd, 1];
  return [cp, need + 1];
}

/** Starlark byte string → text. Invalid UTF-8 bytes decode as U+FFFD, one per byte, as in Go. */
export function decodeUtf8(s: string): string {
  if (asciiOnly.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length;) {
    const [cp, size] = decodeRune(s, i);
    out += String.fromCodePoint(cp);
    i += size;
  }
  return out;
}

/** Whether a byte string is valid UTF-8. */
export function isValidUtf8(s: string): boolean {
  if (asciiOnly.test(s)) return true;
  for (let i = 0; i < s.length;) {
    const [cp, size] = decodeRune(s, i);
    if (cp === 0xfffd && size === 1) return false;
    i += size;
  }
  return true;
}
