/**
 * The expression half of the Starlark parser (parse.ts has the statements and the entry points),
 * and the token plumbing both halves share.
 *
 * Binary operators are parsed by precedence climbing, which gives the same trees and errors as
 * go.starlark.net's one-function-per-level recursion without descending ten levels for every
 * operand.
 */

import type { BinaryOp, Literal, Token } from './ast';
import { StarlarkSyntaxError } from './errors';
import {
  BinaryExprNode,
  CallExprNode,
  ComprehensionNode,
  DictEntryNode,
  DictExprNode,
  DotExprNode,
  ForClauseNode,
  IdentNode,
  IfClauseNode,
  IndexExprNode,
  LambdaExprNode,
  ListExprNode,
  LiteralNode,
  ParenExprNode,
  SliceExprNode,
  TupleExprNode,
  UnaryExprNode,
  CondExprNode,
  type SpanExpr,
} from './nodes';
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
  protected readonly file: string;
  /** The lookahead token; `not` followed by `in` is rewritten to `not in` while parsing operators. */
  protected lookahead: Token = 'EOF';
  /** End of the token before the lookahead: the end of the node just parsed. */
  protected prevEndLine = 1;
  protected prevEndCol = 1;

  constructor(path: string, source: string, keepComments: boolean) {
    this.sc = new Scanner(path, source, keepComments);
    this.file = path;
  }

  asSyntaxError(e: unknown): StarlarkSyntaxError {
    if (e instanceof StarlarkSyntaxError) return e;
    // Nesting deep enough to exhaust the JS stack: report it like any other syntax error.
    if (e instanceof RangeError) {
      const sc = this.sc;
      return new StarlarkSyntaxError(sc.pos(sc.tokLine, sc.tokCol), 'nested too deeply');
    }
    throw e;
  }

  // --- tokens and positions ----------------------------------------------------------------
  // Positions travel as (line, col) numbers: the lookahead starts at sc.tokLine/tokCol, and the
  // node just parsed ends at prevEndLine/prevEndCol.

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

  /** An error at the scanner's read position (just past the lookahead), where go reports most. */
  protected error(msg: string): never {
    this.sc.error(this.sc.line, this.sc.col, msg);
  }

  /** Consumes a token of kind t. */
  protected expect(t: Token): void {
    if (this.tok() !== t) this.error(`got ${tokenGoString(this.tok())}, want ${tokenGoString(t)}`);
    this.next();
  }

  /** The input of parseExpr: expr NEWLINE? EOF */
  parseExprInput(): SpanExpr {
    this.next();
    const x = this.parseExpr(false);
    if (this.tok() === 'NEWLINE') this.next();
    if (this.tok() !== 'EOF') {
      this.error(`got ${tokenGoString(this.tok())} after expression, want EOF`);
    }
    return x;
  }

  /**
   * loop_variables = primary_with_suffix (',' primary_with_suffix)* ','?
   * (Not parseExpr, which would swallow the IN of `for x in y`.)
   */
  protected parseForLoopVariables(): SpanExpr {
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
  protected tuple(list: SpanExpr[]): SpanExpr {
    const first = list[0]!;
    const last = list[list.length - 1]!;
    return new TupleExprNode(
      this.file,
      first.startLine,
      first.startCol,
      last.endLine,
      last.endCol,
      false,
      list,
    );
  }

  protected parseIdent(): IdentNode {
    if (this.tok() !== 'IDENT') this.error('not an identifier');
    const sc = this.sc;
    const id = new IdentNode(this.file, sc.tokLine, sc.tokCol, sc.endLine, sc.endCol, sc.raw);
    this.next();
    return id;
  }

  /**
   * params = (param ',')* param ','? |
   * param  = IDENT | IDENT '=' test | '*' | '*' IDENT | '**' IDENT
   *
   * Order and uniqueness are the resolver's business (it reports them all), as in go.starlark.net.
   */
  protected parseParams(): SpanExpr[] {
    const params: SpanExpr[] = [];
    while (this.tok() !== ')' && this.tok() !== ':' && this.tok() !== 'EOF') {
      if (params.length > 0) this.expect(',');
      if (this.tok() === ')') break;
      if (this.tok() === '*' || this.tok() === '**') {
        const op = this.tok() as '*' | '**';
        const line = this.sc.tokLine;
        const col = this.sc.tokCol;
        this.next();
        const x = op === '**' || this.tok() === 'IDENT' ? this.parseIdent() : undefined;
        params.push(new UnaryExprNode(this.file, line, col, op, x));
        continue;
      }
      const id = this.parseIdent();
      if (this.tok() === '=') {
        const opLine = this.sc.tokLine;
        const opCol = this.sc.tokCol;
        this.next();
        params.push(new BinaryExprNode(id, '=', opLine, opCol, this.parseTest()));
        continue;
      }
      params.push(id);
    }
    return params;
  }

  // --- expressions ---------------------------------------------------------------------------

  /** expr = test (',' test)* — a comma makes a tuple; a trailing comma only inside parens. */
  protected parseExpr(inParens: boolean): SpanExpr {
    const x = this.parseTest();
    if (this.tok() !== ',') return x;
    return this.tuple(this.parseExprs([x], inParens));
  }

  /** expr_list = (',' test)* ','? — starting at the comma. */
  protected parseExprs(exprs: SpanExpr[], allowTrailingComma: boolean): SpanExpr[] {
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
  protected parseTest(): SpanExpr {
    if (this.tok() === 'lambda') return this.parseLambda(true);
    const x = this.parseTestPrec(0);
    if (this.tok() !== 'if') return x;
    const ifLine = this.sc.tokLine;
    const ifCol = this.sc.tokCol;
    this.next();
    const cond = this.parseTestPrec(0);
    if (this.tok() !== 'else') {
      this.sc.error(ifLine, ifCol, 'conditional expression without else clause');
    }
    this.next();
    return new CondExprNode(x, cond, this.parseTest());
  }

  /** test_nocond = lambda_nocond | or_expr — a test that stops before `if`. */
  protected parseTestNoCond(): SpanExpr {
    if (this.tok() === 'lambda') return this.parseLambda(false);
    return this.parseTestPrec(0);
  }

  /** lambda_expr = LAMBDA params ':' test; with allowCond false the body is test_nocond. */
  protected parseLambda(allowCond: boolean): SpanExpr {
    const line = this.sc.tokLine;
    const col = this.sc.tokCol;
    this.next();
    const params = this.tok() !== ':' ? this.parseParams() : [];
    this.expect(':');
    const body = allowCond ? this.parseTest() : this.parseTestNoCond();
    return new LambdaExprNode(this.file, line, col, params, body);
  }

  /**
   * or_expr and below: binary operators of precedence ≥ prec, and unary `not`, which binds
   * looser than comparisons and is only an operand where such an expression may start.
   */
  protected parseTestPrec(prec: number): SpanExpr {
    if (this.tok() === 'not' && prec <= notPrecedence) {
      const line = this.sc.tokLine;
      const col = this.sc.tokCol;
      this.next();
      const x = this.parseTestPrec(notPrecedence);
      return this.parseBinops(new UnaryExprNode(this.file, line, col, 'not', x), prec);
    }
    const x = this.parsePrimaryWithSuffix();
    return prec >= primaryPrecedence ? x : this.parseBinops(x, prec);
  }

  /**
   * binary_expr = test (OP test)*: folds operators of precedence ≥ minPrec onto x, left to right.
   * Comparisons do not associate: `a < b < c` is an error.
   */
  protected parseBinops(x: SpanExpr, minPrec: number): SpanExpr {
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
        const prev = (x as BinaryExprNode).op;
        this.error(
          `${tokenString(prev as Token)} does not associate with ${tokenString(this.tok())} (use parens)`,
        );
      }
      const op = this.tok() as BinaryOp;
      const opLine = this.sc.tokLine;
      const opCol = this.sc.tokCol;
      this.next();
      x = new BinaryExprNode(x, op, opLine, opCol, this.parseTestPrec(opPrec + 1));
      afterComparison = opPrec === comparisonPrecedence;
    }
  }

  /** primary_with_suffix = primary ('.' IDENT | slice_suffix | call_suffix)* */
  protected parsePrimaryWithSuffix(): SpanExpr {
    let x = this.parsePrimary();
    for (;;) {
      switch (this.tok()) {
        case '.': {
          const dotLine = this.sc.tokLine;
          const dotCol = this.sc.tokCol;
          this.next();
          x = new DotExprNode(x, dotLine, dotCol, this.parseIdent());
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
  protected parseSliceSuffix(x: SpanExpr): SpanExpr {
    const lbrackLine = this.sc.tokLine;
    const lbrackCol = this.sc.tokCol;
    this.next();
    let lo: SpanExpr | undefined;
    let hi: SpanExpr | undefined;
    let step: SpanExpr | undefined;
    if (this.tok() !== ':') {
      const y = this.parseExpr(false);
      if (this.tok() === ']') {
        this.next();
        return new IndexExprNode(x, lbrackLine, lbrackCol, y, this.prevEndLine, this.prevEndCol);
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
    return new SliceExprNode(
      x,
      lbrackLine,
      lbrackCol,
      lo,
      hi,
      step,
      this.prevEndLine,
      this.prevEndCol,
    );
  }

  /** call_suffix = '(' arg_list? ')' */
  protected parseCallSuffix(fn: SpanExpr): SpanExpr {
    const lparenLine = this.sc.tokLine;
    const lparenCol = this.sc.tokCol;
    this.expect('(');
    const args = this.tok() === ')' ? [] : this.parseArgs();
    if (this.tok() !== ')') this.expect(')');
    const rparenLine = this.sc.tokLine;
    const rparenCol = this.sc.tokCol;
    this.next();
    return new CallExprNode(fn, lparenLine, lparenCol, args, rparenLine, rparenCol);
  }

  /**
   * arg_list = ((arg ',')* arg ','?)?
   * arg      = test | IDENT '=' test | '*' test | '**' test
   * (To stay LL(1), `name=value` is parsed as test '=' test and the test checked to be a name.)
   */
  protected parseArgs(): SpanExpr[] {
    const args: SpanExpr[] = [];
    while (this.tok() !== ')' && this.tok() !== 'EOF') {
      if (args.length > 0) this.expect(',');
      if (this.tok() === ')') break;
      if (this.tok() === '*' || this.tok() === '**') {
        const op = this.tok() as '*' | '**';
        const line = this.sc.tokLine;
        const col = this.sc.tokCol;
        this.next();
        args.push(new UnaryExprNode(this.file, line, col, op, this.parseTest()));
        continue;
      }
      let x = this.parseTest();
      if (this.tok() === '=') {
        if (x.kind !== 'Ident') this.error('keyword argument must have form name=expr');
        const opLine = this.sc.tokLine;
        const opCol = this.sc.tokCol;
        this.next();
        x = new BinaryExprNode(x, '=', opLine, opCol, this.parseTest());
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
  protected parsePrimary(): SpanExpr {
    const sc = this.sc;
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
        const line = sc.tokLine;
        const col = sc.tokCol;
        this.next();
        if (this.tok() === ')') {
          this.next();
          return new TupleExprNode(
            this.file,
            line,
            col,
            this.prevEndLine,
            this.prevEndCol,
            true,
            [],
          );
        }
        const x = this.parseExpr(true);
        this.expect(')');
        return new ParenExprNode(this.file, line, col, this.prevEndLine, this.prevEndCol, x);
      }
      case '-':
      case '+':
      case '~': {
        const op = this.tok() as '-' | '+' | '~';
        const line = sc.tokLine;
        const col = sc.tokCol;
        this.next();
        return new UnaryExprNode(this.file, line, col, op, this.parsePrimaryWithSuffix());
      }
    }
    // Reported at the token's start: it may be a NEWLINE, whose end is on the next line.
    return sc.error(
      sc.tokLine,
      sc.tokCol,
      `got ${tokenGoString(this.tok())}, want primary expression`,
    );
  }

  protected parseLiteral(): SpanExpr {
    const sc = this.sc;
    const lit = new LiteralNode(
      this.file,
      sc.tokLine,
      sc.tokCol,
      sc.endLine,
      sc.endCol,
      sc.tok as LiteralNode['token'],
      sc.raw,
      sc.value,
    );
    this.next();
    return lit as LiteralNode & Literal;
  }

  /** list = '[' ']' | '[' test (',' test)* ','? ']' | '[' test comp_suffix */
  protected parseList(): SpanExpr {
    const line = this.sc.tokLine;
    const col = this.sc.tokCol;
    this.next();
    if (this.tok() === ']') {
      this.next();
      return new ListExprNode(this.file, line, col, this.prevEndLine, this.prevEndCol, []);
    }
    const x = this.parseTest();
    if (this.tok() === 'for') return this.parseComprehensionSuffix(line, col, x, ']');
    const list = this.tok() === ',' ? this.parseExprs([x], true) : [x];
    this.expect(']');
    return new ListExprNode(this.file, line, col, this.prevEndLine, this.prevEndCol, list);
  }

  /** dict = '{' '}' | '{' entry (',' entry)* ','? '}' | '{' entry comp_suffix */
  protected parseDict(): SpanExpr {
    const line = this.sc.tokLine;
    const col = this.sc.tokCol;
    this.next();
    if (this.tok() === '}') {
      this.next();
      return new DictExprNode(this.file, line, col, this.prevEndLine, this.prevEndCol, []);
    }
    const x = this.parseDictEntry();
    if (this.tok() === 'for') return this.parseComprehensionSuffix(line, col, x, '}');
    const entries = [x];
    while (this.tok() === ',') {
      this.next();
      if (this.tok() === '}') break;
      entries.push(this.parseDictEntry());
    }
    this.expect('}');
    return new DictExprNode(this.file, line, col, this.prevEndLine, this.prevEndCol, entries);
  }

  /** dict_entry = test ':' test */
  protected parseDictEntry(): DictEntryNode {
    const key = this.parseTest();
    if (this.tok() !== ':') this.expect(':');
    const colonLine = this.sc.tokLine;
    const colonCol = this.sc.tokCol;
    this.next();
    return new DictEntryNode(key, colonLine, colonCol, this.parseTest());
  }

  /**
   * comp_suffix = (FOR loop_variables IN or_expr | IF test_nocond)* ']' (or '}')
   * The first clause is always a FOR. Neither a conditional, a lambda nor an unparenthesized
   * tuple may follow IN, as in Python 3.
   */
  protected parseComprehensionSuffix(
    line: number,
    col: number,
    body: SpanExpr,
    close: ']' | '}',
  ): SpanExpr {
    const clauses: (ForClauseNode | IfClauseNode)[] = [];
    while (this.tok() !== close) {
      const clauseLine = this.sc.tokLine;
      const clauseCol = this.sc.tokCol;
      if (this.tok() === 'for') {
        this.next();
        const vars = this.parseForLoopVariables();
        this.expect('in');
        const x = this.parseTestPrec(0);
        clauses.push(new ForClauseNode(this.file, clauseLine, clauseCol, vars, x));
      } else if (this.tok() === 'if') {
        this.next();
        const cond = this.parseTestNoCond();
        clauses.push(new IfClauseNode(this.file, clauseLine, clauseCol, cond));
      } else {
        this.error(`got ${tokenGoString(this.tok())}, want '${close}', for, or if`);
      }
    }
    this.next();
    return new ComprehensionNode(
      this.file,
      line,
      col,
      this.prevEndLine,
      this.prevEndCol,
      close === '}',
      body,
      clauses,
    );
  }
}
