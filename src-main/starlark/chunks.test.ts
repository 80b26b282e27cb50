import { describe, expect, it } from 'vitest';
import { checkChunk, compileGoRegexp, goQuote, readChunks, unquoteGo } from './chunks';

const file = [
  '# first chunk',
  'x = 1 / 0 ### "division by zero"',
  '---',
  '# option:set option:recursion',
  'x = 1',
  "print(x + '') ### `unknown binary op: int \\+ string`",
  '---',
  'y = 2 ### unquoted (re)gexp$',
  '################',
  '---',
  'z = 3 ### "unterminated',
].join('\n');

describe('readChunks', () => {
  const chunks = readChunks('t.star', file);

  it('splits at --- lines and keeps line numbers of the whole file', () => {
    expect(chunks.map((c) => [c.startLine, c.endLine])).toEqual([
      [1, 2],
      [4, 6],
      [8, 9],
      [11, 11],
    ]);
    expect(chunks[1]!.source.split('\n')[4]).toBe('x = 1');
    expect(chunks[3]!.source.split('\n')[10]).toBe('z = 3 ### "unterminated');
  });

  it('collects expectations in each quoting form with their lines', () => {
    expect(chunks[0]!.expectations.map((e) => [e.line, e.pattern])).toEqual([
      [2, 'division by zero'],
    ]);
    expect(chunks[1]!.expectations.map((e) => [e.line, e.pattern])).toEqual([
      [6, 'unknown binary op: int \\+ string'],
    ]);
    expect(chunks[2]!.expectations.map((e) => [e.line, e.pattern])).toEqual([
      [8, 'unquoted (re)gexp$'],
    ]);
  });

  it('takes a run of four or more # as a banner, not a marker', () => {
    expect(chunks[2]!.expectations).toHaveLength(1);
    expect(chunks[2]!.problems).toEqual([]);
  });

  it('reports a malformed quoted marker as a problem of its chunk', () => {
    expect(chunks[3]!.problems).toEqual(['t.star:11: not a quoted regexp: "unterminated']);
    expect(checkChunk(chunks[3]!, [])).toEqual(chunks[3]!.problems);
  });

  it('collects option:NAME flags as go.starlark.net tests do (substring match)', () => {
    expect(chunks[0]!.options).toEqual([]);
    expect(chunks[1]!.options).toEqual(['set', 'recursion']);
  });

  it('handles a file with no separators as one chunk', () => {
    const [only, ...rest] = readChunks('one.star', 'a = 1\nb = 2\n');
    expect(rest).toEqual([]);
    expect(only!.source).toBe('a = 1\nb = 2\n');
    expect([only!.startLine, only!.endLine]).toEqual([1, 3]);
  });
});

describe('checkChunk', () => {
  const [chunk] = readChunks('t.star', 'a\nb ### "want (this|that)"\nc ### "other"\n');

  it('passes when every expectation is met by an error at its line', () => {
    expect(
      checkChunk(chunk!, [
        { line: 2, msg: 'we want that' },
        { line: 3, msg: 'the other one' },
      ]),
    ).toEqual([]);
  });

  it('reports a mismatch, an unexpected error, a repeated line and a missing error', () => {
    expect(
      checkChunk(chunk!, [
        { line: 2, msg: 'we want nothing' },
        { line: 2, msg: 'again' },
        { line: 1, msg: 'surprise' },
      ]),
    ).toEqual([
      't.star:2: error "we want nothing" does not match pattern "want (this|that)"',
      't.star:2: unexpected error: again',
      't.star:1: unexpected error: surprise',
      't.star:3: expected error matching "other"',
    ]);
  });
});

describe('unquoteGo and goQuote', () => {
  it('unquotes Go string literals', () => {
    expect(unquoteGo('"a\\tb\\"c\\\\d\\x41\\u00e9\\101"')).toBe('a\tb"c\\dAéA');
    expect(unquoteGo('`raw \\d+`')).toBe('raw \\d+');
    expect(unquoteGo("'x'")).toBe('x');
    expect(() => unquoteGo('"bad \\q"')).toThrow('invalid syntax');
    expect(() => unquoteGo('"open')).toThrow('invalid syntax');
  });

  it('quotes as strconv.Quote does', () => {
    expect(goQuote('say "hi"\n\t\\ é')).toBe('"say \\"hi\\"\\n\\t\\\\ é"');
    expect(goQuote('\x01')).toBe('"\\x01"');
  });
});

describe('compileGoRegexp', () => {
  const cases: [pattern: string, matches: string[], misses: string[]][] = [
    ['undefined: abd \\(did you mean abc\\?\\)', ['undefined: abd (did you mean abc?)'], ['x']],
    ['fail: $', ['fail: '], ['fail: x', 'fail: \n']],
    [
      'cannot reassign global x declared at .*resolve.star:23:1',
      ['cannot reassign global x declared at a/resolve.star:23:1'],
      [],
    ],
    ['load operand must be "name"', ['load operand must be "name"'], []],
    ['a.c', ['abc'], ['a\nc']],
    ['(?s)a.c', ['a\nc'], []],
    ['(?i)HELLO', ['hello'], []],
    ['\\Q(a+b)\\E', ['(a+b)'], ['aab']],
    ['[[:digit:]]+x', ['12x'], ['ax']],
    ['[]a]', [']'], ['b']],
    ['[^\\]]', ['a'], [']']],
    ['x{2}', ['xx'], ['x']],
    ['x{', ['x{'], ['x']],
    ['a}', ['a}'], []],
    ['\\pL\\p{Greek}', ['aΩ'], ['1Ω']],
    ['\\x{41}\\x42', ['AB'], []],
    ['a\\s+b', ['a \t b'], ['a\u00a0b']],
    ['\\Aab\\z', ['ab'], ['xab', 'ab\n']],
    ['\\-\\!\\"', ['-!"'], []],
    ['[\\-\\.]', ['-', '.'], ['a']],
    ['(?P<word>\\w+) \\k', [], []],
  ];
  for (const [pattern, matches, misses] of cases.slice(0, -1)) {
    it(`translates ${pattern}`, () => {
      const rx = compileGoRegexp(pattern);
      for (const s of matches) expect(rx.test(s), `${pattern} should match ${s}`).toBe(true);
      for (const s of misses) expect(rx.test(s), `${pattern} should not match ${s}`).toBe(false);
    });
  }

  it('names capture groups written (?P<name>…)', () => {
    expect(compileGoRegexp('(?P<w>\\w+)!').exec('hi!')?.groups?.['w']).toBe('hi');
  });

  it('rejects what Go rejects or what cannot be translated, in Go wording', () => {
    expect(() => compileGoRegexp('\\k')).toThrow(/^error parsing regexp: invalid escape/);
    expect(() => compileGoRegexp('[a')).toThrow(/missing closing \]/);
    expect(() => compileGoRegexp('a(?i:b)')).toThrow(/error parsing regexp/);
  });
});
