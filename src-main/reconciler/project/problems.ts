import { relative, isAbsolute } from 'node:path';
import type { Position, Problem } from './types';

/** Collects a load's problems, all of them, in the order they were found. */
export class ProblemList {
  readonly problems: Problem[] = [];

  error(at: Position, message: string, hint?: string): void {
    this.add('error', at, message, hint);
  }

  warning(at: Position, message: string, hint?: string): void {
    this.add('warning', at, message, hint);
  }

  add(severity: Problem['severity'], at: Position, message: string, hint?: string): void {
    const problem: Problem = { file: at.file, line: at.line, col: at.col, severity, message };
    if (hint !== undefined) problem.hint = hint;
    this.problems.push(problem);
  }

  get hasErrors(): boolean {
    return this.problems.some((p) => p.severity === 'error');
  }
}

export function startOf(file: string): Position {
  return { file, line: 1, col: 1 };
}

/** Sorts problems by file, line and column (a stable sort keeps same-place problems in order). */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.col - b.col,
  );
}

/**
 * `file:line:col: error: message`, and the hint on the next line, as compilers print them.
 * `base` makes paths relative (to the working directory, for the CLI).
 */
export function formatProblem(problem: Problem, base?: string): string {
  let file = problem.file;
  if (base !== undefined && isAbsolute(file)) {
    const rel = relative(base, file);
    if (!rel.startsWith('..') && !isAbsolute(rel)) file = rel;
  }
  const head = `${file}:${problem.line}:${problem.col}: ${problem.severity}: ${problem.message}`;
  return problem.hint === undefined ? head : `${head}\n  hint: ${problem.hint}`;
}
