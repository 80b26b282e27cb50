/**
 * The resolver: gives every identifier of a parsed file a Binding that says where its value lives,
 * and reports every compile-time error go.starlark.net reports, with its wording and positions.
 *
 * How scopes work. Starlark has four kinds of names. Universal ones (None, len) and predeclared
 * ones (those the host provides, like json or a reconciler's helpers) come from outside and are
 * looked up by name once, at compile time. Global names are those a file binds at top level
 * (assignment, def, for). Locals belong to a function: a name is local to a function if the
 * function binds it anywhere in its body (assignment, parameter, for, comprehension), even after
 * a use — so whether a use is local is only known once the whole function has been read. Names
 * bound by load are file-local: visible in the file, but not exported. Comprehensions open a block
 * of their own: their variables are not visible outside them, though they live in the slots of
 * the enclosing function (or of the file).
 *
 * Slots. The compiler stores variables in arrays, so each binding carries an index:
 *   - local: a slot of its function's frame (FunctionInfo.locals) or, for file-locals and top-level
 *     comprehension variables, of the module's frame (ModuleInfo.locals);
 *   - cell: a local that a nested function captures; its slot holds a Cell shared with the closure;
 *   - free: in a nested function, the index of a captured cell among FunctionInfo.freeVars;
 *   - global: a slot of the module's globals (ModuleInfo.globals), in order of first binding.
 * All uses of one variable share one Binding object, so turning a local into a cell when a nested
 * function turns out to capture it updates every use at once.
 *
 * The passes, as in go.starlark.net. The statements are walked once. A binding use creates a
 * Binding in the current block (global at top level, local elsewhere); every use is recorded in
 * its container (function or file) with the block it appears in. On leaving a function, the uses
 * of its own locals are resolved; the rest must come from outside. At the end of the file those
 * are looked up outward, innermost function first: a name found as a local of an enclosing
 * function becomes a cell there and a free variable of every function in between; otherwise it
 * is a file-local, a global, predeclared, universal, or undefined ("did you mean …?"). Deferring
 * the outward lookup to the end lets functions use globals defined later in the file.
 *
 * Errors are collected, not thrown, in the order go.starlark.net finds them (errors in names used
 * inside functions come after the other errors of the file); go.starlark.net reports the first.
 *
 * Evaluating in a paused frame (the debugger): `resolveExpr` resolves an expression as the body of
 * a function of no parameters nested in the paused function, so the frame's variables it reads are
 * its free variables — see PausedFrame.
 */

import {
  formatPosition,
  type Binding,
  type Comprehension,
  type Expr,
  type File,
  type FunctionInfo,
  type Ident,
  type ModuleInfo,
  type Position,
  type ReturnStmt,
  type Stmt,
} from '../syntax/ast';
import type { FileOptions } from '../syntax/options';
import { goQuote } from '../syntax/quote';
import { bytesToText } from '../syntax/utf8';
import { Block, newBinding, newFunction, type FunctionBuilder } from './blocks';
import { nearest } from './spell';

/** A compile-time error: where, and go.starlark.net's message. */
export class ResolveError extends Error {
  override name = 'ResolveError';

  constructor(
    readonly pos: Position,
    readonly msg: string,
  ) {
    super(`${formatPosition(pos)}: ${msg}`);
  }

  /** `file:line:col: msg`, as go.starlark.net prints it. */
  override toString(): string {
    return this.message;
  }
}

/** Whether a name is predeclared for this module, or universal. */
export type NameTest = (name: string) => boolean;

/**
 * Resolves a parsed file in place: sets `Ident.binding`, `DefStmt.fn`, `LambdaExpr.fn` and
 * `File.module`. Returns every error, in the order go.starlark.net reports them (empty when the
 * file is fine); the first is the one go.starlark.net prints.
 */
export function resolveFile(
  file: File,
  options: FileOptions,
  isPredeclared: NameTest,
  isUniversal: NameTest,
): ResolveError[] {
  const r = new Resolver(options, isPredeclared, isUniversal);
  try {
    r.stmts(file.stmts);
    r.file.resolveLocalUses();
    r.resolveNonLocalUses(r.file);
  } catch (e) {
    r.tooDeep(e, file.start);
  }
  file.module = { locals: r.moduleLocals, globals: r.moduleGlobals };
  return r.errors;
}

/**
 * The frame an expression is evaluated in, for the debugger: where a thread is paused.
 */
