/**
 * The Starlark parser: a recursive-descent parser for the LL(1) grammar of go.starlark.net
 * (syntax/grammar.txt), producing the tree of ast.ts with the same shape, positions and error
 * messages as go.starlark.net's parser. Each parse method names the grammar rule it implements.
 *
 * Errors: the scanner and the parser throw StarlarkSyntaxError; `parse` and `parseExpr` catch it
 * once and return it, so callers see a result, never an exception. Like go.starlark.net, parsing
 * stops at the first error.
 */

import type { AssignOp, Expr, File, StringLiteral, Token } from './ast';
import type { StarlarkSyntaxError } from './errors';
import { ExprParser } from './expr-parser';
import type { LiteralNode } from './nodes';
import {
  AssignStmtNode,
  BranchStmtNode,
  DefStmtNode,
  ExprStmtNode,
  ForStmtNode,
  IdentNode,
  IfStmtNode,
  LoadStmtNode,
  ReturnStmtNode,
  WhileStmtNode,
  type SpanStmt,
} from './nodes';
import { tokenGoString } from './tokens';
import { bytesToText, runeCount } from './utf8';

export interface ParseOptions {
  /** Keep comments in `File.comments` (for formatters and the editor). */
  readonly keepComments?: boolean;
}

export type ParseResult =
  | { readonly ok: true; readonly file: File }
  | { readonly ok: false; readonly error: StarlarkSyntaxError };

export type ParseExprResult =
  | { readonly ok: true; readonly expr: Expr }
  | { readonly ok: false; readonly error: StarlarkSyntaxError };

/** Parses a file. `source` is its text; `path` only labels positions. */
export function parse(path: string, source: string, options?: ParseOptions): ParseResult {
  const parser = new FileParser(path, source, options?.keepComments ?? false);
  try {
    return { ok: true, file: parser.parseFile() };
  } catch (e) {
    return { ok: false, error: parser.asSyntaxError(e) };
  }
}

/**
 * Parses one expression (a comma-separated list is a tuple), optionally followed by a newline —
 * what the debugger's evaluate and the REPL accept.
 */
export function parseExpr(path: string, source: string): ParseExprResult {
  const parser = new ExprParser(path, source, false);
  try {
    return { ok: true, expr: parser.parseExprInput() };
  } catch (e) {
    return { ok: false, error: parser.asSyntaxError(e) };
  }
}

const assignOps: ReadonlySet<Token> = new Set<Token>([
  '=',
  '+=',
  '-=',
  '*=',
  '/=',
  '//=',
  '%=',
  '&=',
  '|=',
  '^=',
  '<<=',
  '>>=',
]);

/** The statement grammar, on top of the expression grammar. */
class FileParser extends ExprParser {
  /** file_input = (NEWLINE | stmt)* EOF */
  parseFile(): File {
    this.next();
    const stmts: SpanStmt[] = [];
    while (this.tok() !== 'EOF') {
      if (this.tok() === 'NEWLINE') {
        this.next();
        continue;
      }
      this.parseStmt(stmts);
    }
    const sc = this.sc;
    return {
      kind: 'File',
      start: sc.pos(1, 1),
      end: sc.pos(sc.line, sc.col),
      path: sc.file,
      stmts,
      comments: sc.comments,
      module: undefined,
    };
  }

  /** stmt = def_stmt | if_stmt | for_stmt | while_stmt | simple_stmt */
  private parseStmt(stmts: SpanStmt[]): void {
    switch (this.tok()) {
      case 'def':
        stmts.push(this.parseDefStmt());
        return;
      case 'if':
        stmts.push(this.parseIfStmt());
        return;
      case 'for':
        stmts.push(this.parseForStmt());
        return;
      case 'while':
        stmts.push(this.parseWhileStmt());
        return;
      default:
        this.parseSimpleStmt(stmts);
    }
  }

  /** def_stmt = DEF IDENT '(' params ')' ':' suite */
  private parseDefStmt(): SpanStmt {
    const line = this.sc.tokLine;
    const col = this.sc.tokCol;
    this.next();
    const name = this.parseIdent();
    const lparenLine = this.sc.tokLine;
    const lparenCol = this.sc.tokCol;
    this.expect('(');
    const params = this.parseParams();
    this.expect(')');
    this.expect(':');
    const body = this.parseSuite();
    const last = this.lastOf(body);
    return new DefStmtNode(
      this.file,
      line,
      col,
      name,
      lparenLine,
      lparenCol,
      params,
      body,
      last.endLine,
      last.endCol,
    );
  }

  /** The last statement of a suite (never empty), whose end ends the compound statement. */
  private lastOf(body: readonly SpanStmt[]): SpanStmt {
    return body[body.length - 1]!;
  }

  /**
   * if_stmt = IF test ':' suite {ELIF test ':' suite} [ELSE ':' suite]
   * An elif becomes an IfStmt nested as the sole statement of the else branch.
   */
  private parseIfStmt(): IfStmtNode {
    const line = this.sc.tokLine; // of IF or ELIF
    const col = this.sc.tokCol;
    this.next();
    const cond = this.parseTest();
    this.expect(':');
    const trueBody = this.parseSuite();
    let elseLine = 0;
    let elseCol = 0;
    let falseBody: SpanStmt[] = [];
    if (this.tok() === 'elif') {
      elseLine = this.sc.tokLine;
      elseCol = this.sc.tokCol;
      falseBody = [this.parseIfStmt()];
    } else if (this.tok() === 'else') {
      elseLine = this.sc.tokLine;
      elseCol = this.sc.tokCol;
      this.next();
      this.expect(':');
      falseBody = this.parseSuite();
    }
    const last = this.lastOf(falseBody.length > 0 ? falseBody : trueBody);
    return new IfStmtNode(
      this.file,
      line,
      col,
      cond,
      trueBody,
      elseLine,
      elseCol,
      falseBody,
      last.endLine,
      last.endCol,
    );
  }

