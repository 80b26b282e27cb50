/**
 * Assignment targets (spec: "Assignments"): names, `x[i]`, `x.f`, and tuples/lists of targets
 * that unpack an iterable. For `x[i] = v` the value is computed before x and i, as in
 * go.starlark.net.
 */
import type * as ast from '../syntax/ast';
import { StarlarkError } from '../runtime/errors';
import type { Cell, Frame } from '../runtime/frame';
import { iterate, len, setField, setIndex } from '../runtime/ops';
import { Dict, List, Tuple, typeName, type Value } from '../runtime/value';
import type { FunctionCompiler } from './compiler';

export type Assign = (fr: Frame, v: Value) => void;

export function compileAssign(c: FunctionCompiler, lhs: ast.Expr, pos: ast.Position): Assign {
  switch (lhs.kind) {
    case 'ParenExpr':
      return compileAssign(c, lhs.x, pos);
    case 'Ident':
      return compileSetName(lhs);
    case 'TupleExpr':
    case 'ListExpr': {
      const targets = lhs.list.map((t) => compileAssign(c, t, pos));
      const n = targets.length;
      return (fr, v) => {
        fr.pos = pos;
        const values = unpack(v, n);
        for (let i = 0; i < n; i++) targets[i]!(fr, values[i]!);
      };
    }
    case 'IndexExpr': {
      const x = c.expr(lhs.x);
      const y = c.expr(lhs.y);
      const lbrack = lhs.lbrack;
      return (fr, v) => {
        const a = x(fr);
        const i = y(fr);
        if (a instanceof Dict && typeof i === 'string' && !a.frozen && a.iterCount === 0) {
          a.put(i, v);
          return;
        }
        fr.pos = lbrack;
        setIndex(a, i, v);
      };
    }
    case 'DotExpr': {
      const x = c.expr(lhs.x);
      const name = lhs.name.name;
      const dot = lhs.dot;
      return (fr, v) => {
        const a = x(fr);
        fr.pos = dot;
        setField(a, name, v);
      };
    }
    default:
      throw new Error(`internal error: cannot assign to ${lhs.kind}`);
  }
}

/** Assignment to a name. */
export function compileSetName(id: ast.Ident): Assign {
  const b = id.binding!;
  const i = b.index;
  switch (b.scope) {
    case 'local':
      return (fr, v) => {
        fr.locals[i] = v;
      };
    case 'cell':
      return (fr, v) => {
        (fr.locals[i] as Cell).v = v;
      };
    case 'global':
      return (fr, v) => {
        fr.globals[i] = v;
      };
    default:
      throw new Error(`internal error: cannot assign to ${b.scope} name ${id.name}`);
  }
}

/** The n elements of an iterable being unpacked into n targets, with go.starlark.net's errors. */
export function unpack(v: Value, n: number): readonly Value[] {
  if (v instanceof Tuple || v instanceof List) {
    const elems = v.elems;
    if (elems.length === n) return elems;
    if (elems.length > n) {
      throw new StarlarkError(`too many values to unpack (got ${elems.length}, want ${n})`);
    }
    throw new StarlarkError(`too few values to unpack (got ${elems.length}, want ${n})`);
  }
  const it = iterate(v);
  if (it === undefined) throw new StarlarkError(`got ${typeName(v)} in sequence assignment`);
  const out: Value[] = [];
  try {
    while (out.length < n) {
      const x = it.next();
      if (x === undefined) break;
      out.push(x);
    }
    if (out.length === n && it.next() !== undefined) {
      throw new StarlarkError(`too many values to unpack (got ${len(v)}, want ${n})`);
    }
  } finally {
    it.done();
  }
  if (out.length < n) {
    throw new StarlarkError(`too few values to unpack (got ${out.length}, want ${n})`);
  }
  return out;
}
