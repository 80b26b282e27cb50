/**
 * The engine library's golden tables (tests/reference/golden.ts) agree with the Go reference:
 * a table whose expectation drifts from what go.starlark.net prints fails here, and
 * `npm run golden -- --write` records the reference's answer.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReference } from '../reference/build.js';
import { findDrift, findTables, readTable, rewriteTable } from '../reference/golden';

let reference = '';
beforeAll(() => {
  reference = buildReference();
});

describe('golden tables', () => {
  it('hold what the Go reference prints for every case (npm run golden -- --check)', () => {
    const tables = findTables();
    expect(tables.map((t) => t.file)).toContain('src-main/starlark/runtime/methods/string.test.ts');
    expect(tables.reduce((n, t) => n + t.cases.length, 0)).toBeGreaterThan(900);
    expect(findDrift(tables, reference)).toEqual([]);
  });

  it('find a drifted expectation and rewrite it with the reference answer', async () => {
    const file = 'src-main/starlark/runtime/methods/drifted.test.ts';
    const text = [
      'const cases: [string, string][] = [',
      "  ['1 + 2', '4'],",
      '  [\'"a,b".split(",")\', \'["a", "b"]\'],',
      '  [\'"x".index("y")\', "error: index: substring not found"],',
      "  ['len(1)', 'wrong'],",
      '];',
      '',
    ].join('\n');
    const table = readTable(file, text)!;
    const drift = findDrift([table], reference);
    expect(drift).toEqual([
      { file, line: 2, expr: '1 + 2', committed: '4', reference: '3' },
      {
        file,
        line: 5,
        expr: 'len(1)',
        committed: 'wrong',
        reference: 'error: len: value of type int has no len',
      },
    ]);
    const rewritten = readTable(file, await rewriteTable(table, drift))!;
    expect(rewritten.cases.map((c) => c.want)).toEqual([
      '3',
      '["a", "b"]',
      'error: index: substring not found',
      'error: len: value of type int has no len',
    ]);
    expect(findDrift([rewritten], reference)).toEqual([]);
  });

  it('refuse a case that is not a pair of string literals', () => {
    expect(() => readTable('t.ts', "const cases = [['1', 2]];")).toThrow(
      't.ts:1: a case must be a pair of string literals',
    );
  });
});
