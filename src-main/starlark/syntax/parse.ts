/**
 * The Starlark parser: a recursive-descent parser for the LL(1) grammar of go.starlark.net
 * (syntax/grammar.txt), producing the tree of ast.ts with the same shape, positions and error
 * messages as go.starlark.net's parser. Each parse method names the grammar rule it implements.
 *
 * Errors: the scanner and the parser throw StarlarkSyntaxError; `parse` and `parseExpr` catch it
 * once and return it, so callers see a result, never an exception. Like go.starlark.net, parsing
 * stops at the first error.
 */

import type {
  DefStmt,
  Expr,
  File,
  Ident,
  IfStmt,
  LoadStmt,
  Position,
  Stmt,
  StringLiteral,
  Token,
} from './ast';
import type { StarlarkSyntaxError } from './errors';
import { ExprParser } from './expr-parser';
import { tokenGoString } from './tokens';
import { runeCount } from './utf8';

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
    const stmts: Stmt[] = [];
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
  private parseStmt(stmts: Stmt[]): void {
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
  private parseDefStmt(): DefStmt {
    const start = this.tokPos();
    this.next();
    const name = this.parseIdent();
    const lparen = this.consume('(');
    const params = this.parseParams();
    this.expect(')');
    this.expect(':');
    const body = this.parseSuite();
    return {
      kind: 'DefStmt',
      start,
      end: this.endOf(body),
      name,
      lparen,
      params,
      body,
      fn: undefined,
    };
  }

  private endOf(body: readonly Stmt[]): Position {
    return body.length > 0 ? body[body.length - 1]!.end : this.prevEnd();
  }

  /**
   * if_stmt = IF test ':' suite {ELIF test ':' suite} [ELSE ':' suite]
   * An elif becomes an IfStmt nested as the sole statement of the else branch.
   */
  private parseIfStmt(): IfStmt {
    const start = this.tokPos(); // of IF or ELIF
    this.next();
    const cond = this.parseTest();
    this.expect(':');
    const trueBody = this.parseSuite();
    let elsePos: Position | undefined;
    let falseBody: Stmt[] = [];
    if (this.tok() === 'elif') {
      const elif = this.parseIfStmt();
      elsePos = elif.start;
      falseBody = [elif];
    } else if (this.tok() === 'else') {
      elsePos = this.tokPos();
      this.next();
      this.expect(':');
      falseBody = this.parseSuite();
    }
    return {
      kind: 'IfStmt',
      start,
      end: this.endOf(falseBody.length > 0 ? falseBody : trueBody),
      cond,
      trueBody,
      elsePos,
      falseBody,
    };
  }

  /** for_stmt = FOR loop_variables IN expr ':' suite */
  private parseForStmt(): Stmt {
    const start = this.tokPos();
    this.next();
    const vars = this.parseForLoopVariables();
    this.expect('in');
    const x = this.parseExpr(false);
    this.expect(':');
    const body = this.parseSuite();
    return { kind: 'ForStmt', start, end: this.endOf(body), vars, x, body };
  }

  /** while_stmt = WHILE test ':' suite */
  private parseWhileStmt(): Stmt {
    const start = this.tokPos();
    this.next();
    const cond = this.parseTest();
    this.expect(':');
    const body = this.parseSuite();
    return { kind: 'WhileStmt', start, end: this.endOf(body), cond, body };
  }

  /** simple_stmt = small_stmt (';' small_stmt)* ';'? NEWLINE */
  private parseSimpleStmt(stmts: Stmt[]): Stmt[] {
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
  private parseSmallStmt(): Stmt {
    const tok = this.tok();
    switch (tok) {
      case 'return': {
        const start = this.tokPos();
        this.next();
        const result =
          this.tok() !== 'EOF' && this.tok() !== 'NEWLINE' && this.tok() !== ';'
            ? this.parseExpr(false)
            : undefined;
        return { kind: 'ReturnStmt', start, end: result ? result.end : this.prevEnd(), result };
      }
      case 'break':
      case 'continue':
      case 'pass': {
        const start = this.tokPos();
        this.next();
        return { kind: 'BranchStmt', start, end: this.prevEnd(), token: tok };
      }
      case 'load':
        return this.parseLoadStmt();
    }
    const lhs = this.parseExpr(false);
    if (assignOps.has(this.tok())) {
      const op = this.tok() as '=';
      const opPos = this.tokPos();
      this.next();
      const rhs = this.parseExpr(false);
      return { kind: 'AssignStmt', start: lhs.start, end: rhs.end, opPos, op, lhs, rhs };
    }
    return { kind: 'ExprStmt', start: lhs.start, end: lhs.end, x: lhs };
  }

  /** load_stmt = LOAD '(' STRING {',' (IDENT '=')? STRING} [','] ')' */
  private parseLoadStmt(): LoadStmt {
    const start = this.tokPos();
    this.next();
    const lparen = this.consume('(');
    if (this.tok() !== 'STRING')
      this.error('first operand of load statement must be a string literal');
    const module = this.parseLiteral() as StringLiteral;
    const from: Ident[] = [];
    const to: Ident[] = [];
    while (this.tok() !== ')' && this.tok() !== 'EOF') {
      this.expect(',');
      if (this.tok() === ')') break; // trailing comma
      switch (this.tok()) {
        case 'STRING': {
          // load("module", "name"): the local name is the original one.
          const id = this.nameInString(this.parseLiteral() as StringLiteral);
          to.push(id);
          from.push(id);
          break;
        }
        case 'IDENT': {
          // load("module", local="name")
          const id = this.parseIdent();
          to.push(id);
          if (this.tok() !== '=') {
            this.error(
              `load operand must be "${id.name}" or ${id.name}="originalname" (want '=' after ${id.name})`,
            );
          }
          this.next();
          if (this.tok() !== 'STRING') {
            this.error(`original name of loaded symbol must be quoted: ${id.name}="originalname"`);
          }
          from.push(this.nameInString(this.parseLiteral() as StringLiteral));
          break;
        }
        default:
          this.error(
            `load operand must be "name" or localname="name" (got ${tokenGoString(this.tok())})`,
          );
      }
    }
    const rparen = this.consume(')');
    if (to.length === 0)
      this.sc.error(lparen.line, lparen.col, 'load statement must import at least 1 symbol');
    return { kind: 'LoadStmt', start, end: this.prevEnd(), module, from, to, rparen };
  }

  /** The identifier a load operand's string names; it starts just inside the opening quote. */
  private nameInString(lit: StringLiteral): Ident {
    const start = this.sc.pos(lit.start.line, lit.start.col + 1);
    const end = this.sc.pos(start.line, start.col + runeCount(lit.value));
    return { kind: 'Ident', start, end, name: lit.value, binding: undefined };
  }

  /** suite = simple_stmt | NEWLINE INDENT stmt+ OUTDENT */
  private parseSuite(): Stmt[] {
    if (this.tok() === 'NEWLINE') {
      this.next();
      this.expect('INDENT');
      const stmts: Stmt[] = [];
      while (this.tok() !== 'OUTDENT' && this.tok() !== 'EOF') this.parseStmt(stmts);
      this.expect('OUTDENT');
      return stmts;
    }
    return this.parseSimpleStmt([]);
  }
}
