/**
 * The classes of the nodes the parser builds. They implement the interfaces of ast.ts; what they
 * add is storage: a node keeps its positions as numbers (line and column pairs) and makes a
 * Position object only when one is read. A tree then costs one object per node instead of three or
 * four, which halves the parser's allocation and time — the editor reparses on every keystroke.
 *
 * Read positions through the interface (`node.start`, `call.lparen`); each read returns a fresh
 * Position. Do not spread or serialize nodes: positions are accessors on the prototype.
 */

import type {
  AssignOp,
  AssignStmt,
  BinaryExpr,
  BinaryOp,
  Binding,
  BranchStmt,
  CallExpr,
  Comprehension,
  CondExpr,
  DefStmt,
  DictEntry,
  DictExpr,
  DotExpr,
  Expr,
  ExprStmt,
  ForClause,
  ForStmt,
  FunctionInfo,
  Ident,
  IfClause,
  IfStmt,
  IndexExpr,
  LambdaExpr,
  ListExpr,
  LoadStmt,
  ParenExpr,
  Position,
  ReturnStmt,
  SliceExpr,
  Stmt,
  StringLiteral,
  TupleExpr,
  UnaryExpr,
  UnaryOp,
  WhileStmt,
} from './ast';

/** Where a node starts and ends, as numbers. */
export abstract class Span {
  // Fields are declared, not defined, and assigned in constructors: V8 builds such objects much
  // faster than ones with class-field initializers.
  declare readonly file: string;
  declare readonly startLine: number;
  declare readonly startCol: number;
  declare readonly endLine: number;
  declare readonly endCol: number;

  constructor(file: string, startLine: number, startCol: number, endLine: number, endCol: number) {
    this.file = file;
    this.startLine = startLine;
    this.startCol = startCol;
    this.endLine = endLine;
    this.endCol = endCol;
  }

  get start(): Position {
    return { file: this.file, line: this.startLine, col: this.startCol };
  }

  get end(): Position {
    return { file: this.file, line: this.endLine, col: this.endCol };
  }
}

/** The parser's expressions and statements: the ast.ts types, with their spans as numbers. */
export type SpanExpr = Expr & Span;
export type SpanStmt = Stmt & Span;

function at(file: string, line: number, col: number): Position {
  return { file, line, col };
}

// --- statements -------------------------------------------------------------------------------

export class AssignStmtNode extends Span implements AssignStmt {
  declare readonly kind: 'AssignStmt';
  declare readonly lhs: SpanExpr;
  declare readonly op: AssignOp;
  declare private readonly opLine: number;
  declare private readonly opCol: number;
  declare readonly rhs: SpanExpr;
  constructor(lhs: SpanExpr, op: AssignOp, opLine: number, opCol: number, rhs: SpanExpr) {
    super(lhs.file, lhs.startLine, lhs.startCol, rhs.endLine, rhs.endCol);
    this.kind = 'AssignStmt';
    this.lhs = lhs;
    this.op = op;
    this.opLine = opLine;
    this.opCol = opCol;
    this.rhs = rhs;
  }
  get opPos(): Position {
    return at(this.file, this.opLine, this.opCol);
  }
}

export class BranchStmtNode extends Span implements BranchStmt {
  declare readonly kind: 'BranchStmt';
  declare readonly token: 'break' | 'continue' | 'pass';
  constructor(file: string, line: number, col: number, token: 'break' | 'continue' | 'pass') {
    super(file, line, col, line, col + token.length);
    this.kind = 'BranchStmt';
    this.token = token;
  }
}

