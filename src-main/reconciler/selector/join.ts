import type {
  ExpressionSelector,
  JoinTerm,
  Position,
  Problem,
  ResourceSelector,
} from '../project/types';
import { CelCompileError, compileConvertedField, toCelValue } from './cel';
import { SelectorError } from './selector';

/**
 * Watches as joins (CHOREO.md, "Selectors"; Choreo's SelectorBuilder and its Custom event
 * handler): each `match` entry `<watched>: <for>` of a watch is a CEL expression on the watched
 * object and one on the For object; an event on a watched object requeues the For objects for
 * which, in every entry, both expressions evaluate and print the same string. An expression that
 * cannot be evaluated means no match.
 *
 * A right side that is not an expression on the For object is a literal (see JoinTerm): Starling
 * requires the watched object's value to equal it and then matches every For object, which is
 * what such a config means; Choreo evaluates it on the For object, where it never matches.
 *
 * The join is only the link between the two objects: the runtime also applies the For
 * selector — to the For object (Choreo applies it to the watched object; docs/choreo-compat.md).
 */
export type JoinMatcher = (watched: unknown, forObj: unknown) => boolean;

/** Top-level fields of any object, and those most kinds have, when the For kind's schema is unknown. */
export const commonTopLevelFields: ReadonlySet<string> = new Set([
  'apiVersion',
  'kind',
  'metadata',
  'spec',
  'status',
  'data',
  'binaryData',
  'stringData',
  'type',
  'immutable',
]);

/**
 * Splits a watch's `match` into join terms. `forFields` are the top-level fields the For kind
 * has (from its CRD's schema); a right side whose first name is not one of them, or that is not a
 * CEL expression at all (`"true"`, `10.0.0.1`), is a literal.
 */
export function joinTerms(
  match: Readonly<Record<string, string>>,
  forFields: ReadonlySet<string> = commonTopLevelFields,
): JoinTerm[] {
  return Object.entries(match).map(([watched, right]) =>
    isForExpression(right, forFields)
      ? { watched, forExpression: right }
      : { watched, literal: right },
  );
}

function isForExpression(text: string, forFields: ReadonlySet<string>): boolean {
  const root = /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(text)?.[1];
  if (root === undefined || !forFields.has(root)) return false;
  try {
    compileConvertedField(text);
    return true;
  } catch (e) {
    if (e instanceof CelCompileError) return false;
    throw e;
  }
}

/**
 * Compiles a watch's join once. Takes the watch as loadProject gives it (its `join` terms already
 * classified against the For kind) or a bare selector (classified against the common fields).
 * Throws a SelectorError for an empty or invalid join.
 */
export function compileJoin(watch: ResourceSelector | ExpressionSelector): JoinMatcher {
  const selector = 'kind' in watch ? watch.selector : watch;
  const terms = 'kind' in watch && watch.join ? watch.join : joinTerms(selector?.match ?? {});
  if (terms.length === 0) {
    throw new SelectorError([
      {
        file: selector?.source?.at.file ?? '<selector>',
        line: selector?.source?.at.line ?? 1,
        col: selector?.source?.at.col ?? 1,
        severity: 'error',
        message: 'a watch needs a selector with at least one match entry',
      },
    ]);
  }
  const problems: Problem[] = [];
  const literals: ((w: unknown) => boolean)[] = [];
  const links: ((w: unknown, f: unknown) => boolean)[] = [];
  for (const term of terms) {
    const watched = compileOrReport(term.watched, placeOf(selector, term.watched, 'key'), problems);
    if (term.literal !== undefined) {
      const literal = term.literal;
      literals.push((w) => watched!(w) === literal);
    } else {
      const right = compileOrReport(
        term.forExpression,
        placeOf(selector, term.watched, 'value'),
        problems,
      );
      links.push((w, f) => {
        const value = watched!(w);
        return value !== undefined && value === right!(f);
      });
    }
  }
  if (problems.length > 0) throw new SelectorError(problems);
  return (watched, forObj) => {
    const w = toCelValue(watched);
    for (const test of literals) if (!test(w)) return false;
    if (links.length === 0) return true;
    const f = toCelValue(forObj);
    for (const test of links) if (!test(w, f)) return false;
    return true;
  };
}

/** Where one side of a match entry starts (inside its quotes), when the selector knows. */
function placeOf(
  selector: ExpressionSelector | undefined,
  key: string,
  side: 'key' | 'value',
): Position | undefined {
  const place = selector?.source?.match[key];
  if (!place) return selector?.source?.at;
  if (side === 'key') return place.keyQuoted ? { ...place.key, col: place.key.col + 1 } : place.key;
  return place.valueQuoted ? { ...place.value, col: place.value.col + 1 } : place.value;
}

function compileOrReport(
  expression: string,
  at: Position | undefined,
  problems: Problem[],
): ((input: unknown) => string | undefined) | undefined {
  try {
    return compileConvertedField(expression);
  } catch (e) {
    if (!(e instanceof CelCompileError)) throw e;
    problems.push({
      file: at?.file ?? '<selector>',
      line: at?.line ?? 1,
      col: (at?.col ?? 1) + e.offset,
      severity: 'error',
      message: e.message,
      hint: 'each side of a watch match is a CEL expression without `input.`: <watched object expression>: <For object expression>',
    });
    return undefined;
  }
}
