/**
 * The conversions the front end needs between source text (JS strings, UTF-16) and Starlark byte
 * strings (one char code 0–255 per byte; see runtime/strings.ts, which the syntax stage may not
 * import). Identifiers and literal values leave the front end as byte strings.
 */

/** Whether every char of s is ASCII (then the text and its byte string are the same). */
export function isAsciiText(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** Source text → byte string (UTF-8). Lone surrogates become U+FFFD. */
export function textToBytes(text: string): string {
  if (isAsciiText(text)) return text;
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
      }
    }
    out += runeToBytes(c);
  }
  return out;
}

/** One code point → its UTF-8 byte string; surrogates and out-of-range values become U+FFFD. */
export function runeToBytes(c: number): string {
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
 * Decodes the UTF-8 sequence at byte i of a byte string as Go does: [codePoint, size], with
 * [0xFFFD, 1] for an invalid or truncated sequence.
 */
export function decodeRuneAt(s: string, i: number): [number, number] {
  const b0 = s.charCodeAt(i);
  if (b0 < 0x80) return [b0, 1];
  let need: number, min: number, cp: number;
  if (b0 >= 0xc2 && b0 <= 0xdf) [need, min, cp] = [1, 0x80, b0 & 0x1f];
  else if (b0 >= 0xe0 && b0 <= 0xef) [need, min, cp] = [2, 0x800, b0 & 0x0f];
  else if (b0 >= 0xf0 && b0 <= 0xf4) [need, min, cp] = [3, 0x10000, b0 & 0x07];
  else return [0xfffd, 1];
  for (let k = 1; k <= need; k++) {
    if (i + k >= s.length) return [0xfffd, 1];
    const b = s.charCodeAt(i + k);
    if ((b & 0xc0) !== 0x80) return [0xfffd, 1];
    cp = (cp << 6) | (b & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return [0xfffd, 1];
  return [cp, need + 1];
}

/** Byte string → text, for messages. Invalid bytes become U+FFFD. */
export function bytesToText(s: string): string {
  if (isAsciiText(s)) return s;
  let out = '';
  for (let i = 0; i < s.length;) {
    const [cp, size] = decodeRuneAt(s, i);
    out += String.fromCodePoint(cp);
    i += size;
  }
  return out;
}

/** The number of code points of a byte string (an invalid byte counts as one), as Go counts runes. */
export function runeCount(s: string): number {
  if (isAsciiText(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; n++) i += decodeRuneAt(s, i)[1];
  return n;
}
