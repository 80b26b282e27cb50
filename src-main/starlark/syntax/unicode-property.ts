/**
 * A test of one code point against a Unicode property class (`\p{L}`, `[\p{L}\p{N}]`, …), its
 * regular expression compiled on first use.
 *
 * V8 builds a `\p{…}` class from ICU's tables when the expression object is created, not when it
 * first runs: created at module load, the engine's seven such classes cost every `starling exec`
 * 11 M instructions (10% of the run of `x = 1` without NODE_EXTRA_CA_CERTS; callgrind), though
 * most programs never test a code point beyond ASCII, which every caller handles first.
 */
export function unicodePropertyTest(pattern: string): (cp: number) => boolean {
  let re: RegExp | undefined;
  return (cp) => (re ??= new RegExp(`^${pattern}$`, 'u')).test(String.fromCodePoint(cp));
}

/** Whether a code point is a Unicode letter (`\p{L}`): identifiers in the scanner, isalpha… */
export const isUnicodeLetter = unicodePropertyTest('\\p{L}');

/**
 * Go's unicode.IsPrint / strconv.IsPrint beyond ASCII: letters, marks, numbers, punctuation and
 * symbols (the space U+0020 is the only other printable code point, and it is ASCII).
 */
export const isUnicodePrint = unicodePropertyTest('[\\p{L}\\p{M}\\p{N}\\p{P}\\p{S}]');
