/**
 * Expressions (spec: "Expressions"): names, literals, displays, conditionals, indexing, slicing,
 * attributes, unary operators, lambdas. Binary operators, calls and comprehensions have files
 * of their own.
 */
import type * as ast from '../syntax/ast';
import { StarlarkError } from '../runtime/errors';
import type { Cell, Frame } from '../runtime/frame';
import { getAttr, index, repr, slice, unary } from '../runtime/ops';
import { Bytes, Dict, Float, List, None, Tuple, truth, type Value } from '../runtime/value';
import { compileBinary } from './binary';
import { compileCall } from './call';
import { compileComprehension } from './comprehension';
import type { FunctionCompiler } from './compiler';
import { lastPosition } from './entry';
import { mandatory, StarlarkFunction, type Expr } from './function';

export function compileExpr(c: FunctionCompiler, e: ast.Expr): Expr {
  switch (e.kind) {
    case 'Ident':
      return compileIdent(c, e);
    case 'Literal':
      return constant(literalValue(e));
    case 'ParenExpr':
      return c.expr(e.x);
    case 'ListExpr':
      return compileList(c, e.list);
    case 'TupleExpr':
      return compileTuple(c, e.list);
    case 'DictExpr':
      return compileDict(c, e);
    case 'CondExpr': {
      const cond = c.expr(e.cond);
      const t = c.expr(e.trueExpr);
      const f = c.expr(e.falseExpr);
      return (fr) => (truth(cond(fr)) ? t(fr) : f(fr));
    }
    case 'IndexExpr':
      return compileIndex(c, e);
    case 'SliceExpr':
      return compileSlice(c, e);
    case 'DotExpr': {
      const x = c.expr(e.x);
      const name = e.name.name;
      const pos = e.dot;
      return (fr) => {
        const v = x(fr);
        fr.pos = pos;
        return getAttr(v, name);
      };
    }
    case 'UnaryExpr':
      return compileUnary(c, e);
    case 'BinaryExpr':
      return compileBinary(c, e);
    case 'CallExpr':
      return compileCall(c, e);
    case 'Comprehension':
      return compileComprehension(c, e);
    case 'LambdaExpr':
      return compileMakeFunction(c, e.fn!);
    case 'DictEntry':
      break;
  }
  throw new Error(`internal error: unexpected ${e.kind} expression`);
}

function constant(v: Value): Expr {
  return () => v;
}

export function literalValue(e: ast.Literal): Value {
  switch (e.token) {
    case 'STRING':
    case 'INT':
      return e.value;
    case 'BYTES':
      return new Bytes(e.value);
    case 'FLOAT':
      return new Float(e.value);
  }
}

function unassigned(kind: 'local' | 'global', name: string): StarlarkError {
  return new StarlarkError(`${kind} variable ${name} referenced before assignment`);
}

export function compileIdent(c: FunctionCompiler, id: ast.Ident): Expr {
  const b = id.binding!;
  const i = b.index;
  const name = id.name;
  const pos = id.start;
  switch (b.scope) {
    case 'local':
      if (i < c.numParams) return (fr) => fr.locals[i] as Value;
      return (fr) => {
        const v = fr.locals[i];
        if (v !== undefined) return v as Value;
        fr.pos = pos;
        throw unassigned('local', name);
      };
    case 'cell':
      return (fr) => {
        const v = (fr.locals[i] as Cell).v;
        if (v !== undefined) return v;
        fr.pos = pos;
        throw unassigned('local', name);
      };
    case 'free':
      return (fr) => {
        const v = fr.free[i]!.v;
        if (v !== undefined) return v;
        fr.pos = pos;
        throw unassigned('local', name);
      };
    case 'global':
      return (fr) => {
        const v = fr.globals[i];
        if (v !== undefined) return v;
        fr.pos = pos;
        throw unassigned('global', name);
      };
    case 'predeclared':
    case 'universal':
      return constant(c.program.constant(name, b.scope));
    case 'undefined':
      break;
  }
  throw new Error(`internal error: unresolved name ${name}`);
}

function compileList(c: FunctionCompiler, list: readonly ast.Expr[]): Expr {
  const xs = list.map((x) => c.expr(x));
  switch (xs.length) {
    case 0:
      return () => new List([]);
    case 1: {
      const [a] = xs as [Expr];
      return (fr) => new List([a(fr)]);
    }
    case 2: {
      const [a, b] = xs as [Expr, Expr];
      return (fr) => new List([a(fr), b(fr)]);
    }
    default:
      return (fr) => new List(evalAll(xs, fr));
  }
}

function compileTuple(c: FunctionCompiler, list: readonly ast.Expr[]): Expr {
  const xs = list.map((x) => c.expr(x));
  switch (xs.length) {
    case 0:
      return () => new Tuple([]);
    case 2: {
      const [a, b] = xs as [Expr, Expr];
      return (fr) => new Tuple([a(fr), b(fr)]);
    }
    default:
      return (fr) => new Tuple(evalAll(xs, fr));
  }
}

