import { describe, expect, it } from 'vitest';
import { formatProblem, ProblemList, sortProblems } from './problems';

describe('problems', () => {
  const at = { file: '/work/p/reconcilers/a/a.star', line: 3, col: 7 };

  it('print as file:line:col: severity: message, with the hint on the next line', () => {
    const list = new ProblemList();
    list.error(at, 'undefined: x', 'did you mean y?');
    list.warning(at, 'careful');
    expect(list.problems.map((p) => formatProblem(p))).toEqual([
      '/work/p/reconcilers/a/a.star:3:7: error: undefined: x\n  hint: did you mean y?',
      '/work/p/reconcilers/a/a.star:3:7: warning: careful',
    ]);
    expect(list.hasErrors).toBe(true);
  });

  it('print paths relative to a base folder they are in, absolute otherwise', () => {
    const p = { ...at, severity: 'error' as const, message: 'm' };
    expect(formatProblem(p, '/work/p')).toBe('reconcilers/a/a.star:3:7: error: m');
    expect(formatProblem(p, '/elsewhere')).toBe('/work/p/reconcilers/a/a.star:3:7: error: m');
  });

  it('sort by file, line and column, keeping the order of problems at one place', () => {
    const p = (file: string, line: number, col: number, message = '') => ({
      file,
      line,
      col,
      severity: 'error' as const,
      message,
    });
    expect(
      sortProblems([p('b', 1, 1), p('a', 2, 1), p('a', 1, 9, 'first'), p('a', 1, 9, 'second')]),
    ).toEqual([p('a', 1, 9, 'first'), p('a', 1, 9, 'second'), p('a', 2, 1), p('b', 1, 1)]);
  });
});
