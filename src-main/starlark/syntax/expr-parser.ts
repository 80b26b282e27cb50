/**
 * The expression half of the Starlark parser (parse.ts has the statements and the entry points),
 * and the token plumbing both halves share.
 *
 * Binary operators are parsed by precedence climbing, which gives the same trees and errors as
 * go.starlark.net's one-function-per-level recursion without descending ten levels for every
 * operand.
 */

import type {
  BinaryOp,
  CallExpr,
  Comprehension,
  DictEntry,
  Expr,
  ForClause,
  Ident,
  IfClause,
  Literal,
  Position,
  Token,
  TupleExpr,
  UnaryOp,
} from './ast';
import { StarlarkSyntaxError } from './errors';
import { Scanner } from './scanner';
import { tokenGoString, tokenString } from './tokens';

/** Binary operator precedence, lowest first (go.starlark.net's table); -1 for other tokens. */
function precedence(tok: Token): number {
  switch (tok) {
    case 'or':
      return 0;
    case 'and':
      return 1;
    case 'not':
      return 2; // unary only
    case '==':
    case '!=':
    case '<':
    case '>':
    case '<=':
    case '>=':
    case 'in':
    case 'not in':
      return 3;
    case '|':
      return 4;
    case '^':
      return 5;
    case '&':
      return 6;
    case '<<':
    case '>>':
      return 7;
    case '-':
    case '+':
      return 8;
    case '*':
    case '%':
    case '/':
    case '//':
      return 9;
    default:
      return -1;
  }
}
const comparisonPrecedence = 3;
const notPrecedence = 2;
const primaryPrecedence = 10;

/** Tokens that end a comma-separated list, so a trailing comma before them is a trailing comma. */
function terminatesExprList(tok: Token): boolean {
  switch (tok) {
    case 'EOF':
    case 'NEWLINE':
    case '=':
    case '}':
    case ']':
    case ')':
    case ';':
      return true;
    default:
      return false;
  }
}

/** The token stream and the expression grammar; FileParser adds statements. */
export class ExprParser {
  protected readonly sc: Scanner;
  /** The lookahead token; `not` followed by `in` is rewritten to `not in` while parsing operators. */
  protected lookahead: Token = 'EOF';
  /** End of the token before the lookahead: the end of the node just parsed. */
  protected prevEndLine = 1;
  protected prevEndCol = 1;

  constructor(path: string, source: string, keepComments: boolean) {
    this.sc = new Scanner(path, source, keepComments);
  }

  asSyntaxError(e: unknown): StarlarkSyntaxError {
    if (e instanceof StarlarkSyntaxError) return e;
    // Nesting deep enough to exhaust the JS stack: report it like any other syntax error.
    if (e instanceof RangeError) {
      const sc = this.sc;
      return new StarlarkSyntaxError(sc.pos(sc.tokLine, sc.tokCol), 'expression nested too deeply');
    }
    throw e;
  }

  // --- tokens and positions ----------------------------------------------------------------

  /** The lookahead token (a method, so type narrowing does not outlive next()). */
  protected tok(): Token {
    return this.lookahead;
  }

  protected next(): void {
    const sc = this.sc;
    this.prevEndLine = sc.endLine;
    this.prevEndCol = sc.endCol;
    sc.next();
    this.lookahead = sc.tok;
  }

  /** Where the lookahead token starts. */
  protected tokPos(): Position {
    return this.sc.pos(this.sc.tokLine, this.sc.tokCol);
  }

  /** Just past the previous token. */
  protected prevEnd(): Position {
    return this.sc.pos(this.prevEndLine, this.prevEndCol);
  }

  /** An error at the scanner's read position (just past the lookahead), where go reports most. */
  protected error(msg: string): never {
    this.sc.error(this.sc.line, this.sc.col, msg);
  }

