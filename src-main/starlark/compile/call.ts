/**
 * Calls (spec: "Function and method calls"). Arguments are evaluated left to right — callee,
 * positional and named arguments in source order, then `*args`, then `**kwargs` — as
 * go.starlark.net does. `x.name(...)` on a str, bytes, list, dict or set calls the method's
 * implementation with x as receiver, without making a bound method value. A builtin runs with
 * `fr.callee` naming it, so an error it throws shows as "Error in name" in the backtrace.
 */
import type * as ast from '../syntax/ast';
import { StarlarkError } from '../runtime/errors';
import type { Frame } from '../runtime/frame';
import { getAttr, iterate, methodTable } from '../runtime/ops';
import {
  Builtin,
  Callable,
  Dict,
  List,
  Tuple,
  noKwargs,
  typeName,
  type BuiltinFn,
  type KwArgs,
  type Value,
} from '../runtime/value';
import type { FunctionCompiler } from './compiler';
import { evalAll } from './expr';
import { StarlarkFunction, type Expr } from './function';

/** Calls f from frame fr (which records the call's position). */
export function callValue(
  fr: Frame,
  f: Value,
  args: readonly Value[],
  kwargs: KwArgs,
  pos: ast.Position,
): Value {
  fr.pos = pos;
  if (f instanceof StarlarkFunction) return f.code.invoke(fr.thread, f, args, kwargs);
  if (f instanceof Builtin) {
    fr.callee = f.name;
    const r = f.fn(fr.thread, args, kwargs, f.recv);
    fr.callee = undefined;
    return r;
  }
  if (f instanceof Callable) {
    if (f.framed) return f.callInternal(fr.thread, args, kwargs);
    fr.callee = f.name;
    const r = f.callInternal(fr.thread, args, kwargs);
    fr.callee = undefined;
    return r;
  }
  throw new StarlarkError(`invalid call of non-function (${typeName(f)})`);
}

interface Arguments {
  positional: Expr[];
  named: [string, Expr][];
  star: Expr | undefined;
  starStar: Expr | undefined;
}

function compileArguments(c: FunctionCompiler, args: readonly ast.Expr[]): Arguments {
  const out: Arguments = { positional: [], named: [], star: undefined, starStar: undefined };
  for (const a of args) {
    if (a.kind === 'BinaryExpr' && a.op === '=') {
      out.named.push([(a.x as ast.Ident).name, c.expr(a.y)]);
    } else if (a.kind === 'UnaryExpr' && a.op === '*') {
      out.star = c.expr(a.x!);
    } else if (a.kind === 'UnaryExpr' && a.op === '**') {
      out.starStar = c.expr(a.x!);
    } else {
      out.positional.push(c.expr(a));
    }
  }
  return out;
}

/** Evaluates the arguments into [positional, keyword pairs], expanding *args and **kwargs. */
type ArgEvaluator = (fr: Frame, pos: ast.Position) => [Value[], KwArgs];

function argEvaluator(a: Arguments): ArgEvaluator {
  const { positional, named, star, starStar } = a;
  return (fr, pos) => {
    const args = evalAll(positional, fr);
    let kwargs: [string, Value][] = [];
    for (const [name, x] of named) kwargs.push([name, x(fr)]);
    const starValue = star?.(fr);
    const starStarValue = starStar?.(fr);
    fr.pos = pos;
    if (starStarValue !== undefined) {
      if (!(starStarValue instanceof Dict)) {
        throw new StarlarkError(
          `argument after ** must be a mapping, not ${typeName(starStarValue)}`,
        );
      }
      const items = starStarValue.items();
      for (const [k] of items) {
        if (typeof k !== 'string') {
          throw new StarlarkError(`keywords must be strings, not ${typeName(k)}`);
        }
      }
      kwargs =
        kwargs.length === 0
          ? (items as [string, Value][])
          : kwargs.concat(items as [string, Value][]);
    }
    if (starValue !== undefined) {
      if (starValue instanceof List || starValue instanceof Tuple) {
        for (const v of starValue.elems) args.push(v);
      } else {
        const it = iterate(starValue);
        if (it === undefined) {
          throw new StarlarkError(`argument after * must be iterable, not ${typeName(starValue)}`);
        }
        try {
          for (let v = it.next(); v !== undefined; v = it.next()) args.push(v);
        } finally {
          it.done();
        }
      }
    }
    return [args, kwargs.length === 0 ? noKwargs : kwargs];
  };
}

export function compileCall(c: FunctionCompiler, e: ast.CallExpr): Expr {
  const a = compileArguments(c, e.args);
  const pos = e.lparen;
  if (e.fn.kind === 'DotExpr') return compileMethodCall(c, e.fn, a, pos);
  const f = c.expr(e.fn);
  if (a.named.length === 0 && a.star === undefined && a.starStar === undefined) {
    return compilePositionalCall(f, a.positional, pos);
  }
  const evalArgs = argEvaluator(a);
  return (fr) => {
    const fn = f(fr);
    const [args, kwargs] = evalArgs(fr, pos);
    return callValue(fr, fn, args, kwargs, pos);
  };
}

