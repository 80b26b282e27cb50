import { describe, expect, it } from 'vitest';
import { goRegExp } from './go-regexp.js';

const matches = (pattern: string, s: string) => goRegExp(pattern).test(s);

describe('goRegExp runs RE2 patterns as Go matches them', () => {
  it('takes leading flag groups as flags', () => {
    expect(matches('(?i)^abc$', 'ABC')).toBe(true);
    expect(matches('^abc$', 'ABC')).toBe(false);
    expect(matches('(?s)a.b', 'a\nb')).toBe(true);
    expect(matches('a.b', 'a\nb')).toBe(false);
    expect(matches('(?m)^b$', 'a\nb')).toBe(true);
  });

  it('knows \\A, \\z, named groups, POSIX and one-letter Unicode classes', () => {
    expect(matches('\\Aab\\z', 'ab')).toBe(true);
    expect(matches('ab\\z', 'ab\n')).toBe(false);
    expect(matches('(?P<word>[[:alpha:]]+)-[[:digit:]]', 'abc-1')).toBe(true);
    expect(matches('^[[:upper:]_]+$', 'A_B')).toBe(true);
    expect(matches('^[[:upper:]]+$', 'ab')).toBe(false);
    expect(matches('^\\pL+$', 'héllo')).toBe(true);
    expect(matches('^\\pN$', 'x')).toBe(false);
  });

  it('escapes punctuation and quotes literals like Go', () => {
    expect(matches('^a\\_b\\#c\\-d$', 'a_b#c-d')).toBe(true);
    expect(matches('^\\Q.*+\\E$', '.*+')).toBe(true);
    expect(matches('^\\Q.*+\\E$', 'abc')).toBe(false);
    expect(matches('^[]a]+$', ']a')).toBe(true);
  });

  it("keeps \\s to Go's ASCII whitespace", () => {
    expect(matches('^\\s$', ' ')).toBe(true);
    expect(matches('^\\s$', '\u00a0')).toBe(false);
    expect(matches('^[\\sx]+$', ' x\t')).toBe(true);
  });

  it('throws on patterns Go rejects too', () => {
    expect(() => goRegExp('[')).toThrow();
    expect(() => goRegExp('a**')).toThrow();
  });
});
