import type { ExpressionSelector, Position, Problem, SelectorRequirement } from '../project/types';
import { CelCompileError, compileConvertedField, toCelValue } from './cel';

/**
 * Selectors as Choreo matches them (pkg/server/selector): a missing selector matches nothing, an
 * empty one everything; otherwise every `match` entry and every `matchExpressions` requirement
 * must hold (they are ANDed). A `match` entry `expr: value` is the requirement
 * `{expression: expr, operator: Equals, values: [value]}`.
 */
export type ObjectMatcher = (obj: unknown) => boolean;

export const operators = [
  'Equals',
  'DoubleEquals',
  'NotEquals',
  'In',
  'NotIn',
  'Exists',
  'DoesNotExist',
  'GreaterThan',
  'LessThan',
] as const;
export type Operator = (typeof operators)[number];

/** A selector that cannot be compiled: every problem, each with its position when known. */
export class SelectorError extends Error {
  override name = 'SelectorError';
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`).join('\n'));
  }
}

const nothing: ObjectMatcher = () => false;
const everything: ObjectMatcher = () => true;

/**
 * Compiles a selector once; the matcher evaluates each expression on an object. Throws a
 * SelectorError listing every invalid expression or requirement (loadProject reports the same
 * problems, so a project without errors never throws here).
 */
export function compileSelector(selector: ExpressionSelector | undefined): ObjectMatcher {
  if (selector === undefined || selector === null) return nothing;
  const { requirements, problems } = compileRequirements(selector);
  if (problems.some((p) => p.severity === 'error')) throw new SelectorError(problems);
  if (requirements.length === 0) return everything;
  return (obj) => {
    const input = toCelValue(obj);
    for (const r of requirements) if (!r(input)) return false;
    return true;
  };
}

/** The problems compileSelector would throw, and the warnings it would not. */
export function checkSelector(selector: ExpressionSelector | undefined): Problem[] {
  if (selector === undefined || selector === null) return [];
  return compileRequirements(selector).problems;
}

type Requirement = (input: unknown) => boolean;

function compileRequirements(selector: ExpressionSelector): {
  requirements: Requirement[];
  problems: Problem[];
} {
  const requirements: Requirement[] = [];
  const problems: Problem[] = [];
  for (const [expression, value] of Object.entries(selector.match ?? {})) {
    const place = selector.source?.match[expression];
    const at = place ? shiftedBy(place.key, place.keyQuoted ? 1 : 0) : selector.source?.at;
    const r = compileRequirement({ expression, operator: 'Equals', values: [value] }, at, problems);
    if (r) requirements.push(r);
  }
  (selector.matchExpressions ?? []).forEach((requirement, i) => {
    const at = selector.source?.matchExpressions[i] ?? selector.source?.at;
    const r = compileRequirement(requirement, at, problems);
    if (r) requirements.push(r);
  });
  return { requirements, problems };
}

function compileRequirement(
  requirement: SelectorRequirement,
  at: Position | undefined,
  problems: Problem[],
): Requirement | undefined {
  const report = (severity: Problem['severity'], message: string, hint?: string, col = 0) => {
    const where = at ? shiftedBy(at, col) : { file: '<selector>', line: 1, col: 1 + col };
    const problem: Problem = { ...where, severity, message };
    if (hint !== undefined) problem.hint = hint;
    problems.push(problem);
  };
  let field: (input: unknown) => string | undefined;
  try {
    field = compileConvertedField(requirement.expression);
  } catch (e) {
    if (!(e instanceof CelCompileError)) throw e;
    report(
      'error',
      e.message,
      'a selector key is a CEL expression on the object, written without `input.` (e.g. spec.name or metadata.labels["app"])',
      e.offset,
    );
    return undefined;
  }
  const values = requirement.values ?? [];
  let operator = requirement.operator as Operator;
  if (!operators.includes(operator)) {
    report(
      'warning',
      `unknown operator "${requirement.operator}": Choreo treats it as Equals`,
      `use one of ${operators.join(', ')}`,
    );
    operator = 'Equals';
  }
  const problem = valuesProblem(operator, values);
  if (problem) {
    report('error', `${operator}: ${problem}`);
    return undefined;
  }
  return requirementFor(operator, field, values);
}

/** Choreo's NewRequirement rules for the number and form of values. */
function valuesProblem(operator: Operator, values: readonly string[]): string | undefined {
  switch (operator) {
    case 'In':
    case 'NotIn':
      return values.length === 0 ? 'needs at least one value' : undefined;
    case 'Equals':
    case 'DoubleEquals':
    case 'NotEquals':
      return values.length !== 1 ? `needs exactly one value, got ${values.length}` : undefined;
    case 'Exists':
    case 'DoesNotExist':
      return values.length !== 0 ? 'takes no values' : undefined;
    case 'GreaterThan':
    case 'LessThan':
      if (values.length !== 1) return `needs exactly one value, got ${values.length}`;
      return parseInt64(values[0]!) === undefined
        ? `the value must be an integer, got "${values[0]}"`
        : undefined;
  }
}

function requirementFor(
  operator: Operator,
  field: (input: unknown) => string | undefined,
  values: readonly string[],
): Requirement {
  switch (operator) {
    case 'Equals':
    case 'DoubleEquals':
    case 'In':
      return (input) => {
        const v = field(input);
        return v !== undefined && values.includes(v);
      };
    case 'NotEquals':
    case 'NotIn':
      // As in Choreo: a field that cannot be evaluated is "not equal".
      return (input) => {
        const v = field(input);
        return v === undefined || !values.includes(v);
      };
    case 'Exists':
      return (input) => field(input) !== undefined;
    case 'DoesNotExist':
      return (input) => field(input) === undefined;
    case 'GreaterThan':
    case 'LessThan': {
      const bound = parseInt64(values[0]!)!;
      const greater = operator === 'GreaterThan';
      return (input) => {
        const v = field(input);
        const n = v === undefined ? undefined : parseInt64(v);
        if (n === undefined) return false;
        return greater ? n > bound : n < bound;
      };
    }
  }
}

/** Go's strconv.ParseInt(s, 10, 64), or undefined when it fails. */
export function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const n = BigInt(s);
  if (n > 9223372036854775807n || n < -9223372036854775808n) return undefined;
  return n;
}

function shiftedBy(at: Position, cols: number): Position {
  return { file: at.file, line: at.line, col: at.col + cols };
}