export class DefStmtNode extends Span implements DefStmt {
  declare readonly kind: 'DefStmt';
  declare readonly name: IdentNode;
  declare private readonly lparenLine: number;
  declare private readonly lparenCol: number;
  declare readonly params: readonly SpanExpr[];
  declare readonly body: readonly SpanStmt[];
  declare fn: FunctionInfo | undefined;
  constructor(
    file: string,
    line: number,
    col: number,
    name: IdentNode,
    lparenLine: number,
    lparenCol: number,
    params: readonly SpanExpr[],
    body: readonly SpanStmt[],
    endLine: number,
    endCol: number,
  ) {
    super(file, line, col, endLine, endCol);
    this.kind = 'DefStmt';
    this.name = name;
    this.lparenLine = lparenLine;
    this.lparenCol = lparenCol;
    this.params = params;
    this.body = body;
    this.fn = undefined;
  }
  get lparen(): Position {
    return at(this.file, this.lparenLine, this.lparenCol);
  }
}

export class ExprStmtNode extends Span implements ExprStmt {
  declare readonly kind: 'ExprStmt';
  declare readonly x: SpanExpr;
  constructor(x: SpanExpr) {
    super(x.file, x.startLine, x.startCol, x.endLine, x.endCol);
    this.kind = 'ExprStmt';
    this.x = x;
  }
}

export class ForStmtNode extends Span implements ForStmt {
  declare readonly kind: 'ForStmt';
  declare readonly vars: SpanExpr;
  declare readonly x: SpanExpr;
  declare readonly body: readonly SpanStmt[];
  constructor(
    file: string,
    line: number,
    col: number,
    vars: SpanExpr,
    x: SpanExpr,
    body: readonly SpanStmt[],
    endLine: number,
    endCol: number,
  ) {
    super(file, line, col, endLine, endCol);
    this.kind = 'ForStmt';
    this.vars = vars;
    this.x = x;
    this.body = body;
  }
}

export class WhileStmtNode extends Span implements WhileStmt {
  declare readonly kind: 'WhileStmt';
  declare readonly cond: SpanExpr;
  declare readonly body: readonly SpanStmt[];
  constructor(
    file: string,
    line: number,
    col: number,
    cond: SpanExpr,
    body: readonly SpanStmt[],
    endLine: number,
    endCol: number,
  ) {
    super(file, line, col, endLine, endCol);
    this.kind = 'WhileStmt';
    this.cond = cond;
    this.body = body;
  }
}

export class IfStmtNode extends Span implements IfStmt {
  declare readonly kind: 'IfStmt';
  declare readonly cond: SpanExpr;
  declare readonly trueBody: readonly SpanStmt[];
  declare private readonly elseLine: number;
  declare private readonly elseCol: number;
  declare readonly falseBody: readonly SpanStmt[];
  constructor(
    file: string,
    line: number,
    col: number,
    cond: SpanExpr,
    trueBody: readonly SpanStmt[],
    elseLine: number,
    elseCol: number,
    falseBody: readonly SpanStmt[],
    endLine: number,
    endCol: number,
  ) {
    super(file, line, col, endLine, endCol);
    this.kind = 'IfStmt';
    this.cond = cond;
    this.trueBody = trueBody;
    this.elseLine = elseLine;
    this.elseCol = elseCol;
    this.falseBody = falseBody;
  }
  get elsePos(): Position | undefined {
    return this.elseLine === 0 ? undefined : at(this.file, this.elseLine, this.elseCol);
  }
}

export class LoadStmtNode extends Span implements LoadStmt {
  declare readonly kind: 'LoadStmt';
  declare readonly module: StringLiteral;
  declare readonly from: readonly IdentNode[];
  declare readonly to: readonly IdentNode[];
  declare private readonly rparenLine: number;
  declare private readonly rparenCol: number;
  constructor(
    file: string,
    line: number,
    col: number,
    module: StringLiteral,
    from: readonly IdentNode[],
    to: readonly IdentNode[],
    rparenLine: number,
    rparenCol: number,
  ) {
    super(file, line, col, rparenLine, rparenCol + 1);
    this.kind = 'LoadStmt';
    this.module = module;
    this.from = from;
    this.to = to;
    this.rparenLine = rparenLine;
    this.rparenCol = rparenCol;
  }
  get rparen(): Position {
    return at(this.file, this.rparenLine, this.rparenCol);
  }
}

