/**
 * The Starlark syntax tree.
 *
 * Nodes are read-only interfaces told apart by `kind`. They mirror go.starlark.net's syntax
 * package closely, including the positions it keeps besides a node's span (an operator's
 * position, a call's left parenthesis), because runtime errors and backtraces report those
 * positions and must match go.starlark.net's output.
 *
 * The resolver annotates the tree in place: `Ident.binding`, `DefStmt.fn`, `LambdaExpr.fn` and
 * `File.module` are the only mutable fields, and only the resolver writes them.
 *
 * The parser builds nodes as the classes of nodes.ts, which keep positions as numbers and make a
 * Position object each time one is read (a tree costs a third of the allocations). Read positions
 * through these interfaces; do not spread or serialize parsed nodes.
 */

/** A place in a source file. Line and column are 1-based; columns count code points, as in go.starlark.net. */
export interface Position {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export function formatPosition(p: Position): string {
  return `${p.file}:${p.line}:${p.col}`;
}

/** Every token the scanner produces. Operator tokens are spelled as in source. */
export type Token =
  | 'ILLEGAL' // a reserved word such as `class` or `import`
  | 'EOF'
  | 'NEWLINE'
  | 'INDENT'
  | 'OUTDENT'
  | 'IDENT'
  | 'INT'
  | 'FLOAT'
  | 'STRING'
  | 'BYTES'
  // punctuation
  | '+'
  | '-'
  | '*'
  | '/'
  | '//'
  | '%'
  | '&'
  | '|'
  | '^'
  | '<<'
  | '>>'
  | '~'
  | '.'
  | ','
  | '='
  | ';'
  | ':'
  | '('
  | ')'
  | '['
  | ']'
  | '{'
  | '}'
  | '<'
  | '>'
  | '>='
  | '<='
  | '=='
  | '!='
  | '+='
  | '-='
  | '*='
  | '/='
  | '//='
  | '%='
  | '&='
  | '|='
  | '^='
  | '<<='
  | '>>='
  | '**'
  // keywords
  | 'and'
  | 'break'
  | 'continue'
  | 'def'
  | 'elif'
  | 'else'
  | 'for'
  | 'if'
  | 'in'
  | 'lambda'
  | 'load'
  | 'not'
  | 'not in'
  | 'or'
  | 'pass'
  | 'return'
  | 'while';

export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '//'
  | '%'
  | '&'
  | '|'
  | '^'
  | '<<'
  | '>>'
  | '<'
  | '>'
  | '>='
  | '<='
  | '=='
  | '!='
  | 'in'
  | 'not in'
  | 'and'
  | 'or';

/** `=` or an augmented assignment operator. */
export type AssignOp =
  '=' | '+=' | '-=' | '*=' | '/=' | '//=' | '%=' | '&=' | '|=' | '^=' | '<<=' | '>>=';

export type UnaryOp = '+' | '-' | '~' | 'not' | '*' | '**';

interface NodeBase {
  /** Where the node's text starts and ends (end is just past its last byte). */
  readonly start: Position;
  readonly end: Position;
}

export interface Comment {
  readonly start: Position;
  /** Without the trailing newline. */
  readonly text: string;
}

// ---------------------------------------------------------------------------------------------
// File

export interface File extends NodeBase {
  readonly kind: 'File';
  readonly path: string;
  readonly stmts: readonly Stmt[];
  /** Whole-line and end-of-line comments, in order, when the parser was asked to keep them. */
  readonly comments: readonly Comment[];
  /** Set by the resolver. */
  module?: ModuleInfo;
}

// ---------------------------------------------------------------------------------------------
// Statements

export type Stmt =
  | AssignStmt
  | BranchStmt
  | DefStmt
  | ExprStmt
  | ForStmt
  | IfStmt
  | LoadStmt
  | ReturnStmt
  | WhileStmt;

/** `lhs op rhs`, where op is `=` or an augmented operator such as `+=`. */
export interface AssignStmt extends NodeBase {
  readonly kind: 'AssignStmt';
  readonly opPos: Position;
  readonly op: AssignOp;
  readonly lhs: Expr;
  readonly rhs: Expr;
}

/** `break`, `continue` or `pass`. */
export interface BranchStmt extends NodeBase {
  readonly kind: 'BranchStmt';
  readonly token: 'break' | 'continue' | 'pass';
}

export interface DefStmt extends NodeBase {
  readonly kind: 'DefStmt';
  readonly name: Ident;
  readonly lparen: Position;
  /** param = Ident | BinaryExpr('=' as op, Ident, default) | UnaryExpr('*', Ident?) | UnaryExpr('**', Ident) */
  readonly params: readonly Expr[];
  readonly body: readonly Stmt[];
  /** Set by the resolver. */
  fn?: FunctionInfo;
}

export interface ExprStmt extends NodeBase {
  readonly kind: 'ExprStmt';
  readonly x: Expr;
}

export interface ForStmt extends NodeBase {
  readonly kind: 'ForStmt';
  /** An Ident, or a TupleExpr/ListExpr/ParenExpr of assignable expressions. */
  readonly vars: Expr;
  readonly x: Expr;
  readonly body: readonly Stmt[];
}

export interface WhileStmt extends NodeBase {
  readonly kind: 'WhileStmt';
  readonly cond: Expr;
  readonly body: readonly Stmt[];
}

/** `if`/`elif`: an `elif` chain is an IfStmt whose `falseBody` holds a single IfStmt. */
export interface IfStmt extends NodeBase {
  readonly kind: 'IfStmt';
  readonly cond: Expr;
  readonly trueBody: readonly Stmt[];
  /** Position of `else` or `elif`, when there is one. */
  readonly elsePos: Position | undefined;
  readonly falseBody: readonly Stmt[];
}

/** `load("module", "name", alias="name")`: `to[i]` is bound in this file to `from[i]` of the module. */
export interface LoadStmt extends NodeBase {
  readonly kind: 'LoadStmt';
  readonly module: StringLiteral;
  /** Names in the loaded module. */
  readonly from: readonly Ident[];
  /** Names bound in this file. */
  readonly to: readonly Ident[];
  readonly rparen: Position;
}

export interface ReturnStmt extends NodeBase {
  readonly kind: 'ReturnStmt';
  readonly result: Expr | undefined;
}

// ---------------------------------------------------------------------------------------------
// Expressions

export type Expr =
  | BinaryExpr
  | CallExpr
  | Comprehension
  | CondExpr
  | DictEntry
  | DictExpr
  | DotExpr
  | Ident
  | IndexExpr
  | LambdaExpr
  | ListExpr
  | Literal
  | ParenExpr
  | SliceExpr
  | TupleExpr
  | UnaryExpr;

export interface Ident extends NodeBase {
  readonly kind: 'Ident';
  /** A Starlark byte string like every str (the source text itself for an ASCII name). */
  readonly name: string;
  /** Set by the resolver. */
  binding?: Binding;
}

/**
 * A literal. Strings are kept as Starlark strings: a JS string whose every char code is one byte
 * (0–255) of the UTF-8 text, which is how the runtime represents str (see runtime/value.ts).
 * Ints are JS numbers when they are safe integers, else bigint.
 */
export type Literal = StringLiteral | BytesLiteral | IntLiteral | FloatLiteral;

interface LiteralBase extends NodeBase {
  readonly kind: 'Literal';
  /** The literal's text as written. */
  readonly raw: string;
}

export interface StringLiteral extends LiteralBase {
  readonly token: 'STRING';
  readonly value: string;
}
export interface BytesLiteral extends LiteralBase {
  readonly token: 'BYTES';
  /** One char code (0–255) per byte. */
  readonly value: string;
}
export interface IntLiteral extends LiteralBase {
  readonly token: 'INT';
  readonly value: number | bigint;
}
export interface FloatLiteral extends LiteralBase {
  readonly token: 'FLOAT';
  readonly value: number;
}

export interface ParenExpr extends NodeBase {
  readonly kind: 'ParenExpr';
  readonly x: Expr;
}

export interface CallExpr extends NodeBase {
  readonly kind: 'CallExpr';
  readonly fn: Expr;
  readonly lparen: Position;
  /** arg = expr | BinaryExpr('=', Ident, expr) | UnaryExpr('*', expr) | UnaryExpr('**', expr) */
  readonly args: readonly Expr[];
  readonly rparen: Position;
}

export interface DotExpr extends NodeBase {
  readonly kind: 'DotExpr';
  readonly x: Expr;
  readonly dot: Position;
  readonly name: Ident;
}

/** `[body for ...]`, `{body for ...}` (a set, dialect permitting) or `{k: v for ...}` (body is a DictEntry). */
export interface Comprehension extends NodeBase {
  readonly kind: 'Comprehension';
  readonly curly: boolean;
  readonly body: Expr;
  readonly clauses: readonly (ForClause | IfClause)[];
}

export interface ForClause extends NodeBase {
  readonly kind: 'ForClause';
  readonly vars: Expr;
  readonly x: Expr;
}

export interface IfClause extends NodeBase {
  readonly kind: 'IfClause';
  readonly cond: Expr;
}

export interface DictExpr extends NodeBase {
  readonly kind: 'DictExpr';
  readonly entries: readonly DictEntry[];
}

export interface DictEntry extends NodeBase {
  readonly kind: 'DictEntry';
  readonly key: Expr;
  readonly colon: Position;
  readonly value: Expr;
}

export interface LambdaExpr extends NodeBase {
  readonly kind: 'LambdaExpr';
  readonly params: readonly Expr[];
  readonly body: Expr;
  /** Set by the resolver. Its body is a synthetic `return body`. */
  fn?: FunctionInfo;
}

export interface ListExpr extends NodeBase {
  readonly kind: 'ListExpr';
  readonly list: readonly Expr[];
}

export interface TupleExpr extends NodeBase {
  readonly kind: 'TupleExpr';
  /**
   * Whether the tuple is the empty tuple `()`. As in go.starlark.net, a parenthesized non-empty
   * tuple `(a, b)` is a ParenExpr around a TupleExpr whose `parens` is false.
   */
  readonly parens: boolean;
  readonly list: readonly Expr[];
}

export interface CondExpr extends NodeBase {
  readonly kind: 'CondExpr';
  readonly cond: Expr;
  readonly trueExpr: Expr;
  readonly falseExpr: Expr;
}

/** `-x`, `+x`, `~x`, `not x`; and `*x` / `**x` in call arguments and parameters (x may be absent for a bare `*` parameter). */
export interface UnaryExpr extends NodeBase {
  readonly kind: 'UnaryExpr';
  readonly opPos: Position;
  readonly op: UnaryOp;
  readonly x: Expr | undefined;
}

/** Binary operators; also `name=value` in call arguments and parameters (op `=`). */
export interface BinaryExpr extends NodeBase {
  readonly kind: 'BinaryExpr';
  readonly x: Expr;
  readonly opPos: Position;
  readonly op: BinaryOp | '=';
  readonly y: Expr;
}

export interface SliceExpr extends NodeBase {
  readonly kind: 'SliceExpr';
  readonly x: Expr;
  readonly lbrack: Position;
  readonly lo: Expr | undefined;
  readonly hi: Expr | undefined;
  readonly step: Expr | undefined;
}

export interface IndexExpr extends NodeBase {
  readonly kind: 'IndexExpr';
  readonly x: Expr;
  readonly lbrack: Position;
  readonly y: Expr;
}

export type Node = File | Stmt | Expr | ForClause | IfClause;

// ---------------------------------------------------------------------------------------------
// Resolver annotations (written by resolve/, read by compile/)

/**
 * Where a name lives. `local`: a slot in the function's (or module's) frame; `cell`: a local slot
 * holding a Cell because a nested function captures it; `free`: an index into the function's
 * captured cells; `global`: a slot in the module's globals; `predeclared`/`universal`: looked up
 * by name once, at compile time.
 */
export type Scope =
  'undefined' | 'local' | 'cell' | 'free' | 'global' | 'predeclared' | 'universal';

export interface Binding {
  scope: Scope;
  /** Slot index for local/cell (into FunctionInfo.locals or ModuleInfo.locals), free (into freeVars) and global (into ModuleInfo.globals). */
  index: number;
  /** The identifier that first binds the name (for local, cell, free and global). */
  readonly first: Ident | undefined;
  /**
   * For a variable a comprehension binds, that comprehension: its span is the variable's scope
   * (a function may hold several same-named comprehension variables in different slots).
   */
  readonly comprehension?: Comprehension | undefined;
}

export interface FunctionInfo {
  /** Of `def` or `lambda`. */
  readonly pos: Position;
  /** The def's name (a byte string, like Ident.name), or "lambda". */
  readonly name: string;
  readonly params: readonly Expr[];
  readonly body: readonly Stmt[];
  readonly hasVarargs: boolean;
  readonly hasKwargs: boolean;
  /** Number of keyword-only parameters (those after `*` or `*args`). */
  readonly numKwonlyParams: number;
  /**
   * Local and cell variables: parameters first (in order, except that `*args` and `**kwargs`
   * come after the others), then the rest in order of first binding.
   */
  readonly locals: readonly Binding[];
  /** Cells of enclosing functions this function captures, in closure order. */
  readonly freeVars: readonly Binding[];
}

export interface ModuleInfo {
  /** The file's local variables: names bound by load, and variables of top-level comprehensions. */
  readonly locals: readonly Binding[];
  /** The file's global variables, in order of first binding. */
  readonly globals: readonly Binding[];
}
