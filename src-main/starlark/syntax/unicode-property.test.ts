import { describe, expect, it } from 'vitest';
import { unicodePropertyTest } from './unicode-property';

describe('unicodePropertyTest', () => {
  it('tests a whole code point against the class, astral ones included', () => {
    const letter = unicodePropertyTest('\\p{L}');
    expect(letter(0xe9)).toBe(true); // é
    expect(letter(0x1d400)).toBe(true); // 𝐀, outside the BMP
    expect(letter(0x661)).toBe(false); // ١ (ARABIC-INDIC DIGIT ONE)
    expect(letter(0x20)).toBe(false);
  });

  it('anchors a class with several properties to one code point', () => {
    const printable = unicodePropertyTest('[\\p{L}\\p{N}]');
    expect(printable(0x661)).toBe(true);
    expect(printable(0x2028)).toBe(false); // LINE SEPARATOR
  });
});