// --- expressions -------------------------------------------------------------------------------

export class ReturnStmtNode extends Span implements ReturnStmt {
  declare readonly kind: 'ReturnStmt';
  declare readonly result: SpanExpr | undefined;
  constructor(file: string, line: number, col: number, result: SpanExpr | undefined) {
    super(
      file,
      line,
      col,
      result ? result.endLine : line,
      result ? result.endCol : col + 'return'.length,
    );
    this.kind = 'ReturnStmt';
    this.result = result;
  }
}

export class IdentNode extends Span implements Ident {
  declare readonly kind: 'Ident';
  declare readonly name: string;
  declare binding: Binding | undefined;
  constructor(
    file: string,
    line: number,
    col: number,
    endLine: number,
    endCol: number,
    name: string,
  ) {
    super(file, line, col, endLine, endCol);
    this.kind = 'Ident';
    this.name = name;
    this.binding = undefined;
  }
}

export class LiteralNode extends Span {
  declare readonly kind: 'Literal';
  declare readonly token: 'STRING' | 'BYTES' | 'INT' | 'FLOAT';
  declare readonly raw: string;
  declare readonly value: string | number | bigint;
  constructor(
    file: string,
    line: number,
    col: number,
    endLine: number,
    endCol: number,
    token: 'STRING' | 'BYTES' | 'INT' | 'FLOAT',
    raw: string,
    value: string | number | bigint,
  ) {
    super(file, line, col, endLine, endCol);
    this.kind = 'Literal';
    this.token = token;
    this.raw = raw;
    this.value = value;
  }
}

export class ParenExprNode extends Span implements ParenExpr {
  declare readonly kind: 'ParenExpr';
  declare readonly x: SpanExpr;
  constructor(
    file: string,
    line: number,
    col: number,
    endLine: number,
    endCol: number,
    x: SpanExpr,
  ) {
    super(file, line, col, endLine, endCol);
    this.kind = 'ParenExpr';
    this.x = x;
  }
}

export class CallExprNode extends Span implements CallExpr {
  declare readonly kind: 'CallExpr';
  declare readonly fn: SpanExpr;
  declare private readonly lparenLine: number;
  declare private readonly lparenCol: number;
  declare readonly args: readonly SpanExpr[];
  declare private readonly rparenLine: number;
  declare private readonly rparenCol: number;
  constructor(
    fn: SpanExpr,
    lparenLine: number,
    lparenCol: number,
    args: readonly SpanExpr[],
    rparenLine: number,
    rparenCol: number,
  ) {
    super(fn.file, fn.startLine, fn.startCol, rparenLine, rparenCol + 1);
    this.kind = 'CallExpr';
    this.fn = fn;
    this.lparenLine = lparenLine;
    this.lparenCol = lparenCol;
    this.args = args;
    this.rparenLine = rparenLine;
    this.rparenCol = rparenCol;
  }
  get lparen(): Position {
    return at(this.file, this.lparenLine, this.lparenCol);
  }
  get rparen(): Position {
    return at(this.file, this.rparenLine, this.rparenCol);
  }
}

export class DotExprNode extends Span implements DotExpr {
  declare readonly kind: 'DotExpr';
  declare readonly x: SpanExpr;
  declare private readonly dotLine: number;
  declare private readonly dotCol: number;
  declare readonly name: IdentNode;
  constructor(x: SpanExpr, dotLine: number, dotCol: number, name: IdentNode) {
    super(x.file, x.startLine, x.startCol, name.endLine, name.endCol);
    this.kind = 'DotExpr';
    this.x = x;
    this.dotLine = dotLine;
    this.dotCol = dotCol;
    this.name = name;
  }
  get dot(): Position {
    return at(this.file, this.dotLine, this.dotCol);
  }
}