export interface PausedFrame {
  /** The module (file) of the paused code. */
  readonly module: ModuleInfo;
  /** The function whose frame is paused; undefined when paused at top level. */
  readonly fn?: FunctionInfo;
  /**
   * Where it is paused. Picks the variables of the comprehensions around that point; without it,
   * comprehension variables are not visible.
   */
  readonly pos?: Position;
}

export interface ResolvedExpr {
  /** Errors, as resolveFile reports them; empty on success. */
  readonly errors: ResolveError[];
  /**
   * The expression as a function named "<expr>" with no parameters whose body returns it. Its
   * `locals` are the expression's own comprehension variables. Each of its `freeVars` is a
   * binding *of the paused frame* that the expression reads, unchanged: `local` (read that slot
   * of the frame), `cell` (the cell in that slot) or `free` (the frame function's captured cell at
   * that index); at top level, `local`/`cell` refer to the module's frame. An expression cannot
   * assign, so capturing the current values is exact. Globals resolve to the module's global
   * slots, other names to predeclared and universal ones.
   */
  readonly fn: FunctionInfo;
}

/**
 * Resolves an expression on its own (the REPL), or against a paused frame (the debugger's
 * evaluate). Annotates the expression in place.
 */
export function resolveExpr(
  expr: Expr,
  options: FileOptions,
  isPredeclared: NameTest,
  isUniversal: NameTest,
  frame?: PausedFrame,
): ResolvedExpr {
  const r = new Resolver(options, isPredeclared, isUniversal);
  if (frame) r.enterPausedFrame(frame);
  const body: ReturnStmt = { kind: 'ReturnStmt', start: expr.start, end: expr.end, result: expr };
  const fn = newFunction('<expr>', expr.start, [], [body]);
  const block = new Block(r.env, fn, undefined);
  r.env = block;
  try {
    r.expr(expr);
    block.resolveLocalUses();
    r.env = r.file;
    r.resolveNonLocalUses(r.file);
  } catch (e) {
    r.tooDeep(e, expr.start);
  }
  return { errors: r.errors, fn };
}

const doesnt = 'this Starlark dialect does not ';

/** Names in messages are text; identifiers are byte strings. */
const text = bytesToText;

class Resolver {
  readonly errors: ResolveError[] = [];
  /** The file block: holds the file-local (load) bindings. */
  readonly file = new Block(undefined, undefined, undefined);
  /** The current block. */
  env: Block = this.file;
  readonly moduleLocals: Binding[] = [];
  readonly moduleGlobals: Binding[] = [];
  private readonly globals = new Map<string, Binding>();
  /** Predeclared and universal names used so far, each with its one binding. */
  private readonly predeclared = new Map<string, Binding>();
  /** Enclosing loops and if statements, for load placement and break/continue. */
  private loops = 0;
  private ifStmts = 0;
  /** resolveExpr: the paused frame's bindings, which must not turn into cells. */
  private readonly frameBindings = new Set<Binding>();

  constructor(
    private readonly options: FileOptions,
    private readonly isPredeclared: NameTest,
    private readonly isUniversal: NameTest,
  ) {}

  private error(pos: Position, msg: string): void {
    this.errors.push(new ResolveError(pos, msg));
  }

  /** The top-level statement being resolved, to place an error about nesting. */
  private topLevelStmt: Stmt | undefined;

  /**
   * A tree nested deeper than the JS stack allows (thousands of levels, which the parser can
   * build iteratively, as in `a + a + … + a`) becomes an error, not a crash.
   */
  tooDeep(e: unknown, fallback: Position): void {
    if (!(e instanceof RangeError)) throw e;
    this.error(this.topLevelStmt?.start ?? fallback, 'nested too deeply');
  }

  /** The innermost function block, or the file block. */
  private container(): Block {
    let b = this.env;
    while (!b.fn && b !== this.file) b = b.parent!;
    return b;
  }

  private push(b: Block): void {
    this.env = b;
  }

  private pop(): void {
    this.env = this.env.parent!;
  }

  // --- binding and using names ---------------------------------------------------------------