/** `x.name(args)`: a method of a built-in type is called directly on its receiver. */
function compileMethodCall(
  c: FunctionCompiler,
  dot: ast.DotExpr,
  a: Arguments,
  pos: ast.Position,
): Expr {
  const recv = c.expr(dot.x);
  const name = dot.name.name;
  const dotPos = dot.dot;
  const simple = a.named.length === 0 && a.star === undefined && a.starStar === undefined;
  const positional = a.positional;
  const evalArgs = simple ? undefined : argEvaluator(a);
  // A one-entry cache of the method table last seen at this call site.
  let cachedTable: ReadonlyMap<string, BuiltinFn> | undefined;
  let cachedFn: BuiltinFn | undefined;
  return (fr) => {
    const x = recv(fr);
    const table = methodTable(x);
    let method: BuiltinFn | undefined;
    if (table !== undefined) {
      if (table === cachedTable) method = cachedFn;
      else {
        method = table.get(name);
        cachedTable = table;
        cachedFn = method;
      }
    }
    if (method === undefined) {
      fr.pos = dotPos;
      const f = getAttr(x, name);
      if (evalArgs === undefined) return callValue(fr, f, evalAll(positional, fr), noKwargs, pos);
      const [args, kwargs] = evalArgs(fr, pos);
      return callValue(fr, f, args, kwargs, pos);
    }
    let args: Value[];
    let kwargs: KwArgs = noKwargs;
    if (evalArgs === undefined) args = evalAll(positional, fr);
    else [args, kwargs] = evalArgs(fr, pos);
    fr.pos = pos;
    fr.callee = name;
    const r = method(fr.thread, args, kwargs, x);
    fr.callee = undefined;
    return r;
  };
}

/**
 * f(x, y, ...) with positional arguments only: when f is a Starlark function whose parameters
 * they fill exactly, they are evaluated straight into its new frame's local slots.
 */
function compilePositionalCall(f: Expr, p: readonly Expr[], pos: ast.Position): Expr {
  const n = p.length;
  // A Starlark function whose parameters the arguments fill (the rest having defaults).
  const direct = (fn: Value): fn is StarlarkFunction =>
    fn instanceof StarlarkFunction &&
    fn.code.simpleParams &&
    fn.code.numParams >= n &&
    n >= fn.code.numParams - fn.defaults.length;
  switch (n) {
    case 0:
      return (fr) => {
        const fn = f(fr);
        if (direct(fn)) {
          fr.pos = pos;
          const locals = new Array<Value | undefined>(fn.code.numLocals);
          if (fn.code.numParams > 0) fn.code.fillDefaults(fn, locals, 0);
          return fn.code.run(fr.thread, fn, locals, undefined, noKwargs);
        }
        return callValue(fr, fn, [], noKwargs, pos);
      };
    case 1: {
      const [x] = p as [Expr];
      return (fr) => {
        const fn = f(fr);
        if (direct(fn)) {
          const locals = new Array<Value | undefined>(fn.code.numLocals);
          locals[0] = x(fr);
          if (fn.code.numParams > 1) fn.code.fillDefaults(fn, locals, 1);
          fr.pos = pos;
          return fn.code.run(fr.thread, fn, locals, undefined, noKwargs);
        }
        return callValue(fr, fn, [x(fr)], noKwargs, pos);
      };
    }
    case 2: {
      const [x, y] = p as [Expr, Expr];
      return (fr) => {
        const fn = f(fr);
        if (direct(fn)) {
          const locals = new Array<Value | undefined>(fn.code.numLocals);
          locals[0] = x(fr);
          locals[1] = y(fr);
          if (fn.code.numParams > 2) fn.code.fillDefaults(fn, locals, 2);
          fr.pos = pos;
          return fn.code.run(fr.thread, fn, locals, undefined, noKwargs);
        }
        const args = [x(fr), y(fr)];
        return callValue(fr, fn, args, noKwargs, pos);
      };
    }
    default:
      return (fr) => {
        const fn = f(fr);
        if (direct(fn)) {
          const locals = new Array<Value | undefined>(fn.code.numLocals);
          for (let i = 0; i < n; i++) locals[i] = p[i]!(fr);
          if (fn.code.numParams > n) fn.code.fillDefaults(fn, locals, n);
          fr.pos = pos;
          return fn.code.run(fr.thread, fn, locals, undefined, noKwargs);
        }
        return callValue(fr, fn, evalAll(p, fr), noKwargs, pos);
      };
  }
}