  /** Consumes a token of kind t, returning where it started. */
  protected consume(t: Token): Position {
    if (this.tok() !== t) this.error(`got ${tokenGoString(this.tok())}, want ${tokenGoString(t)}`);
    const pos = this.tokPos();
    this.next();
    return pos;
  }

  /** Consumes a token of kind t. */
  protected expect(t: Token): void {
    if (this.tok() !== t) this.error(`got ${tokenGoString(this.tok())}, want ${tokenGoString(t)}`);
    this.next();
  }

  // --- files and statements ------------------------------------------------------------------

  /** The input of parseExpr: expr NEWLINE? EOF */
  parseExprInput(): Expr {
    this.next();
    const x = this.parseExpr(false);
    if (this.tok() === 'NEWLINE') this.next();
    if (this.tok() !== 'EOF')
      this.error(`got ${tokenGoString(this.tok())} after expression, want EOF`);
    return x;
  }

  /**
   * loop_variables = primary_with_suffix (',' primary_with_suffix)* ','?
   * (Not parseExpr, which would swallow the IN of `for x in y`.)
   */
  protected parseForLoopVariables(): Expr {
    const v = this.parsePrimaryWithSuffix();
    if (this.tok() !== ',') return v;
    const list = [v];
    while (this.tok() === ',') {
      this.next();
      if (terminatesExprList(this.tok())) break;
      list.push(this.parsePrimaryWithSuffix());
    }
    return this.tuple(list);
  }

  /** An unparenthesized tuple: its span is its elements'. */
  protected tuple(list: Expr[]): TupleExpr {
    return {
      kind: 'TupleExpr',
      start: list[0]!.start,
      end: list[list.length - 1]!.end,
      parens: false,
      list,
    };
  }

  protected parseIdent(): Ident {
    if (this.tok() !== 'IDENT') this.error('not an identifier');
    const sc = this.sc;
    const id: Ident = {
      kind: 'Ident',
      start: sc.pos(sc.tokLine, sc.tokCol),
      end: sc.pos(sc.endLine, sc.endCol),
      name: sc.raw,
      binding: undefined,
    };
    this.next();
    return id;
  }

  /**
   * params = (param ',')* param ','? |
   * param  = IDENT | IDENT '=' test | '*' | '*' IDENT | '**' IDENT
   *
   * Order and uniqueness are the resolver's business (it reports them all), as in go.starlark.net.
   */
  protected parseParams(): Expr[] {
    const params: Expr[] = [];
    while (this.tok() !== ')' && this.tok() !== ':' && this.tok() !== 'EOF') {
      if (params.length > 0) this.expect(',');
      if (this.tok() === ')') break;
      if (this.tok() === '*' || this.tok() === '**') {
        const op = this.tok() as '*' | '**';
        const opPos = this.tokPos();
        this.next();
        const x = op === '**' || this.tok() === 'IDENT' ? this.parseIdent() : undefined;
        params.push({
          kind: 'UnaryExpr',
          start: opPos,
          end: x ? x.end : this.prevEnd(),
          opPos,
          op,
          x,
        });
        continue;
      }
      const id = this.parseIdent();
      if (this.tok() === '=') {
        const opPos = this.tokPos();
        this.next();
        const dflt = this.parseTest();
        params.push(this.binary(id, '=', opPos, dflt));
        continue;
      }
      params.push(id);
    }
    return params;
  }

  // --- expressions ---------------------------------------------------------------------------

  /** expr = test (',' test)* — a comma makes a tuple; a trailing comma only inside parens. */
  protected parseExpr(inParens: boolean): Expr {
    const x = this.parseTest();
    if (this.tok() !== ',') return x;
    return this.tuple(this.parseExprs([x], inParens));
  }

  /** expr_list = (',' test)* ','? — starting at the comma. */
  protected parseExprs(exprs: Expr[], allowTrailingComma: boolean): Expr[] {
    while (this.tok() === ',') {
      const commaLine = this.sc.tokLine;
      const commaCol = this.sc.tokCol;
      this.next();
      if (terminatesExprList(this.tok())) {
        if (!allowTrailingComma) {
          this.sc.error(commaLine, commaCol, 'unparenthesized tuple with trailing comma');
        }
        break;
      }
      exprs.push(this.parseTest());
    }
    return exprs;
  }