export function evalAll(xs: readonly Expr[], fr: Frame): Value[] {
  const out = new Array<Value>(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = xs[i]!(fr);
  return out;
}

function compileDict(c: FunctionCompiler, e: ast.DictExpr): Expr {
  const values = e.entries.map((en) => c.expr(en.value));
  const literal = literalKeys(e);
  if (literal !== undefined) {
    // Distinct str or int literal keys (the usual manifest): no lookups, no duplicate checks.
    const n = literal.length;
    return (fr) => {
      const kv = new Array<Value>(2 * n);
      for (let i = 0; i < n; i++) {
        kv[2 * i] = literal[i]!;
        kv[2 * i + 1] = values[i]!(fr);
      }
      return Dict.fromEntries(kv);
    };
  }
  const keys = e.entries.map((en) => c.expr(en.key));
  const colons = e.entries.map((en) => en.colon);
  const n = keys.length;
  return (fr) => {
    const d = new Dict();
    for (let i = 0; i < n; i++) {
      const k = keys[i]!(fr);
      const v = values[i]!(fr);
      fr.pos = colons[i]!;
      const before = d.size;
      d.set(k, v);
      if (d.size === before) throw new StarlarkError(`duplicate key: ${repr(k)}`);
    }
    return d;
  };
}

/** The keys of a dict display when all are distinct str or int literals. */
function literalKeys(e: ast.DictExpr): Value[] | undefined {
  const keys: Value[] = [];
  for (const en of e.entries) {
    const k = en.key;
    if (k.kind !== 'Literal' || (k.token !== 'STRING' && k.token !== 'INT')) return undefined;
    keys.push(k.value);
  }
  return new globalThis.Set(keys).size === keys.length ? keys : undefined;
}

function compileIndex(c: FunctionCompiler, e: ast.IndexExpr): Expr {
  const x = c.expr(e.x);
  const y = c.expr(e.y);
  const pos = e.lbrack;
  return (fr) => {
    const a = x(fr);
    const i = y(fr);
    if (typeof i === 'number') {
      if (a instanceof List) {
        const elems = a.elems;
        const j = i < 0 ? i + elems.length : i;
        if (j >= 0 && j < elems.length) return elems[j]!;
      } else if (a instanceof Tuple) {
        const elems = a.elems;
        const j = i < 0 ? i + elems.length : i;
        if (j >= 0 && j < elems.length) return elems[j]!;
      }
    } else if (typeof i === 'string' && a instanceof Dict) {
      const v = a.getStr(i);
      if (v !== undefined) return v;
    }
    fr.pos = pos;
    return index(a, i);
  };
}

function compileSlice(c: FunctionCompiler, e: ast.SliceExpr): Expr {
  const x = c.expr(e.x);
  const lo = e.lo ? c.expr(e.lo) : undefined;
  const hi = e.hi ? c.expr(e.hi) : undefined;
  const step = e.step ? c.expr(e.step) : undefined;
  // go.starlark.net's SLICE instruction carries no position of its own: it reports the last
  // position before it in the code.
  const pos =
    (e.step && lastPosition(e.step)) ??
    (e.hi && lastPosition(e.hi)) ??
    (e.lo && lastPosition(e.lo)) ??
    lastPosition(e.x) ??
    e.lbrack;
  return (fr) => {
    const v = x(fr);
    const a = lo === undefined ? None : lo(fr);
    const b = hi === undefined ? None : hi(fr);
    const s = step === undefined ? None : step(fr);
    fr.pos = pos;
    return slice(v, a, b, s);
  };
}

function compileUnary(c: FunctionCompiler, e: ast.UnaryExpr): Expr {
  const x = c.expr(e.x!);
  const pos = e.opPos;
  switch (e.op) {
    case 'not':
      return (fr) => !truth(x(fr));
    case '-':
      return (fr) => {
        const v = x(fr);
        if (typeof v === 'number') return v === 0 ? 0 : -v;
        fr.pos = pos;
        return unary('-', v);
      };
    case '+':
    case '~': {
      const op = e.op;
      return (fr) => {
        const v = x(fr);
        fr.pos = pos;
        return unary(op, v);
      };
    }
    default:
      throw new Error(`internal error: unexpected unary ${e.op}`);
  }
}

/** `def` and `lambda`: evaluates the defaults, captures the cells, makes the function value. */
export function compileMakeFunction(c: FunctionCompiler, info: ast.FunctionInfo): Expr {
  const code = c.program.function(info);
  const defaults: Expr[] = [];
  let seenStar = false;
  for (const p of info.params) {
    if (p.kind === 'BinaryExpr') defaults.push(c.expr(p.y));
    else if (p.kind === 'UnaryExpr') seenStar = true;
    else if (seenStar) defaults.push(() => mandatory);
  }
  const free = info.freeVars.map((b): ((fr: Frame) => Cell) => {
    const i = b.index;
    return b.scope === 'free' ? (fr) => fr.free[i]! : (fr) => fr.locals[i] as Cell;
  });
  const pos = info.pos;
  return (fr) => {
    fr.pos = pos;
    const d = defaults.length === 0 ? noValues : evalAll(defaults, fr);
    const cells = free.length === 0 ? noCells : free.map((f) => f(fr));
    return new StarlarkFunction(code, fr.globals, d, cells);
  };
}

const noValues: readonly Value[] = Object.freeze([]);
const noCells: readonly Cell[] = Object.freeze([]);
