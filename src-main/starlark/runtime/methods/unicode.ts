/**
 * Go's unicode package, as far as string methods need it: per-code-point simple case mappings
 * (unicode.ToUpper/ToLower/ToTitle) and the character classes (IsLetter, IsDigit, IsSpace, …).
 *
 * The classes come from JS regular-expression properties, which follow the same Unicode data.
 * The case mappings come from JS `toUpperCase`/`toLowerCase` of one code point, which apply the
 * *full* mappings (ß → "SS"); Go applies the *simple* ones (one code point to one code point).
 * Where the full mapping expands, the simple mapping is the identity except for the few code
 * points listed below; title case equals upper case except for the digraphs and Georgian.
 *
 * Known difference: JS engines may know a newer Unicode version than the Go toolchain that built
 * go.starlark.net; code points assigned only in the newer version classify differently.
 */

import { isUnicodeLetter, unicodePropertyTest } from '../../syntax/unicode-property';

/** Code points whose full uppercase expands but whose simple uppercase is another code point. */
function simpleUpperOfExpanding(c: number): number {
  // Greek with ypogegrammeni: ᾀ → ᾈ, ᾐ → ᾘ, ᾠ → ᾨ (+8), ᾳ → ᾼ, ῃ → ῌ, ῳ → ῼ.
  if (
    (c >= 0x1f80 && c <= 0x1f87) ||
    (c >= 0x1f90 && c <= 0x1f97) ||
    (c >= 0x1fa0 && c <= 0x1fa7)
  ) {
    return c + 8;
  }
  if (c === 0x1fb3 || c === 0x1fc3 || c === 0x1ff3) return c + 9;
  return c;
}

function single(s: string): number | undefined {
  const cp = s.codePointAt(0)!;
  return s.length === (cp > 0xffff ? 2 : 1) ? cp : undefined;
}

export function toUpper(c: number): number {
  if (c < 0x80) return c >= 0x61 && c <= 0x7a ? c - 32 : c;
  return single(String.fromCodePoint(c).toUpperCase()) ?? simpleUpperOfExpanding(c);
}

export function toLower(c: number): number {
  if (c < 0x80) return c >= 0x41 && c <= 0x5a ? c + 32 : c;
  if (c === 0x130) return 0x69; // İ: full lowercase is "i̇", simple is "i"
  return single(String.fromCodePoint(c).toLowerCase()) ?? c;
}

export function toTitle(c: number): number {
  if (c < 0x80) return toUpper(c);
  // Latin digraphs: Ǆǅǆ → ǅ, Ǉǈǉ → ǈ, Ǌǋǌ → ǋ, Ǳǲǳ → ǲ.
  if (c >= 0x1c4 && c <= 0x1cc) return c - ((c - 0x1c4) % 3) + 1;
  if (c >= 0x1f1 && c <= 0x1f3) return 0x1f2;
  // Georgian Mkhedruli letters are their own title case (their upper case is Mtavruli).
  if ((c >= 0x10d0 && c <= 0x10fa) || (c >= 0x10fd && c <= 0x10ff)) return c;
  return toUpper(c);
}

/**
 * Whether c has other case forms: go.starlark.net's isCasedRune (unicode.SimpleFold(c) != c).
 */
export function isCased(c: number): boolean {
  if (c < 0x80) return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  if (c === 0xdf) return true; // ß folds with ẞ
  if (c === 0x130 || c === 0x131) return false; // İ and ı fold with nothing (I folds with i)
  return toUpper(c) !== c || toLower(c) !== c;
}

const digit = unicodePropertyTest('\\p{Nd}');
const space = unicodePropertyTest('\\p{White_Space}');
const upper = unicodePropertyTest('\\p{Lu}');
const lower = unicodePropertyTest('\\p{Ll}');
const title = unicodePropertyTest('\\p{Lt}');

export function isLetter(c: number): boolean {
  if (c < 0x80) return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
  return isUnicodeLetter(c);
}

export function isDigit(c: number): boolean {
  if (c < 0x80) return c >= 0x30 && c <= 0x39;
  return digit(c);
}

export function isSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return space(c);
}

export function isUpper(c: number): boolean {
  if (c < 0x80) return c >= 0x41 && c <= 0x5a;
  return upper(c);
}

export function isLower(c: number): boolean {
  if (c < 0x80) return c >= 0x61 && c <= 0x7a;
  return lower(c);
}

export function isTitle(c: number): boolean {
  return c >= 0x80 && title(c);
}
