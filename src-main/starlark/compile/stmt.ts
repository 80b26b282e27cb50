/**
 * Statements (spec: "Statements"). A block runs its statements in order and stops at the first
 * that reports BREAK, CONTINUE or RETURN; loops consume BREAK and CONTINUE, function calls
 * RETURN (the value is in `fr.result`).
 */
import type * as ast from '../syntax/ast';
import { nearest } from '../resolve/spell';
import { StarlarkError } from '../runtime/errors';
import { isIterable } from '../runtime/builtins';
import { binary, getAttr, index, setField, setIndex, toArray } from '../runtime/ops';
import { Dict, List, None, truth, type BinaryOperator, type Value } from '../runtime/value';
import { compileSetName } from './assign';
import type { FunctionCompiler } from './compiler';
import { compileMakeFunction } from './expr';
import { BREAK, CONTINUE, NORMAL, RETURN, type Stmt } from './function';
import { forEach, type LoopBody } from './loop';

const MAX = Number.MAX_SAFE_INTEGER;

export function compileBlock(c: FunctionCompiler, stmts: readonly ast.Stmt[]): Stmt {
  const list: Stmt[] = [];
  for (const s of stmts) {
    const compiled = compileStmt(c, s);
    if (compiled !== undefined) list.push(c.debug ? withHook(compiled, s) : compiled);
  }
  switch (list.length) {
    case 0:
      return () => NORMAL;
    case 1:
      return list[0]!;
    case 2: {
      const [a, b] = list as [Stmt, Stmt];
      return (fr) => {
        const r = a(fr);
        return r !== NORMAL ? r : b(fr);
      };
    }
    default:
      return (fr) => {
        for (let i = 0; i < list.length; i++) {
          const r = list[i]!(fr);
          if (r !== NORMAL) return r;
        }
        return NORMAL;
      };
  }
}

/** Debug builds call the thread's statement hook (the debugger) before each statement. */
function withHook(s: Stmt, node: ast.Stmt): Stmt {
  const pos = node.start;
  return (fr) => {
    fr.pos = pos;
    const hook = fr.thread.onStatement;
    if (hook !== undefined) hook(fr, node);
    return s(fr);
  };
}

/** A statement's closure, or undefined when it does nothing (pass, a docstring). */
function compileStmt(c: FunctionCompiler, s: ast.Stmt): Stmt | undefined {
  switch (s.kind) {
    case 'ExprStmt': {
      if (s.x.kind === 'Literal') return undefined; // a docstring: not even evaluated
      const x = c.expr(s.x);
      return (fr) => {
        x(fr);
        return NORMAL;
      };
    }
    case 'BranchStmt':
      if (s.token === 'pass') return undefined;
      return s.token === 'break' ? () => BREAK : () => CONTINUE;
    case 'IfStmt': {
      const cond = c.expr(s.cond);
      const t = c.block(s.trueBody);
      if (s.falseBody.length === 0) return (fr) => (truth(cond(fr)) ? t(fr) : NORMAL);
      const f = c.block(s.falseBody);
      return (fr) => (truth(cond(fr)) ? t(fr) : f(fr));
    }
    case 'AssignStmt':
      return s.op === '=' ? compileAssignStmt(c, s) : compileAugmented(c, s);
    case 'DefStmt': {
      const make = compileMakeFunction(c, s.fn!);
      const set = compileSetName(s.name);
      return (fr) => {
        set(fr, make(fr));
        return NORMAL;
      };
    }
    case 'ForStmt':
      return compileFor(c, s);
    case 'WhileStmt': {
      const cond = c.expr(s.cond);
      const body = c.block(s.body);
      return (fr) => {
        const th = fr.thread;
        for (;;) {
          if (++th.steps >= th.checkAt) th.check();
          if (!truth(cond(fr))) return NORMAL;
          const r = body(fr);
          if (r !== NORMAL) {
            if (r === BREAK) return NORMAL;
            if (r === RETURN) return RETURN;
          }
        }
      };
    }
    case 'ReturnStmt': {
      if (s.result === undefined) {
        return (fr) => {
          fr.result = None;
          return RETURN;
        };
      }
      const x = c.expr(s.result);
      return (fr) => {
        fr.result = x(fr);
        return RETURN;
      };
    }
    case 'LoadStmt':
      return compileLoad(s);
  }
}

function compileAssignStmt(c: FunctionCompiler, s: ast.AssignStmt): Stmt {
  const rhs = c.expr(s.rhs);
  const lhs = unparen(s.lhs);
  if (lhs.kind === 'Ident' && lhs.binding!.scope === 'local') {
    const i = lhs.binding!.index;
    return (fr) => {
      fr.locals[i] = rhs(fr);
      return NORMAL;
    };
  }
  const assign = c.assign(s.lhs, s.opPos);
  return (fr) => {
    assign(fr, rhs(fr));
    return NORMAL;
  };
}