  /**
   * A binding use of id: global at top level (an error if the name is already bound there,
   * unless globalReassign), local elsewhere. Returns whether the name was already bound.
   */
  private bind(id: Ident): boolean {
    if (this.env !== this.file) return this.bindLocal(id);
    let bind = this.file.lookup(id.name) ?? this.globals.get(id.name);
    const existed = bind !== undefined;
    if (!bind) {
      bind = newBinding('global', this.moduleGlobals.length, id, undefined);
      this.globals.set(id.name, bind);
      this.moduleGlobals.push(bind);
    }
    if (existed && !this.options.globalReassign) {
      this.error(
        id.start,
        `cannot reassign ${bind.scope} ${text(id.name)} declared at ${formatPosition(bind.first!.start)}`,
      );
    }
    id.binding = bind;
    return existed;
  }

  /** Binds id in the current block, in a new slot of its container unless already bound here. */
  private bindLocal(id: Ident): boolean {
    const existed = this.env.lookup(id.name) !== undefined;
    if (!existed) {
      const locals = this.container().fn?.locals ?? this.moduleLocals;
      const bind = newBinding('local', locals.length, id, this.env.comp);
      this.env.bind(id.name, bind);
      locals.push(bind);
    }
    this.use(id);
    return existed;
  }

  private use(id: Ident): void {
    // With globalReassign, top-level code follows Python: a use before the binding refers to the
    // predeclared name (as legacy Bazel BUILD files need).
    if (this.options.globalReassign && this.env === this.file) {
      this.useToplevel(id, this.env);
      return;
    }
    const container = this.container();
    container.useIds.push(id);
    container.useEnvs.push(this.env);
  }

  /**
   * Resolves a use of a name visible at top level: file-local, global, predeclared, universal.
   * `env` is the block the name is used in (for "did you mean").
   */
  private useToplevel(id: Ident, env: Block): Binding {
    let bind = this.file.lookup(id.name) ?? this.globals.get(id.name);
    if (!bind) bind = this.predeclared.get(id.name);
    if (!bind) {
      if (this.isPredeclared(id.name)) {
        bind = newBinding('predeclared', 0, undefined, undefined);
        this.predeclared.set(id.name, bind);
      } else if (this.isUniversal(id.name)) {
        if (!this.options.set && id.name === 'set') this.error(id.start, doesnt + 'support sets');
        bind = newBinding('universal', 0, undefined, undefined);
        this.predeclared.set(id.name, bind);
      } else {
        bind = newBinding('undefined', 0, undefined, undefined);
        const hint = this.spellcheck(id.name, env);
        this.error(
          id.start,
          `undefined: ${text(id.name)}${hint !== undefined ? ` (did you mean ${text(hint)}?)` : ''}`,
        );
      }
    }
    id.binding = bind;
    return bind;
  }

  /** The name most likely meant by an undefined one: from the enclosing blocks and the globals. */
  private spellcheck(name: string, env: Block): string | undefined {
    const names: string[] = [];
    for (let b: Block | undefined = env; b; b = b.parent) names.push(...b.names());
    for (const g of this.moduleGlobals) names.push(g.first!.name);
    names.sort();
    return nearest(name, names);
  }