  /** test = lambda_expr | or_expr (IF or_expr ELSE test)? */
  protected parseTest(): Expr {
    if (this.tok() === 'lambda') return this.parseLambda(true);
    const x = this.parseTestPrec(0);
    if (this.tok() !== 'if') return x;
    const ifLine = this.sc.tokLine;
    const ifCol = this.sc.tokCol;
    this.next();
    const cond = this.parseTestPrec(0);
    if (this.tok() !== 'else')
      this.sc.error(ifLine, ifCol, 'conditional expression without else clause');
    this.next();
    const falseExpr = this.parseTest();
    return { kind: 'CondExpr', start: x.start, end: falseExpr.end, cond, trueExpr: x, falseExpr };
  }

  /** test_nocond = lambda_nocond | or_expr — a test that stops before `if`. */
  protected parseTestNoCond(): Expr {
    if (this.tok() === 'lambda') return this.parseLambda(false);
    return this.parseTestPrec(0);
  }

  /** lambda_expr = LAMBDA params ':' test; with allowCond false the body is test_nocond. */
  protected parseLambda(allowCond: boolean): Expr {
    const start = this.tokPos();
    this.next();
    const params = this.tok() !== ':' ? this.parseParams() : [];
    this.expect(':');
    const body = allowCond ? this.parseTest() : this.parseTestNoCond();
    return { kind: 'LambdaExpr', start, end: body.end, params, body, fn: undefined };
  }

  /**
   * or_expr and below: binary operators of precedence ≥ prec, and unary `not`, which binds
   * looser than comparisons and is only an operand where such an expression may start.
   */
  protected parseTestPrec(prec: number): Expr {
    if (this.tok() === 'not' && prec <= notPrecedence) {
      const opPos = this.tokPos();
      this.next();
      const x = this.parseTestPrec(notPrecedence);
      return this.parseBinops(this.unary('not', opPos, x), prec);
    }
    const x = this.parsePrimaryWithSuffix();
    return prec >= primaryPrecedence ? x : this.parseBinops(x, prec);
  }

  /**
   * binary_expr = test (OP test)*: folds operators of precedence ≥ minPrec onto x, left to right.
   * Comparisons do not associate: `a < b < c` is an error.
   */
  protected parseBinops(x: Expr, minPrec: number): Expr {
    let afterComparison = false;
    for (;;) {
      if (this.tok() === 'not') {
        // Here `not` must begin `not in`.
        this.next();
        if (this.tok() !== 'in') this.error(`got ${tokenGoString(this.tok())}, want in`);
        this.lookahead = 'not in';
      }
      const opPrec = precedence(this.tok());
      if (opPrec < minPrec) return x;
      if (afterComparison && opPrec === comparisonPrecedence) {
        const prev = (x as { op: BinaryOp }).op;
        this.error(
          `${tokenString(prev)} does not associate with ${tokenString(this.tok())} (use parens)`,
        );
      }
      const op = this.tok() as BinaryOp;
      const opPos = this.tokPos();
      this.next();
      const y = this.parseTestPrec(opPrec + 1);
      x = this.binary(x, op, opPos, y);
      afterComparison = opPrec === comparisonPrecedence;
    }
  }

  protected binary(x: Expr, op: BinaryOp | '=', opPos: Position, y: Expr): Expr {
    return { kind: 'BinaryExpr', start: x.start, end: y.end, x, opPos, op, y };
  }

  protected unary(op: UnaryOp, opPos: Position, x: Expr): Expr {
    return { kind: 'UnaryExpr', start: opPos, end: x.end, opPos, op, x };
  }