export class ComprehensionNode extends Span implements Comprehension {
  declare readonly kind: 'Comprehension';
  declare readonly curly: boolean;
  declare readonly body: SpanExpr;
  declare readonly clauses: readonly (ForClauseNode | IfClauseNode)[];
  constructor(
    file: string,
    line: number,
    col: number,
    endLine: number,
    endCol: number,
    curly: boolean,
    body: SpanExpr,
    clauses: readonly (ForClauseNode | IfClauseNode)[],
  ) {
    super(file, line, col, endLine, endCol);
    this.kind = 'Comprehension';
    this.curly = curly;
    this.body = body;
    this.clauses = clauses;
  }
}

export class ForClauseNode extends Span implements ForClause {
  declare readonly kind: 'ForClause';
  declare readonly vars: SpanExpr;
  declare readonly x: SpanExpr;
  constructor(file: string, line: number, col: number, vars: SpanExpr, x: SpanExpr) {
    super(file, line, col, x.endLine, x.endCol);
    this.kind = 'ForClause';
    this.vars = vars;
    this.x = x;
  }
}

export class IfClauseNode extends Span implements IfClause {
  declare readonly kind: 'IfClause';
  declare readonly cond: SpanExpr;
  constructor(file: string, line: number, col: number, cond: SpanExpr) {
    super(file, line, col, cond.endLine, cond.endCol);
    this.kind = 'IfClause';
    this.cond = cond;
  }
}

export class DictExprNode extends Span implements DictExpr {
  declare readonly kind: 'DictExpr';
  declare readonly entries: readonly DictEntryNode[];
  constructor(
    file: string,
    line: number,
    col: number,
    endLine: number,
    endCol: number,
    entries: readonly DictEntryNode[],
  ) {
    super(file, line, col, endLine, endCol);
    this.kind = 'DictExpr';
    this.entries = entries;
  }
}

export class DictEntryNode extends Span implements DictEntry {
  declare readonly kind: 'DictEntry';
  declare readonly key: SpanExpr;
  declare private readonly colonLine: number;
  declare private readonly colonCol: number;
  declare readonly value: SpanExpr;
  constructor(key: SpanExpr, colonLine: number, colonCol: number, value: SpanExpr) {
    super(key.file, key.startLine, key.startCol, value.endLine, value.endCol);
    this.kind = 'DictEntry';
    this.key = key;
    this.colonLine = colonLine;
    this.colonCol = colonCol;
    this.value = value;
  }
  get colon(): Position {
    return at(this.file, this.colonLine, this.colonCol);
  }
}

export class LambdaExprNode extends Span implements LambdaExpr {
  declare readonly kind: 'LambdaExpr';
  declare readonly params: readonly SpanExpr[];
  declare readonly body: SpanExpr;
  declare fn: FunctionInfo | undefined;
  constructor(
    file: string,
    line: number,
    col: number,
    params: readonly SpanExpr[],
    body: SpanExpr,
  ) {
    super(file, line, col, body.endLine, body.endCol);
    this.kind = 'LambdaExpr';
    this.params = params;
    this.body = body;
    this.fn = undefined;
  }
}

export class ListExprNode extends Span implements ListExpr {
  declare readonly kind: 'ListExpr';
  declare readonly list: readonly SpanExpr[];
  constructor(
    file: string,
    line: number,
    col: number,
    endLine: number,
    endCol: number,
    list: readonly SpanExpr[],
  ) {
    super(file, line, col, endLine, endCol);
    this.kind = 'ListExpr';
    this.list = list;
  }
}

export class TupleExprNode extends Span implements TupleExpr {
  declare readonly kind: 'TupleExpr';
  declare readonly parens: boolean;
  declare readonly list: readonly SpanExpr[];
  constructor(
    file: string,
    line: number,
    col: number,
    endLine: number,
    endCol: number,
    parens: boolean,
    list: readonly SpanExpr[],
  ) {
    super(file, line, col, endLine, endCol);
    this.kind = 'TupleExpr';
    this.parens = parens;
    this.list = list;
  }
}