  /** for_stmt = FOR loop_variables IN expr ':' suite */
  private parseForStmt(): SpanStmt {
    const line = this.sc.tokLine;
    const col = this.sc.tokCol;
    this.next();
    const vars = this.parseForLoopVariables();
    this.expect('in');
    const x = this.parseExpr(false);
    this.expect(':');
    const body = this.parseSuite();
    const last = this.lastOf(body);
    return new ForStmtNode(this.file, line, col, vars, x, body, last.endLine, last.endCol);
  }

  /** while_stmt = WHILE test ':' suite */
  private parseWhileStmt(): SpanStmt {
    const line = this.sc.tokLine;
    const col = this.sc.tokCol;
    this.next();
    const cond = this.parseTest();
    this.expect(':');
    const body = this.parseSuite();
    const last = this.lastOf(body);
    return new WhileStmtNode(this.file, line, col, cond, body, last.endLine, last.endCol);
  }

  /** simple_stmt = small_stmt (';' small_stmt)* ';'? NEWLINE */
  private parseSimpleStmt(stmts: SpanStmt[]): SpanStmt[] {
    for (;;) {
      stmts.push(this.parseSmallStmt());
      if (this.tok() !== ';') break;
      this.next();
      if (this.tok() === 'NEWLINE' || this.tok() === 'EOF') break;
    }
    // EOF without NEWLINE occurs in `if x: pass`, for example.
    if (this.tok() !== 'EOF') this.expect('NEWLINE');
    return stmts;
  }

  /**
   * small_stmt = RETURN expr? | PASS | BREAK | CONTINUE | load_stmt
   *            | expr ('=' | '+=' | … | '>>=') expr | expr
   */
  private parseSmallStmt(): SpanStmt {
    const tok = this.tok();
    const line = this.sc.tokLine;
    const col = this.sc.tokCol;
    switch (tok) {
      case 'return': {
        this.next();
        const result =
          this.tok() !== 'EOF' && this.tok() !== 'NEWLINE' && this.tok() !== ';'
            ? this.parseExpr(false)
            : undefined;
        return new ReturnStmtNode(this.file, line, col, result);
      }
      case 'break':
      case 'continue':
      case 'pass':
        this.next();
        return new BranchStmtNode(this.file, line, col, tok);
      case 'load':
        return this.parseLoadStmt();
    }
    const lhs = this.parseExpr(false);
    if (assignOps.has(this.tok())) {
      const op = this.tok() as AssignOp;
      const opLine = this.sc.tokLine;
      const opCol = this.sc.tokCol;
      this.next();
      return new AssignStmtNode(lhs, op, opLine, opCol, this.parseExpr(false));
    }
    return new ExprStmtNode(lhs);
  }

  /** load_stmt = LOAD '(' STRING {',' (IDENT '=')? STRING} [','] ')' */
  private parseLoadStmt(): SpanStmt {
    const line = this.sc.tokLine;
    const col = this.sc.tokCol;
    this.next();
    const lparenLine = this.sc.tokLine;
    const lparenCol = this.sc.tokCol;
    this.expect('(');
    if (this.tok() !== 'STRING') {
      this.error('first operand of load statement must be a string literal');
    }
    const module = this.parseLiteral() as LiteralNode & StringLiteral;
    const from: IdentNode[] = [];
    const to: IdentNode[] = [];
    while (this.tok() !== ')' && this.tok() !== 'EOF') {
      this.expect(',');
      if (this.tok() === ')') break; // trailing comma
      switch (this.tok()) {
        case 'STRING': {
          // load("module", "name"): the local name is the original one.
          const id = this.nameInString(this.parseLiteral() as LiteralNode);
          to.push(id);
          from.push(id);
          break;
        }
        case 'IDENT': {
          // load("module", local="name")
          const id = this.parseIdent();
          const name = bytesToText(id.name);
          to.push(id);
          if (this.tok() !== '=') {
            this.error(
              `load operand must be "${name}" or ${name}="originalname" (want '=' after ${name})`,
            );
          }
          this.next();
          if (this.tok() !== 'STRING') {
            this.error(`original name of loaded symbol must be quoted: ${name}="originalname"`);
          }
          from.push(this.nameInString(this.parseLiteral() as LiteralNode));
          break;
        }
        default:
          this.error(
            `load operand must be "name" or localname="name" (got ${tokenGoString(this.tok())})`,
          );
      }
    }
    if (this.tok() !== ')') this.expect(')');
    const rparenLine = this.sc.tokLine;
    const rparenCol = this.sc.tokCol;
    this.next();
    if (to.length === 0) {
      this.sc.error(lparenLine, lparenCol, 'load statement must import at least 1 symbol');
    }
    return new LoadStmtNode(this.file, line, col, module, from, to, rparenLine, rparenCol);
  }

  /** The identifier a load operand's string names; it starts just inside the opening quote. */
  private nameInString(lit: LiteralNode): IdentNode {
    const name = lit.value as string;
    const col = lit.startCol + 1;
    return new IdentNode(this.file, lit.startLine, col, lit.startLine, col + runeCount(name), name);
  }

  /** suite = simple_stmt | NEWLINE INDENT stmt+ OUTDENT */
  private parseSuite(): SpanStmt[] {
    if (this.tok() === 'NEWLINE') {
      this.next();
      this.expect('INDENT');
      const stmts: SpanStmt[] = [];
      while (this.tok() !== 'OUTDENT' && this.tok() !== 'EOF') this.parseStmt(stmts);
      this.expect('OUTDENT');
      return stmts;
    }
    return this.parseSimpleStmt([]);
  }
}