function unparen(e: ast.Expr): ast.Expr {
  return e.kind === 'ParenExpr' ? unparen(e.x) : e;
}

/** x op= y: `+=` on a list extends it in place and `|=` on a dict updates it in place. */
function inplace(op: BinaryOperator, x: Value, y: Value): Value {
  if (op === '+' && x instanceof List && isIterable(y)) {
    x.checkMutable('apply += to');
    extendList(x, y);
    return x;
  }
  if (op === '|' && x instanceof Dict && y instanceof Dict) {
    x.checkMutable('apply |= to');
    for (const [k, v] of y.items()) x.set(k, v);
    return x;
  }
  return binary(op, x, y);
}

function extendList(x: List, y: Value): void {
  const target = x.elems;
  const src = y instanceof List ? y.elems : (toArray(y) ?? []);
  const n = src.length;
  for (let i = 0; i < n; i++) target.push(src[i]!);
}

function compileAugmented(c: FunctionCompiler, s: ast.AssignStmt): Stmt {
  const op = s.op.slice(0, -1) as BinaryOperator;
  const opPos = s.opPos;
  const y = c.expr(s.rhs);
  const lhs = unparen(s.lhs);
  switch (lhs.kind) {
    case 'Ident': {
      const get = c.expr(lhs);
      const set = compileSetName(lhs);
      const b = lhs.binding!;
      if (b.scope === 'local' && op === '+') {
        const i = b.index;
        return (fr) => {
          const a = get(fr);
          const v = y(fr);
          if (typeof a === 'number' && typeof v === 'number') {
            const r = a + v;
            if (r <= MAX && r >= -MAX) {
              fr.locals[i] = r;
              return NORMAL;
            }
          }
          fr.pos = opPos;
          fr.locals[i] = inplace(op, a, v);
          return NORMAL;
        };
      }
      return (fr) => {
        const a = get(fr);
        const v = y(fr);
        fr.pos = opPos;
        set(fr, inplace(op, a, v));
        return NORMAL;
      };
    }
    case 'IndexExpr': {
      const x = c.expr(lhs.x);
      const i = c.expr(lhs.y);
      const lbrack = lhs.lbrack;
      return (fr) => {
        const a = x(fr);
        const k = i(fr);
        fr.pos = lbrack;
        const old = index(a, k);
        const v = y(fr);
        fr.pos = opPos;
        const r = inplace(op, old, v);
        fr.pos = lbrack;
        setIndex(a, k, r);
        return NORMAL;
      };
    }
    case 'DotExpr': {
      const x = c.expr(lhs.x);
      const name = lhs.name.name;
      const dot = lhs.dot;
      return (fr) => {
        const a = x(fr);
        fr.pos = dot;
        const old = getAttr(a, name);
        const v = y(fr);
        fr.pos = opPos;
        const r = inplace(op, old, v);
        fr.pos = dot;
        setField(a, name, r);
        return NORMAL;
      };
    }
    default:
      throw new Error(`internal error: cannot assign to ${lhs.kind}`);
  }
}

function compileFor(c: FunctionCompiler, s: ast.ForStmt): Stmt {
  const x = c.expr(s.x);
  const pos = s.start;
  const body = c.block(s.body);
  const vars = unparen(s.vars);
  let each: LoopBody;
  if (vars.kind === 'Ident' && vars.binding!.scope === 'local') {
    const slot = vars.binding!.index;
    each = (fr, v) => {
      fr.locals[slot] = v;
      return body(fr);
    };
  } else {
    const assign = c.assign(s.vars, pos);
    each = (fr, v) => {
      assign(fr, v);
      return body(fr);
    };
  }
  return (fr) => forEach(fr, x(fr), pos, each);
}

function compileLoad(s: ast.LoadStmt): Stmt {
  const module = s.module.value;
  const pos = s.start;
  const from = s.from.map((id) => id.name);
  const to = s.to.map((id) => compileSetName(id));
  return (fr) => {
    fr.pos = pos;
    const th = fr.thread;
    if (th.load === undefined) throw new StarlarkError('load not implemented by this application');
    let globals: ReadonlyMap<string, Value>;
    try {
      globals = th.load(th, module);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      throw new StarlarkError(`cannot load ${module}: ${msg}`, { cause: e });
    }
    // go.starlark.net binds the names last to first.
    for (let i = from.length - 1; i >= 0; i--) {
      const v = globals.get(from[i]!);
      if (v === undefined) {
        let msg = `load: name ${from[i]} not found in module ${module}`;
        const hint = nearest(from[i]!, [...globals.keys()].sort());
        if (hint) msg += ` (did you mean ${hint}?)`;
        throw new StarlarkError(msg);
      }
      to[i]!(fr, v);
    }
    return NORMAL;
  };
}
