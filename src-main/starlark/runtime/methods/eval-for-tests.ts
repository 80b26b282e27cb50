/**
 * A small evaluator of Starlark *expressions* for the unit tests of methods, formatting and the
 * libraries: literals, names (the universe plus an environment), operators, calls, attributes,
 * indexing, slicing and list comprehensions — no statements or lambdas. It lets a test state a case as
 * go.starlark.net would see it (`'"a,b".split(",")'` → `'["a", "b"]'`), so the expectations can
 * be produced by the Go reference itself. Product code does not use it.
 */
import { parseExpr } from '../../syntax/parse';
import type { Expr } from '../../syntax/ast';
import { universe } from '../builtins';
import { call } from '../call';
import { EvalError, StarlarkError } from '../errors';
import { binary, compare, getAttr, index, iterate, repr, slice, unary } from '../ops';
import { decodeUtf8 } from '../strings';
import { Thread } from '../thread';
import {
  Builtin,
  Dict,
  freeze,
  Float,
  List,
  Tuple,
  Bytes,
  truth,
  type BinaryOperator,
  type CompareOperator,
  type Value,
} from '../value';

/** freeze(x): freezes x and returns it (the Go reference's expression mode has the same). */
const freezeBuiltin = new Builtin('freeze', (_thread, args) => {
  freeze(args[0]!);
  return args[0]!;
});

const compareOps: ReadonlySet<string> = new globalThis.Set(['==', '!=', '<', '<=', '>', '>=']);

function evalExpr(thread: Thread, e: Expr, env: ReadonlyMap<string, Value>): Value {
  const ev = (x: Expr) => evalExpr(thread, x, env);
  switch (e.kind) {
    case 'Literal':
      if (e.token === 'FLOAT') return new Float(e.value);
      if (e.token === 'BYTES') return new Bytes(e.value);
      return e.value;
    case 'Ident': {
      const v =
        env.get(e.name) ??
        universe.get(e.name) ??
        (e.name === 'freeze' ? freezeBuiltin : undefined);
      if (v === undefined) throw new StarlarkError(`undefined: ${e.name}`);
      return v;
    }
    case 'ParenExpr':
      return ev(e.x);
    case 'ListExpr':
      return new List(e.list.map(ev));
    case 'TupleExpr':
      return new Tuple(e.list.map(ev));
    case 'DictExpr': {
      const d = new Dict();
      for (const entry of e.entries) {
        const k = ev(entry.key);
        if (d.get(k) !== undefined) throw new StarlarkError(`duplicate key: ${repr(k)}`);
        d.set(k, ev(entry.value));
      }
      return d;
    }
    case 'CondExpr':
      return truth(ev(e.cond)) ? ev(e.trueExpr) : ev(e.falseExpr);
    case 'UnaryExpr':
      if (e.op === 'not') return !truth(ev(e.x!));
      return unary(e.op as '+' | '-' | '~', ev(e.x!));
    case 'BinaryExpr': {
      if (e.op === 'and') {
        const x = ev(e.x);
        return truth(x) ? ev(e.y) : x;
      }
      if (e.op === 'or') {
        const x = ev(e.x);
        return truth(x) ? x : ev(e.y);
      }
      const x = ev(e.x);
      const y = ev(e.y);
      if (compareOps.has(e.op)) return compare(e.op as CompareOperator, x, y);
      return binary(e.op as BinaryOperator, x, y);
    }
    case 'DotExpr':
      return getAttr(ev(e.x), e.name.name);
    case 'IndexExpr':
      return index(ev(e.x), ev(e.y));
    case 'SliceExpr':
      return slice(ev(e.x), e.lo && ev(e.lo), e.hi && ev(e.hi), e.step && ev(e.step));
    case 'CallExpr': {
      const fn = ev(e.fn);
      const args: Value[] = [];
      const kwargs: [string, Value][] = [];
      for (const a of e.args) {
        if (a.kind === 'BinaryExpr' && a.op === '=' && a.x.kind === 'Ident') {
          kwargs.push([a.x.name, ev(a.y)]);
        } else if (a.kind === 'UnaryExpr' && a.op === '*') {
          args.push(...(ev(a.x!) as List | Tuple).elems);
        } else {
          args.push(ev(a));
        }
      }
      return call(thread, fn, args, kwargs);
    }
    case 'Comprehension': {
      if (e.curly) throw new Error('eval-for-tests: only list comprehensions are supported');
      const out: Value[] = [];
      const loop = (i: number, scope: ReadonlyMap<string, Value>): void => {
        const clause = e.clauses[i];
        if (clause === undefined) {
          out.push(evalExpr(thread, e.body, scope));
        } else if (clause.kind === 'IfClause') {
          if (truth(evalExpr(thread, clause.cond, scope))) loop(i + 1, scope);
        } else {
          if (clause.vars.kind !== 'Ident')
            throw new Error('eval-for-tests: one loop variable only');
          const name = clause.vars.name;
          const it = iterate(evalExpr(thread, clause.x, scope));
          if (it === undefined) throw new StarlarkError('not iterable');
          try {
            for (let x = it.next(); x !== undefined; x = it.next()) {
              loop(i + 1, new Map([...scope, [name, x]]));
            }
          } finally {
            it.done();
          }
        }
      };
      loop(0, env);
      return new List(out);
    }
    default:
      throw new Error(`eval-for-tests: unsupported expression ${e.kind}`);
  }
}

/**
 * Evaluates one expression and describes the outcome as the Go reference's expression mode
 * prints it: the result's repr, or "error: message".
 */
export function evalToString(
  source: string,
  env: ReadonlyMap<string, Value> = new Map(),
  thread = new Thread(),
): string {
  const parsed = parseExpr('expr', source);
  if (!parsed.ok) throw new Error(`syntax error in test expression ${source}: ${parsed.error}`);
  try {
    return decodeUtf8(repr(evalExpr(thread, parsed.expr, env)));
  } catch (e) {
    if (e instanceof EvalError || e instanceof StarlarkError)
      return `error: ${decodeUtf8(e.message)}`;
    throw e;
  }
}