  /** At the end of the file: resolves every use not yet resolved, innermost blocks first. */
  resolveNonLocalUses(b: Block): void {
    for (const child of b.children) this.resolveNonLocalUses(child);
    const ids = b.useIds;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const env = b.useEnvs[i]!;
      id.binding = this.lookupLexical(id, env, env);
    }
  }

  /**
   * Looks a name used in `useEnv` up outward from env. A local of an enclosing function becomes a
   * cell there, and a free variable of each function between it and the use. Results are
   * memoized in each block passed, so a function captures each name once.
   */
  private lookupLexical(id: Ident, useEnv: Block, env: Block): Binding {
    if (env === this.file) return this.useToplevel(id, useEnv);
    let bind = env.lookup(id.name);
    if (bind) return bind;
    bind = this.lookupLexical(id, useEnv, env.parent!);
    if (env.fn && (bind.scope === 'local' || bind.scope === 'free' || bind.scope === 'cell')) {
      if (bind.scope === 'local' && !this.frameBindings.has(bind)) bind.scope = 'cell';
      const index = env.fn.freeVars.length;
      env.fn.freeVars.push(bind);
      bind = newBinding('free', index, bind.first, undefined);
    }
    env.bind(id.name, bind);
    return bind;
  }

  // --- statements ----------------------------------------------------------------------------

  stmts(stmts: readonly Stmt[]): void {
    const topLevel = this.env === this.file;
    for (const stmt of stmts) {
      if (topLevel) this.topLevelStmt = stmt;
      this.stmt(stmt);
    }
  }

  private atTopLevel(): boolean {
    return this.container().fn === undefined;
  }

  private stmt(stmt: Stmt): void {
    switch (stmt.kind) {
      case 'ExprStmt':
        this.expr(stmt.x);
        return;
      case 'BranchStmt':
        if (this.loops === 0 && stmt.token !== 'pass') {
          this.error(stmt.start, `${stmt.token} not in a loop`);
        }
        return;
      case 'IfStmt':
        if (!this.options.topLevelControl && this.atTopLevel()) {
          this.error(stmt.start, 'if statement not within a function');
        }
        this.expr(stmt.cond);
        this.ifStmts++;
        this.stmts(stmt.trueBody);
        this.stmts(stmt.falseBody);
        this.ifStmts--;
        return;
      case 'AssignStmt':
        this.expr(stmt.rhs);
        this.assign(stmt.lhs, stmt.op !== '=');
        return;
      case 'DefStmt': {
        this.bind(stmt.name);
        const fn = newFunction(stmt.name.name, stmt.start, stmt.params, stmt.body);
        stmt.fn = fn;
        this.function(fn);
        return;
      }
      case 'ForStmt':
        if (!this.options.topLevelControl && this.atTopLevel()) {
          this.error(stmt.start, 'for loop not within a function');
        }
        this.expr(stmt.x);
        this.assign(stmt.vars, false);
        this.loops++;
        this.stmts(stmt.body);
        this.loops--;
        return;
      case 'WhileStmt':
        if (!this.options.while) this.error(stmt.start, doesnt + 'support while loops');
        if (!this.options.topLevelControl && this.atTopLevel()) {
          this.error(stmt.start, 'while loop not within a function');
        }
        this.expr(stmt.cond);
        this.loops++;
        this.stmts(stmt.body);
        this.loops--;
        return;
      case 'ReturnStmt':
        if (this.atTopLevel()) this.error(stmt.start, 'return statement not within a function');
        if (stmt.result) this.expr(stmt.result);
        return;
      case 'LoadStmt':
        // A load statement may not be nested in any other statement.
        if (!this.atTopLevel()) this.error(stmt.start, 'load statement within a function');
        else if (this.loops > 0) this.error(stmt.start, 'load statement within a loop');
        else if (this.ifStmts > 0) this.error(stmt.start, 'load statement within a conditional');
        stmt.from.forEach((from, i) => {
          if (from.name === '') {
            this.error(from.start, 'load: empty identifier');
            return;
          }
          if (from.name[0] === '_') {
            this.error(
              from.start,
              `load: names with leading underscores are not exported: ${text(from.name)}`,
            );
          }
          const id = stmt.to[i]!;
          if (this.options.loadBindsGlobally) {
            this.bind(id);
          } else if (this.bindLocal(id) && !this.options.globalReassign) {
            // The earlier binding's position is not known yet: its use may be unresolved.
            this.error(id.start, `cannot reassign top-level ${text(id.name)}`);
          }
        });
        return;
    }
  }

  /** The targets of an assignment (or for loop, or comprehension clause). */
  private assign(lhs: Expr, isAugmented: boolean): void {
    switch (lhs.kind) {
      case 'Ident':
        this.bind(lhs);
        return;
      case 'IndexExpr':
        this.expr(lhs.x);
        this.expr(lhs.y);
        return;
      case 'DotExpr':
        this.expr(lhs.x);
        return;
      case 'TupleExpr':
      case 'ListExpr':
        if (isAugmented) {
          const what = lhs.kind === 'TupleExpr' ? 'tuple' : 'list';
          this.error(lhs.start, `can't use ${what} expression in augmented assignment`);
        }
        for (const elem of lhs.list) this.assign(elem, isAugmented);
        return;
      case 'ParenExpr':
        this.assign(lhs.x, isAugmented);
        return;
      default:
        this.error(lhs.start, `can't assign to ${lhs.kind.toLowerCase()}`);
    }
  }

  // --- expressions ---------------------------------------------------------------------------

  expr(e: Expr): void {
    switch (e.kind) {
      case 'Ident':
        this.use(e);
        return;
      case 'Literal':
        return;
      case 'ListExpr':
      case 'TupleExpr':
        for (const x of e.list) this.expr(x);
        return;
      case 'CondExpr':
        this.expr(e.cond);
        this.expr(e.trueExpr);
        this.expr(e.falseExpr);
        return;
      case 'IndexExpr':
        this.expr(e.x);
        this.expr(e.y);
        return;
      case 'DictEntry':
        this.expr(e.key);
        this.expr(e.value);
        return;
      case 'SliceExpr':
        this.expr(e.x);
        if (e.lo) this.expr(e.lo);
        if (e.hi) this.expr(e.hi);
        if (e.step) this.expr(e.step);
        return;
      case 'Comprehension':
        this.comprehension(e);
        return;
      case 'DictExpr':
        for (const entry of e.entries) {
          this.expr(entry.key);
          this.expr(entry.value);
        }
        return;
      case 'UnaryExpr':
        if (e.x) this.expr(e.x);
        return;
      case 'BinaryExpr':
        this.expr(e.x);
        this.expr(e.y);
        return;
      case 'DotExpr':
        this.expr(e.x);
        return;
      case 'CallExpr':
        this.call(e.fn, e.args, e.start);
        return;
      case 'LambdaExpr': {
        const body: ReturnStmt = {
          kind: 'ReturnStmt',
          start: e.body.start,
          end: e.body.end,
          result: e.body,
        };
        const fn = newFunction('lambda', e.start, e.params, [body]);
        e.fn = fn;
        this.function(fn);
        return;
      }
      case 'ParenExpr':
        this.expr(e.x);
        return;
    }
  }

  /**
   * A comprehension opens a block. The operand of its first `for` is evaluated outside it
   * (`[x for x in x]` reads the outer x); everything else inside.
   */
  private comprehension(e: Comprehension): void {
    const [first, ...rest] = e.clauses;
    if (first?.kind !== 'ForClause') return; // the parser always starts with a for clause
    this.expr(first.x);
    this.push(new Block(this.env, undefined, e));
    this.assign(first.vars, false);
    for (const clause of rest) {
      if (clause.kind === 'IfClause') {
        this.expr(clause.cond);
      } else {
        this.assign(clause.vars, false);
        this.expr(clause.x);
      }
    }
    this.expr(e.body);
    this.pop();
  }

  /** A call's arguments: positional, then named, then *args, then **kwargs. */
  private call(fn: Expr, args: readonly Expr[], start: Position): void {
    this.expr(fn);
    let seenVarargs = false;
    let seenKwargs = false;
    let seenNames: Set<string> | undefined;
    let positional = 0;
    let named = 0;
    for (const arg of args) {
      const pos = arg.start;
      if (arg.kind === 'UnaryExpr' && arg.op === '**') {
        if (seenKwargs) this.error(pos, 'multiple **kwargs not allowed');
        seenKwargs = true;
        this.expr(arg);
      } else if (arg.kind === 'UnaryExpr' && arg.op === '*') {
        if (seenKwargs) this.error(pos, '*args may not follow **kwargs');
        else if (seenVarargs) this.error(pos, 'multiple *args not allowed');
        seenVarargs = true;
        this.expr(arg);
      } else if (arg.kind === 'BinaryExpr' && arg.op === '=') {
        named++;
        if (seenKwargs) this.error(pos, 'keyword argument may not follow **kwargs');
        else if (seenVarargs) this.error(pos, 'keyword argument may not follow *args');
        const name = arg.x as Ident;
        if (seenNames?.has(name.name)) {
          this.error(name.start, `keyword argument ${goQuote(name.name)} is repeated`);
        } else {
          (seenNames ??= new Set()).add(name.name);
        }
        this.expr(arg.y);
      } else {
        positional++;
        if (seenVarargs) this.error(pos, 'positional argument may not follow *args');
        else if (seenKwargs) this.error(pos, 'positional argument may not follow **kwargs');
        else if (seenNames) this.error(pos, 'positional argument may not follow named');
        this.expr(arg);
      }
    }
    // The compiler's limits (go.starlark.net encodes the counts in one byte each).
    if (positional >= 256) {
      this.error(start, `${positional} positional arguments in call, limit is 255`);
    }
    if (named >= 256) this.error(start, `${named} keyword arguments in call, limit is 255`);
  }

  /**
   * A def or lambda: defaults are evaluated outside it; the parameters are its first locals
   * (`*args` and `**kwargs` last, so the others are contiguous); then its body.
   */
  private function(fn: FunctionBuilder): void {
    for (const param of fn.params) {
      if (param.kind === 'BinaryExpr') this.expr(param.y);
    }
    const block = new Block(this.env, fn, undefined);
    this.push(block);

    let seenOptional = false;
    let star: Expr | undefined; // * or *args
    let starStar: Ident | undefined; // **kwargs
    let numKwonlyParams = 0;
    for (const param of fn.params) {
      switch (param.kind) {
        case 'Ident':
          if (starStar) {
            this.error(param.start, `required parameter may not follow **${text(starStar.name)}`);
          } else if (star) {
            numKwonlyParams++;
          } else if (seenOptional) {
            this.error(param.start, 'required parameter may not follow optional');
          }
          if (this.bind(param)) this.error(param.start, `duplicate parameter: ${text(param.name)}`);
          break;
        case 'BinaryExpr': {
          if (starStar) {
            this.error(param.opPos, `optional parameter may not follow **${text(starStar.name)}`);
          } else if (star) {
            numKwonlyParams++;
          }
          const id = param.x as Ident;
          if (this.bind(id)) this.error(param.opPos, `duplicate parameter: ${text(id.name)}`);
          seenOptional = true;
          break;
        }
        case 'UnaryExpr':
          if (param.op === '*') {
            if (starStar) {
              this.error(param.opPos, `* parameter may not follow **${text(starStar.name)}`);
            } else if (star) {
              this.error(param.opPos, 'multiple * parameters not allowed');
            } else {
              star = param;
            }
          } else {
            if (starStar) this.error(param.opPos, 'multiple ** parameters not allowed');
            starStar = param.x as Ident;
          }
          break;
      }
    }

    if (star?.kind === 'UnaryExpr') {
      const id = star.x as Ident | undefined;
      if (id) {
        if (this.bind(id)) this.error(id.start, `duplicate parameter: ${text(id.name)}`);
        fn.hasVarargs = true;
      } else if (numKwonlyParams === 0) {
        this.error(star.opPos, 'bare * must be followed by keyword-only parameters');
      }
    }
    if (starStar) {
      if (this.bind(starStar)) {
        this.error(starStar.start, `duplicate parameter: ${text(starStar.name)}`);
      }
      fn.hasKwargs = true;
    }
    fn.numKwonlyParams = numKwonlyParams;

    this.stmts(fn.body);
    block.resolveLocalUses();
    this.pop();
    // Uses of names from outside are resolved at the end of the file.
  }

  // --- evaluating in a paused frame ----------------------------------------------------------

  /**
   * Sets up the blocks a paused frame sees: the module's globals, and either the function's
   * visible locals and captured cells (in a block standing for the paused function) or, at top
   * level, the module's visible locals (in the file block).
   */
  enterPausedFrame(frame: PausedFrame): void {
    for (const g of frame.module.globals) {
      this.globals.set(g.first!.name, g);
      this.moduleGlobals.push(g);
    }
    if (!frame.fn) {
      this.addFrameBindings(this.file, frame.module.locals, [], frame.pos);
      return;
    }
    const stub = newFunction(frame.fn.name, frame.fn.pos, [], []);
    const block = new Block(this.file, stub, undefined);
    this.addFrameBindings(block, frame.fn.locals, frame.fn.freeVars, frame.pos);
    this.env = block;
  }

  private addFrameBindings(
    block: Block,
    locals: readonly Binding[],
    freeVars: readonly Binding[],
    pos: Position | undefined,
  ): void {
    // Among same-named locals, the innermost comprehension around pos wins over the rest.
    const depth = (b: Binding): number => {
      if (!b.comprehension) return 0;
      if (!pos || !contains(b.comprehension, pos)) return -1;
      return b.comprehension.start.line * 1e6 + b.comprehension.start.col;
    };
    const best = new Map<string, [Binding, number]>();
    for (const b of locals) {
      const d = depth(b);
      const name = b.first!.name;
      const current = best.get(name);
      if (d >= 0 && (!current || d > current[1])) best.set(name, [b, d]);
    }
    freeVars.forEach((fv, i) => {
      const name = fv.first!.name;
      if (!best.has(name)) best.set(name, [newBinding('free', i, fv.first, undefined), 0]);
    });
    for (const [name, [b]] of best) {
      block.bind(name, b);
      this.frameBindings.add(b);
    }
  }
}

function contains(node: { start: Position; end: Position }, pos: Position): boolean {
  const after = (a: Position, b: Position) =>
    a.line > b.line || (a.line === b.line && a.col >= b.col);
  return after(pos, node.start) && !after(pos, node.end);
}
