import { describe, expect, it } from 'vitest';
import { decodeRune, decodeUtf8, encodeUtf8, isValidUtf8 } from './strings';

describe('Starlark byte strings', () => {
  it('encodes text as one char code per UTF-8 byte', () => {
    expect(encodeUtf8('é').length).toBe(2);
    expect([...encodeUtf8('€')].map((c) => c.charCodeAt(0))).toEqual([0xe2, 0x82, 0xac]);
    expect(encodeUtf8('😀').length).toBe(4);
    expect(encodeUtf8('abc')).toBe('abc');
  });

  it('round-trips text through bytes', () => {
    for (const text of ['', 'hello', 'héllo wörld', '日本語', '😀 ok', '\u0000\u007f']) {
      expect(decodeUtf8(encodeUtf8(text))).toBe(text);
    }
  });

  it('decodes invalid bytes as U+FFFD, one byte at a time, as Go does', () => {
    expect(decodeRune('\xff', 0)).toEqual([0xfffd, 1]);
    expect(decodeRune('\xe2\x82', 0)).toEqual([0xfffd, 1]); // truncated
    expect(decodeRune('\xc0\x80', 0)).toEqual([0xfffd, 1]); // overlong
    expect(decodeRune('\xed\xa0\x80', 0)).toEqual([0xfffd, 1]); // surrogate
    expect(decodeRune('', 0)).toEqual([-1, 0]);
    expect(decodeUtf8('a\xffb')).toBe('a\ufffdb');
    expect(isValidUtf8(encodeUtf8('ok é'))).toBe(true);
    expect(isValidUtf8('a\xffb')).toBe(false);
  });
});
