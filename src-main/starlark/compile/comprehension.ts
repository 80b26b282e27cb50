/**
 * Comprehensions (spec: "Comprehensions"): `[body for ... if ...]` and `{k: v for ...}`. Each
 * clause becomes a closure that runs the next one per element (or when its condition holds);
 * the innermost appends to the result. Comprehension variables live in the enclosing
 * function's local slots, as the resolver assigned them.
 */
import type * as ast from '../syntax/ast';
import type { Frame } from '../runtime/frame';
import { Dict, List, truth, type Value } from '../runtime/value';
import type { FunctionCompiler } from './compiler';
import { NORMAL, type Expr } from './function';
import { forEach, type LoopBody } from './loop';

/** One clause (and the rest after it): runs for the current element, adding to acc. */
type Clause = (fr: Frame, acc: unknown) => void;

export function compileComprehension(c: FunctionCompiler, e: ast.Comprehension): Expr {
  let inner: Clause;
  const body = e.body;
  if (body.kind === 'DictEntry') {
    const k = c.expr(body.key);
    const v = c.expr(body.value);
    const colon = body.colon;
    inner = (fr, acc) => {
      const key = k(fr);
      const value = v(fr);
      fr.pos = colon;
      (acc as Dict).set(key, value);
    };
  } else {
    const x = c.expr(body);
    inner = (fr, acc) => {
      (acc as Value[]).push(x(fr));
    };
  }
  const clauses = e.clauses;
  for (let i = clauses.length - 1; i >= 0; i--) {
    const clause = clauses[i]!;
    if (clause.kind === 'ForClause') {
      inner = compileFor(c, clause, undefined, inner);
      continue;
    }
    const cond = c.expr(clause.cond);
    const before = clauses[i - 1];
    if (before?.kind === 'ForClause') {
      inner = compileFor(c, before, cond, inner); // `for x in y if cond`: one closure
      i--;
    } else {
      inner = compileIf(cond, inner);
    }
  }
  const run = inner;
  if (body.kind === 'DictEntry') {
    return (fr) => {
      const d = new Dict();
      run(fr, d);
      return d;
    };
  }
  return (fr) => {
    const out: Value[] = [];
    run(fr, out);
    return new List(out);
  };
}

function compileIf(cond: Expr, next: Clause): Clause {
  return (fr, acc) => {
    if (truth(cond(fr))) next(fr, acc);
  };
}

/**
 * `for vars in x`, and the condition of an `if` clause right after it. A local variable is
 * stored straight into its slot; the element runs `next` when the condition holds.
 */
function compileFor(
  c: FunctionCompiler,
  clause: ast.ForClause,
  cond: Expr | undefined,
  next: Clause,
): Clause {
  const x = c.expr(clause.x);
  const pos = clause.start;
  const vars = clause.vars;
  let each: LoopBody;
  if (vars.kind === 'Ident' && vars.binding!.scope === 'local') {
    const slot = vars.binding!.index;
    each =
      cond === undefined
        ? (fr, v, acc) => {
            fr.locals[slot] = v;
            next(fr, acc);
            return NORMAL;
          }
        : (fr, v, acc) => {
            fr.locals[slot] = v;
            if (truth(cond(fr))) next(fr, acc);
            return NORMAL;
          };
  } else {
    const assign = c.assign(vars, pos);
    each = (fr, v, acc) => {
      assign(fr, v);
      if (cond === undefined || truth(cond(fr))) next(fr, acc);
      return NORMAL;
    };
  }
  return (fr, acc) => {
    forEach(fr, x(fr), pos, each, acc);
  };
}
