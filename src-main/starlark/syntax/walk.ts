import type { Node } from './ast';

/**
 * Calls `visit` for each direct child of a node, in source order (go.starlark.net's Walk order).
 * A load statement's `from` and `to` identifiers are both visited; for `load("m", "x")` they are
 * the same node.
 */
export function forEachChild(node: Node, visit: (child: Node) => void): void {
  switch (node.kind) {
    case 'File':
      node.stmts.forEach(visit);
      return;
    case 'ExprStmt':
      visit(node.x);
      return;
    case 'BranchStmt':
    case 'Ident':
    case 'Literal':
      return;
    case 'IfStmt':
      visit(node.cond);
      node.trueBody.forEach(visit);
      node.falseBody.forEach(visit);
      return;
    case 'AssignStmt':
      visit(node.lhs);
      visit(node.rhs);
      return;
    case 'DefStmt':
      visit(node.name);
      node.params.forEach(visit);
      node.body.forEach(visit);
      return;
    case 'ForStmt':
      visit(node.vars);
      visit(node.x);
      node.body.forEach(visit);
      return;
    case 'WhileStmt':
      visit(node.cond);
      node.body.forEach(visit);
      return;
    case 'ReturnStmt':
      if (node.result) visit(node.result);
      return;
    case 'LoadStmt':
      visit(node.module);
      node.from.forEach(visit);
      node.to.forEach(visit);
      return;
    case 'ListExpr':
    case 'TupleExpr':
      node.list.forEach(visit);
      return;
    case 'ParenExpr':
      visit(node.x);
      return;
    case 'CondExpr':
      visit(node.cond);
      visit(node.trueExpr);
      visit(node.falseExpr);
      return;
    case 'IndexExpr':
      visit(node.x);
      visit(node.y);
      return;
    case 'DictEntry':
      visit(node.key);
      visit(node.value);
      return;
    case 'SliceExpr':
      visit(node.x);
      if (node.lo) visit(node.lo);
      if (node.hi) visit(node.hi);
      if (node.step) visit(node.step);
      return;
    case 'Comprehension':
      visit(node.body);
      node.clauses.forEach(visit);
      return;
    case 'IfClause':
      visit(node.cond);
      return;
    case 'ForClause':
      visit(node.vars);
      visit(node.x);
      return;
    case 'DictExpr':
      node.entries.forEach(visit);
      return;
    case 'UnaryExpr':
      if (node.x) visit(node.x);
      return;
    case 'BinaryExpr':
      visit(node.x);
      visit(node.y);
      return;
    case 'DotExpr':
      visit(node.x);
      visit(node.name);
      return;
    case 'CallExpr':
      visit(node.fn);
      node.args.forEach(visit);
      return;
    case 'LambdaExpr':
      node.params.forEach(visit);
      visit(node.body);
      return;
  }
}

/**
 * Visits a node and its descendants depth first, parents before children. Returning false from
 * `visit` skips the node's children.
 */
export function walk(node: Node, visit: (node: Node) => boolean | void): void {
  if (visit(node) === false) return;
  forEachChild(node, (child) => walk(child, visit));
}
