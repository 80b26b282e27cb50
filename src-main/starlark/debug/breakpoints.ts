/**
 * Breakpoints: where the debugger stops (file and line), when (a condition, a hit count) and
 * whether it stops at all (a logpoint prints a message instead). A breakpoint on a line without a
 * statement moves to the next line that has one, as most debuggers do; statementLines() tells
 * which lines those are.
 */
import type * as ast from '../syntax/ast';

export interface BreakpointSpec {
  /** 1-based line. */
  readonly line: number;
  /** A Starlark expression; the breakpoint stops only when it is true in the frame. */
  readonly condition?: string;
  /**
   * Which hits stop: `N` or `==N` the Nth only; `>N`, `>=N`, `<N`, `<=N`; `%N` every Nth. A hit
   * is counted each time the line is reached (and its condition, if any, is true).
   */
  readonly hitCondition?: string;
  /** Print this instead of stopping; `{expr}` is replaced by str() of the expression's value. */
  readonly logMessage?: string;
}

/** A breakpoint as set: the line it moved to, whether it is valid, how often it was hit. */
export class Breakpoint {
  hits = 0;
  /** The line it actually stops at (the first statement at or after spec.line). */
  line: number;
  /** Whether the debugger can honour it; `message` says why not. */
  verified = false;
  message: string | undefined;

  constructor(
    readonly id: number,
    readonly file: string,
    readonly spec: BreakpointSpec,
    /** What is wrong with the spec itself (a bad hit condition or log message), if anything. */
    readonly problem: string | undefined,
    readonly hitTest: ((hits: number) => boolean) | undefined,
  ) {
    this.line = spec.line;
    this.message = problem ?? 'not loaded yet';
  }
}

/** A breakpoint for spec, with what is wrong with its hit condition or log message, if anything. */
export function newBreakpoint(id: number, file: string, spec: BreakpointSpec): Breakpoint {
  let problem: string | undefined;
  let hitTest: ((hits: number) => boolean) | undefined;
  if (spec.hitCondition !== undefined && spec.hitCondition.trim() !== '') {
    const parsed = parseHitCondition(spec.hitCondition);
    if (typeof parsed === 'string') problem = parsed;
    else hitTest = parsed;
  }
  if (spec.logMessage !== undefined) {
    const parsed = parseLogMessage(spec.logMessage);
    if (typeof parsed === 'string') problem = parsed;
  }
  return new Breakpoint(id, file, spec, problem, hitTest);
}

/** Parses a hit condition; returns a test of the hit count, or an error message. */
export function parseHitCondition(text: string): ((hits: number) => boolean) | string {
  const m = /^\s*(==|>=|<=|>|<|%)?\s*(\d+)\s*$/.exec(text);
  if (!m) return `invalid hit condition "${text}" (want N, ==N, >N, >=N, <N, <=N or %N)`;
  const n = Number(m[2]);
  switch (m[1]) {
    case '>':
      return (h) => h > n;
    case '>=':
      return (h) => h >= n;
    case '<':
      return (h) => h < n;
    case '<=':
      return (h) => h <= n;
    case '%':
      if (n === 0) return 'invalid hit condition "%0"';
      return (h) => h % n === 0;
    default:
      return (h) => h === n;
  }
}

/**
 * The lines of a file where the debugger can stop — the first line of every statement that
 * executes something (not `pass`, not a docstring), nested bodies included — each with the
 * column of the first statement starting on it.
 */
export function statementLines(file: ast.File): Map<number, number> {
  const lines = new Map<number, number>();
  const visit = (stmts: readonly ast.Stmt[]) => {
    for (const s of stmts) {
      if (s.kind === 'BranchStmt' && s.token === 'pass') continue;
      if (s.kind === 'ExprStmt' && s.x.kind === 'Literal') continue;
      const col = lines.get(s.start.line);
      if (col === undefined || s.start.col < col) lines.set(s.start.line, s.start.col);
      switch (s.kind) {
        case 'DefStmt':
        case 'ForStmt':
        case 'WhileStmt':
          visit(s.body);
          break;
        case 'IfStmt':
          visit(s.trueBody);
          visit(s.falseBody);
          break;
      }
    }
  };
  visit(file.stmts);
  return lines;
}

/**
 * Moves breakpoints to the first statement at or after their line in `tree`; returns them by the
 * line they now stop at (the first one wins when two land on the same line).
 */
export function placeBreakpoints(
  list: readonly Breakpoint[],
  tree: ast.File,
  lines: ReadonlyMap<number, number> = statementLines(tree),
): Map<number, Breakpoint> {
  const sorted = [...lines.keys()].sort((a, b) => a - b);
  const byLine = new Map<number, Breakpoint>();
  for (const bp of list) {
    const line = sorted.find((l) => l >= bp.spec.line);
    if (line === undefined) {
      bp.verified = false;
      bp.message = bp.problem ?? 'no statement at or after this line';
      continue;
    }
    bp.line = line;
    if (bp.problem !== undefined) continue;
    bp.verified = true;
    bp.message = undefined;
    if (!byLine.has(line)) byLine.set(line, bp);
  }
  return byLine;
}

/**
 * The pieces of a logpoint message: text, and expressions between braces (`{{` and `}}` are
 * literal braces). Returns an error message for an unclosed brace.
 */
export function parseLogMessage(text: string): (string | { expr: string })[] | string {
  const parts: (string | { expr: string })[] = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if ((c === '{' || c === '}') && text[i + 1] === c) {
      literal += c;
      i++;
    } else if (c === '{') {
      const end = text.indexOf('}', i + 1);
      if (end < 0) return `unclosed { in log message "${text}"`;
      if (literal) parts.push(literal);
      literal = '';
      parts.push({ expr: text.slice(i + 1, end) });
      i = end;
    } else {
      literal += c;
    }
  }
  if (literal) parts.push(literal);
  return parts;
}