  /** primary_with_suffix = primary ('.' IDENT | slice_suffix | call_suffix)* */
  protected parsePrimaryWithSuffix(): Expr {
    let x = this.parsePrimary();
    for (;;) {
      switch (this.tok()) {
        case '.': {
          const dot = this.tokPos();
          this.next();
          const name = this.parseIdent();
          x = { kind: 'DotExpr', start: x.start, end: name.end, x, dot, name };
          break;
        }
        case '[':
          x = this.parseSliceSuffix(x);
          break;
        case '(':
          x = this.parseCallSuffix(x);
          break;
        default:
          return x;
      }
    }
  }

  /** slice_suffix = '[' expr? ':' test? (':' test?)? ']' | '[' expr ']' */
  protected parseSliceSuffix(x: Expr): Expr {
    const lbrack = this.tokPos();
    this.next();
    let lo: Expr | undefined;
    let hi: Expr | undefined;
    let step: Expr | undefined;
    if (this.tok() !== ':') {
      const y = this.parseExpr(false);
      if (this.tok() === ']') {
        this.next();
        return { kind: 'IndexExpr', start: x.start, end: this.prevEnd(), x, lbrack, y };
      }
      lo = y;
    }
    if (this.tok() === ':') {
      this.next();
      if (this.tok() !== ':' && this.tok() !== ']') hi = this.parseTest();
    }
    if (this.tok() === ':') {
      this.next();
      if (this.tok() !== ']') step = this.parseTest();
    }
    this.expect(']');
    return { kind: 'SliceExpr', start: x.start, end: this.prevEnd(), x, lbrack, lo, hi, step };
  }

  /** call_suffix = '(' arg_list? ')' */
  protected parseCallSuffix(fn: Expr): CallExpr {
    const lparen = this.consume('(');
    let args: Expr[] = [];
    let rparen: Position;
    if (this.tok() === ')') {
      rparen = this.tokPos();
      this.next();
    } else {
      args = this.parseArgs();
      rparen = this.consume(')');
    }
    return { kind: 'CallExpr', start: fn.start, end: this.prevEnd(), fn, lparen, args, rparen };
  }

  /**
   * arg_list = ((arg ',')* arg ','?)?
   * arg      = test | IDENT '=' test | '*' test | '**' test
   * (To stay LL(1), `name=value` is parsed as test '=' test and the test checked to be a name.)
   */
  protected parseArgs(): Expr[] {
    const args: Expr[] = [];
    while (this.tok() !== ')' && this.tok() !== 'EOF') {
      if (args.length > 0) this.expect(',');
      if (this.tok() === ')') break;
      if (this.tok() === '*' || this.tok() === '**') {
        const op = this.tok() as '*' | '**';
        const opPos = this.tokPos();
        this.next();
        args.push(this.unary(op, opPos, this.parseTest()));
        continue;
      }
      let x = this.parseTest();
      if (this.tok() === '=') {
        if (x.kind !== 'Ident') this.error('keyword argument must have form name=expr');
        const opPos = this.tokPos();
        this.next();
        x = this.binary(x, '=', opPos, this.parseTest());
      }
      args.push(x);
    }
    return args;
  }

  /**
   * primary = IDENT | INT | FLOAT | STRING | BYTES
   *         | '[' … | '{' … | '(' …       (list, dict, comprehension, tuple or parenthesized)
   *         | ('-' | '+' | '~') primary_with_suffix
   */
  protected parsePrimary(): Expr {
    switch (this.tok()) {
      case 'IDENT':
        return this.parseIdent();
      case 'INT':
      case 'FLOAT':
      case 'STRING':
      case 'BYTES':
        return this.parseLiteral();
      case '[':
        return this.parseList();
      case '{':
        return this.parseDict();
      case '(': {
        const start = this.tokPos();
        this.next();
        if (this.tok() === ')') {
          this.next();
          return { kind: 'TupleExpr', start, end: this.prevEnd(), parens: true, list: [] };
        }
        const x = this.parseExpr(true);
        this.expect(')');
        return { kind: 'ParenExpr', start, end: this.prevEnd(), x };
      }
      case '-':
      case '+':
      case '~': {
        const op = this.tok() as '-' | '+' | '~';
        const opPos = this.tokPos();
        this.next();
        return this.unary(op, opPos, this.parsePrimaryWithSuffix());
      }
    }
    // Reported at the token's start: it may be a NEWLINE, whose end is on the next line.
    const sc = this.sc;
    return sc.error(
      sc.tokLine,
      sc.tokCol,
      `got ${tokenGoString(this.tok())}, want primary expression`,
    );
  }