export class CondExprNode extends Span implements CondExpr {
  declare readonly kind: 'CondExpr';
  declare readonly trueExpr: SpanExpr;
  declare readonly cond: SpanExpr;
  declare readonly falseExpr: SpanExpr;
  constructor(trueExpr: SpanExpr, cond: SpanExpr, falseExpr: SpanExpr) {
    super(
      trueExpr.file,
      trueExpr.startLine,
      trueExpr.startCol,
      falseExpr.endLine,
      falseExpr.endCol,
    );
    this.kind = 'CondExpr';
    this.trueExpr = trueExpr;
    this.cond = cond;
    this.falseExpr = falseExpr;
  }
}

export class UnaryExprNode extends Span implements UnaryExpr {
  declare readonly kind: 'UnaryExpr';
  declare readonly op: UnaryOp;
  declare readonly x: SpanExpr | undefined;
  constructor(file: string, line: number, col: number, op: UnaryOp, x: SpanExpr | undefined) {
    super(file, line, col, x ? x.endLine : line, x ? x.endCol : col + op.length);
    this.kind = 'UnaryExpr';
    this.op = op;
    this.x = x;
  }
  get opPos(): Position {
    return at(this.file, this.startLine, this.startCol);
  }
}

export class BinaryExprNode extends Span implements BinaryExpr {
  declare readonly kind: 'BinaryExpr';
  declare readonly x: SpanExpr;
  declare readonly op: BinaryOp | '=';
  declare private readonly opLine: number;
  declare private readonly opCol: number;
  declare readonly y: SpanExpr;
  constructor(x: SpanExpr, op: BinaryOp | '=', opLine: number, opCol: number, y: SpanExpr) {
    super(x.file, x.startLine, x.startCol, y.endLine, y.endCol);
    this.kind = 'BinaryExpr';
    this.x = x;
    this.op = op;
    this.opLine = opLine;
    this.opCol = opCol;
    this.y = y;
  }
  get opPos(): Position {
    return at(this.file, this.opLine, this.opCol);
  }
}

export class SliceExprNode extends Span implements SliceExpr {
  declare readonly kind: 'SliceExpr';
  declare readonly x: SpanExpr;
  declare private readonly lbrackLine: number;
  declare private readonly lbrackCol: number;
  declare readonly lo: SpanExpr | undefined;
  declare readonly hi: SpanExpr | undefined;
  declare readonly step: SpanExpr | undefined;
  constructor(
    x: SpanExpr,
    lbrackLine: number,
    lbrackCol: number,
    lo: SpanExpr | undefined,
    hi: SpanExpr | undefined,
    step: SpanExpr | undefined,
    endLine: number,
    endCol: number,
  ) {
    super(x.file, x.startLine, x.startCol, endLine, endCol);
    this.kind = 'SliceExpr';
    this.x = x;
    this.lbrackLine = lbrackLine;
    this.lbrackCol = lbrackCol;
    this.lo = lo;
    this.hi = hi;
    this.step = step;
  }
  get lbrack(): Position {
    return at(this.file, this.lbrackLine, this.lbrackCol);
  }
}

export class IndexExprNode extends Span implements IndexExpr {
  declare readonly kind: 'IndexExpr';
  declare readonly x: SpanExpr;
  declare private readonly lbrackLine: number;
  declare private readonly lbrackCol: number;
  declare readonly y: SpanExpr;
  constructor(
    x: SpanExpr,
    lbrackLine: number,
    lbrackCol: number,
    y: SpanExpr,
    endLine: number,
    endCol: number,
  ) {
    super(x.file, x.startLine, x.startCol, endLine, endCol);
    this.kind = 'IndexExpr';
    this.x = x;
    this.lbrackLine = lbrackLine;
    this.lbrackCol = lbrackCol;
    this.y = y;
  }
  get lbrack(): Position {
    return at(this.file, this.lbrackLine, this.lbrackCol);
  }
}
