import { describe, expect, test } from 'vitest';
import { goQuote, goQuoteRune } from './quote';

describe('quoting for messages, as Go %q', () => {
  test.each([
    ['abc', '"abc"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['\n\t\x07\x00\x7f', '"\\n\\t\\a\\x00\\x7f"'],
    ['\xc3\xa9', '"é"'], // valid UTF-8 shows as text
    ['\xff', '"\\xff"'], // an invalid byte as a hex escape
    ['\xc2\xa0', '"\\u00a0"'], // not printable
  ])('string %j', (s, want) => expect(goQuote(s)).toBe(want));

  test.each([
    [0x24, "'$'"],
    [0x27, "'\\''"],
    [0x01, "'\\x01'"],
    [0x20ac, "'€'"],
    [0x1f600, "'😀'"],
    [0xe000, "'\\ue000'"],
    [0xf0000, "'\\U000f0000'"],
  ])('rune %i', (cp, want) => expect(goQuoteRune(cp)).toBe(want));
});
