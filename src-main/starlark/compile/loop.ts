/**
 * Iteration for `for` loops and comprehension clauses (spec: "For loops"). Lists, tuples and
 * ranges are walked inline; a mutable list, dict or set is locked against mutation while it is
 * iterated (and unlocked however the loop ends). Every iteration is a step.
 */
import type * as ast from '../syntax/ast';
import { StarlarkError } from '../runtime/errors';
import type { Frame } from '../runtime/frame';
import { iterate } from '../runtime/ops';
import { List, Range, Tuple, typeName, type Value } from '../runtime/value';
import { BREAK, NORMAL, RETURN } from './function';

/** The body of a loop: handles one element; returns NORMAL, BREAK, CONTINUE or RETURN. */
export type LoopBody = (fr: Frame, v: Value, ctx: unknown) => number;

/** Runs body for each element of x; returns RETURN if the body returned, else NORMAL. */
export function forEach(
  fr: Frame,
  x: Value,
  pos: ast.Position,
  body: LoopBody,
  ctx?: unknown,
): number {
  const th = fr.thread;
  if (x instanceof Range) {
    const n = x.len;
    const start = x.start;
    const step = x.step;
    for (let i = 0; i < n; i++) {
      if (++th.steps >= th.checkAt) th.check();
      const r = body(fr, start + i * step, ctx);
      if (r !== NORMAL) {
        if (r === BREAK) break;
        if (r === RETURN) return RETURN;
      }
    }
    return NORMAL;
  }
  if (x instanceof List) {
    const elems = x.elems;
    if (x.frozen) return forEachElement(fr, elems, body, ctx);
    x.iterCount++;
    try {
      return forEachElement(fr, elems, body, ctx);
    } finally {
      x.iterCount--;
    }
  }
  if (x instanceof Tuple) return forEachElement(fr, x.elems, body, ctx);
  const it = iterate(x);
  if (it === undefined) {
    fr.pos = pos;
    throw new StarlarkError(`${typeName(x)} value is not iterable`);
  }
  try {
    for (let v = it.next(); v !== undefined; v = it.next()) {
      if (++th.steps >= th.checkAt) th.check();
      const r = body(fr, v, ctx);
      if (r !== NORMAL) {
        if (r === BREAK) break;
        if (r === RETURN) return RETURN;
      }
    }
    return NORMAL;
  } finally {
    it.done();
  }
}

function forEachElement(fr: Frame, elems: readonly Value[], body: LoopBody, ctx: unknown): number {
  const th = fr.thread;
  for (let i = 0; i < elems.length; i++) {
    if (++th.steps >= th.checkAt) th.check();
    const r = body(fr, elems[i]!, ctx);
    if (r !== NORMAL) {
      if (r === BREAK) break;
      if (r === RETURN) return RETURN;
    }
  }
  return NORMAL;
}