  protected parseLiteral(): Expr {
    const sc = this.sc;
    const lit = {
      kind: 'Literal',
      start: sc.pos(sc.tokLine, sc.tokCol),
      end: sc.pos(sc.endLine, sc.endCol),
      token: sc.tok,
      raw: sc.raw,
      value: sc.value,
    } as Literal;
    this.next();
    return lit;
  }

  /** list = '[' ']' | '[' test (',' test)* ','? ']' | '[' test comp_suffix */
  protected parseList(): Expr {
    const start = this.tokPos();
    this.next();
    if (this.tok() === ']') {
      this.next();
      return { kind: 'ListExpr', start, end: this.prevEnd(), list: [] };
    }
    const x = this.parseTest();
    if (this.tok() === 'for') return this.parseComprehensionSuffix(start, x, ']');
    const list = this.tok() === ',' ? this.parseExprs([x], true) : [x];
    this.expect(']');
    return { kind: 'ListExpr', start, end: this.prevEnd(), list };
  }

  /** dict = '{' '}' | '{' entry (',' entry)* ','? '}' | '{' entry comp_suffix */
  protected parseDict(): Expr {
    const start = this.tokPos();
    this.next();
    if (this.tok() === '}') {
      this.next();
      return { kind: 'DictExpr', start, end: this.prevEnd(), entries: [] };
    }
    const x = this.parseDictEntry();
    if (this.tok() === 'for') return this.parseComprehensionSuffix(start, x, '}');
    const entries = [x];
    while (this.tok() === ',') {
      this.next();
      if (this.tok() === '}') break;
      entries.push(this.parseDictEntry());
    }
    this.expect('}');
    return { kind: 'DictExpr', start, end: this.prevEnd(), entries };
  }

  /** dict_entry = test ':' test */
  protected parseDictEntry(): DictEntry {
    const key = this.parseTest();
    const colon = this.consume(':');
    const value = this.parseTest();
    return { kind: 'DictEntry', start: key.start, end: value.end, key, colon, value };
  }

  /**
   * comp_suffix = (FOR loop_variables IN or_expr | IF test_nocond)* ']' (or '}')
   * The first clause is always a FOR. Neither a conditional, a lambda nor an unparenthesized
   * tuple may follow IN, as in Python 3.
   */
  protected parseComprehensionSuffix(start: Position, body: Expr, close: ']' | '}'): Comprehension {
    const clauses: (ForClause | IfClause)[] = [];
    while (this.tok() !== close) {
      const clauseStart = this.tokPos();
      if (this.tok() === 'for') {
        this.next();
        const vars = this.parseForLoopVariables();
        this.expect('in');
        const x = this.parseTestPrec(0);
        clauses.push({ kind: 'ForClause', start: clauseStart, end: x.end, vars, x });
      } else if (this.tok() === 'if') {
        this.next();
        const cond = this.parseTestNoCond();
        clauses.push({ kind: 'IfClause', start: clauseStart, end: cond.end, cond });
      } else {
        this.error(`got ${tokenGoString(this.tok())}, want '${close}', for, or if`);
      }
    }
    this.next();
    return {
      kind: 'Comprehension',
      start,
      end: this.prevEnd(),
      curly: close === '}',
      body,
      clauses,
    };
  }
}
