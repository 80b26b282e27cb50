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
import type { Frame } from '../runtime/frame';
import { BREAK, CONTINUE, NORMAL, RETURN, type Stmt } from './function';
import { forEach, type LoopBody } from './loop';

const MAX = Number.MAX_SAFE_INTEGER;

export function compileBlock(c: FunctionCompiler, stmts: readonly ast.Stmt[]): Stmt {
  return blockOf(c, compileBody(c, stmts));
}

/** The compiled statements of a body and their nodes (pass and docstrings compile to nothing). */
interface Body {
  readonly list: readonly Stmt[];
  readonly nodes: readonly ast.Stmt[];
}

function compileBody(c: FunctionCompiler, stmts: readonly ast.Stmt[]): Body {
  const list: Stmt[] = [];
  const nodes: ast.Stmt[] = [];
  for (const s of stmts) {
    const compiled = compileStmt(c, s);
    if (compiled === undefined) continue;
    list.push(compiled);
    nodes.push(s);
  }
  return { list, nodes };
}

function blockOf(c: FunctionCompiler, { list, nodes }: Body): Stmt {
  if (c.debug) return debugBlock(list, nodes);
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

/**
 * Debug builds call the thread's statement hook (the debugger) before each statement, with the
 * frame's pos at the statement's start. The check is made in the block itself, not in a wrapper
 * around each statement, and loops and ifs whose body is one statement make it themselves
 * (`debugSingle`), so with no hook installed a statement costs one property test more and no
 * extra call. (Storing the position on every statement would cost a write barrier each.)
 */
function debugBlock(list: readonly Stmt[], nodes: readonly ast.Stmt[]): Stmt {
  if (list.length === 0) return () => NORMAL;
  if (list.length === 1) {
    const s = list[0]!;
    const node = nodes[0]!;
    return (fr) => {
      const hook = fr.thread.onStatement;
      if (hook !== undefined) {
        fr.pos = node.start;
        hook(fr, node);
      }
      return s(fr);
    };
  }
  return (fr) => {
    const thread = fr.thread;
    for (let i = 0; i < list.length; i++) {
      const hook = thread.onStatement;
      if (hook !== undefined) {
        const node = nodes[i]!;
        fr.pos = node.start;
        hook(fr, node);
      }
      const r = list[i]!(fr);
      if (r !== NORMAL) return r;
    }
    return NORMAL;
  };
}

/** In a debug build, the statement of a one-statement body and its node; else undefined. */
function debugSingle(c: FunctionCompiler, body: Body): readonly [Stmt, ast.Stmt] | undefined {
  return c.debug && body.list.length === 1 ? [body.list[0]!, body.nodes[0]!] : undefined;
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
      const trueBody = compileBody(c, s.trueBody);
      const single = debugSingle(c, trueBody);
      if (single !== undefined && s.falseBody.length === 0) {
        const [stmt, node] = single;
        return (fr) => {
          if (!truth(cond(fr))) return NORMAL;
          const hook = fr.thread.onStatement;
          if (hook !== undefined) {
            fr.pos = node.start;
            hook(fr, node);
          }
          return stmt(fr);
        };
      }
      const t = blockOf(c, trueBody);
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
      const parts = compileBody(c, s.body);
      if (c.debug) return debugWhile(s, cond, parts, blockOf(c, parts));
      const body = blockOf(c, parts);
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
  const parts = compileBody(c, s.body);
  const body = blockOf(c, parts);
  const vars = unparen(s.vars);
  let each: LoopBody;
  const single = debugSingle(c, parts);
  if (vars.kind === 'Ident' && vars.binding!.scope === 'local' && single !== undefined) {
    const slot = vars.binding!.index;
    const [stmt, node] = single;
    each = (fr, v) => {
      fr.locals[slot] = v;
      const hook = fr.thread.onStatement;
      if (hook !== undefined) {
        fr.pos = node.start;
        hook(fr, node);
      }
      return stmt(fr);
    };
  } else if (vars.kind === 'Ident' && vars.binding!.scope === 'local') {
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

/**
 * A debug build's while loop. Its check records the loop's position first, so a pause honoured
 * there (`while True: pass` has no statement to stop at) shows the loop; a one-statement body
 * checks the statement hook itself.
 */
function debugWhile(s: ast.WhileStmt, cond: (fr: Frame) => Value, parts: Body, body: Stmt): Stmt {
  const pos = s.start;
  const node = parts.list.length === 1 ? parts.nodes[0]! : undefined;
  const stmt = parts.list.length === 1 ? parts.list[0]! : body;
  return (fr) => {
    const th = fr.thread;
    for (;;) {
      if (++th.steps >= th.checkAt) {
        fr.pos = pos;
        th.check();
      }
      if (!truth(cond(fr))) return NORMAL;
      if (node !== undefined) {
        const hook = th.onStatement;
        if (hook !== undefined) {
          fr.pos = node.start;
          hook(fr, node);
        }
      }
      const r = stmt(fr);
      if (r !== NORMAL) {
        if (r === BREAK) return NORMAL;
        if (r === RETURN) return RETURN;
      }
    }
  };
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
