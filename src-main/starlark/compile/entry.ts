/**
 * Positions that go.starlark.net derives from its bytecode layout rather than from one node:
 *
 * - A frame that has not executed anything yet (an argument-binding or recursion error) is at
 *   the function's first instruction: the position the first emitted instruction carries — that
 *   of the first name, operator or call that sets one, else the `def`/`lambda` itself.
 * - Some instructions carry no position and report the last one before them in the code (a
 *   slice reports the position of its operands' last positioned operation).
 *
 * These helpers reproduce both from the tree, so backtraces match go.starlark.net's.
 */
import type * as ast from '../syntax/ast';

/** The position of a function's first instruction; `pos` is that of def/lambda (or the module's first statement). */
export function entryPosition(pos: ast.Position, body: readonly ast.Stmt[]): ast.Position {
  for (const s of body) {
    const p = firstOfStmt(s);
    if (p === 'none') continue;
    return p ?? pos;
  }
  return pos;
}

/** The position set before a statement's first instruction; undefined if none is; 'none' if it emits nothing. */
function firstOfStmt(s: ast.Stmt): ast.Position | undefined | 'none' {
  switch (s.kind) {
    case 'ExprStmt':
      return s.x.kind === 'Literal' ? 'none' : firstOfExpr(s.x);
    case 'BranchStmt':
      return 'none';
    case 'IfStmt':
    case 'WhileStmt':
      return firstOfExpr(s.cond);
    case 'AssignStmt':
      if (s.op === '=') return firstOfExpr(s.rhs);
      return firstOfExpr(unparen(s.lhs).kind === 'Ident' ? s.lhs : lhsOperand(s.lhs));
    case 'DefStmt':
      return firstOfFunction(s.fn!);
    case 'ForStmt':
      return firstOfExpr(s.x);
    case 'ReturnStmt':
      return s.result ? firstOfExpr(s.result) : undefined;
    case 'LoadStmt':
      return undefined;
  }
}

function unparen(e: ast.Expr): ast.Expr {
  return e.kind === 'ParenExpr' ? unparen(e.x) : e;
}

function lhsOperand(e: ast.Expr): ast.Expr {
  const u = unparen(e);
  return u.kind === 'IndexExpr' || u.kind === 'DotExpr' ? u.x : u;
}

function firstOfFunction(fn: ast.FunctionInfo): ast.Position {
  let seenStar = false;
  for (const p of fn.params) {
    if (p.kind === 'BinaryExpr') return firstOfExpr(p.y) ?? fn.pos;
    if (p.kind === 'UnaryExpr') seenStar = true;
    else if (seenStar) return fn.pos;
  }
  return fn.pos;
}

function firstOfExpr(e: ast.Expr): ast.Position | undefined {
  switch (e.kind) {
    case 'Ident':
      return e.binding?.scope === 'universal' ? undefined : e.start;
    case 'Literal':
    case 'DictExpr':
    case 'Comprehension':
    case 'DictEntry':
      return undefined;
    case 'ParenExpr':
    case 'IndexExpr':
    case 'DotExpr':
      return firstOfExpr(e.x);
    case 'ListExpr':
    case 'TupleExpr':
      return e.list.length > 0 ? firstOfExpr(e.list[0]!) : undefined;
    case 'CondExpr':
      return firstOfExpr(e.cond);
    case 'SliceExpr':
      return firstOfExpr(e.x) ?? e.lbrack;
    case 'UnaryExpr':
      return e.x ? firstOfExpr(e.x) : undefined;
    case 'BinaryExpr':
      return firstOfExpr(e.x);
    case 'CallExpr':
      return firstOfExpr(e.fn);
    case 'LambdaExpr':
      return firstOfFunction(e.fn!);
  }
}

/** The position of the last positioned instruction an expression's code emits, if any. */
export function lastPosition(e: ast.Expr): ast.Position | undefined {
  switch (e.kind) {
    case 'Ident':
      return e.binding?.scope === 'universal' ? undefined : e.start;
    case 'Literal':
      return undefined;
    case 'ParenExpr':
      return lastPosition(e.x);
    case 'ListExpr':
    case 'TupleExpr':
      for (let i = e.list.length - 1; i >= 0; i--) {
        const p = lastPosition(e.list[i]!);
        if (p) return p;
      }
      return undefined;
    case 'DictExpr':
      return e.entries.length > 0 ? e.entries[e.entries.length - 1]!.colon : undefined;
    case 'DictEntry':
      return e.colon;
    case 'IndexExpr':
      return e.lbrack;
    case 'SliceExpr':
      return (
        (e.step && lastPosition(e.step)) ??
        (e.hi && lastPosition(e.hi)) ??
        (e.lo && lastPosition(e.lo)) ??
        lastPosition(e.x) ??
        e.lbrack
      );
    case 'DotExpr':
      return e.dot;
    case 'CallExpr':
      return e.lparen;
    case 'UnaryExpr':
      return e.opPos;
    case 'BinaryExpr':
      if (e.op === 'and' || e.op === 'or') return lastPosition(e.y) ?? lastPosition(e.x);
      return e.opPos;
    case 'CondExpr':
      return lastPosition(e.falseExpr) ?? lastPosition(e.trueExpr) ?? lastPosition(e.cond);
    case 'Comprehension': {
      if (e.body.kind === 'DictEntry') return e.body.colon;
      const p = lastPosition(e.body);
      if (p) return p;
      for (let i = e.clauses.length - 1; i >= 0; i--) {
        const c = e.clauses[i]!;
        if (c.kind === 'ForClause') return c.start;
      }
      return undefined;
    }
    case 'LambdaExpr':
      return e.fn!.pos;
  }
}
