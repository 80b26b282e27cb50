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
import { forEach } from './loop';

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
  for (let i = e.clauses.length - 1; i >= 0; i--) inner = compileClause(c, e.clauses[i]!, inner);
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

function compileClause(
  c: FunctionCompiler,
  clause: ast.ForClause | ast.IfClause,
  next: Clause,
): Clause {
  if (clause.kind === 'IfClause') {
    const cond = c.expr(clause.cond);
    return (fr, acc) => {
      if (truth(cond(fr))) next(fr, acc);
    };
  }
  const x = c.expr(clause.x);
  const pos = clause.start;
  const assign = c.assign(clause.vars, pos);
  const each = (fr: Frame, v: Value, acc: unknown): number => {
    assign(fr, v);
    next(fr, acc);
    return NORMAL;
  };
  return (fr, acc) => {
    forEach(fr, x(fr), pos, each, acc);
  };
}
