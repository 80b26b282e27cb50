/**
 * The compiler: turns a resolved syntax tree into closures, once per function.
 *
 * Design. Every expression becomes an `Expr = (fr: Frame) => Value` and every statement a
 * `Stmt = (fr: Frame) => number` that reports NORMAL, BREAK, CONTINUE or RETURN — control flow
 * needs no exceptions. Names are resolved to slots by the resolver, so a local read is
 * `fr.locals[i]`, a global read `fr.globals[i]`, a captured variable `fr.free[i].v`; predeclared
 * and universal names are looked up once, here, and become constants. Operators inline the
 * common cases (small ints as JS numbers, strings, list/dict indexing) and call runtime/ops for
 * the rest. Before an operation that can fail, a closure stores the position go.starlark.net
 * would report into `fr.pos` (on the slow path only where it can), so the chain of frames is
 * the backtrace; calls store the call's `(`. Loops and calls bump the thread's step counter.
 *
 * One FunctionCompiler compiles one function body (or a module's top level); nested functions
 * get their own and share the ProgramCompiler (dialect options and predeclared values).
 */
import type * as ast from '../syntax/ast';
import type { FileOptions } from '../syntax/options';
import { universe } from '../runtime/builtins';
import type { Value } from '../runtime/value';
import { compileAssign, type Assign } from './assign';
import { compileExpr } from './expr';
import { entryPosition } from './entry';
import { FunctionCode, type Expr, type Stmt } from './function';
import { compileBlock } from './stmt';

export interface CompileOptions {
  /** The `recursion` dialect option: allow a function to call itself. */
  readonly recursion: boolean;
  /**
   * Compile a debugger hook before every statement (thread.onStatement). Off by default, so
   * code run without a debugger pays nothing for it.
   */
  readonly debug?: boolean;
  /** The whole dialect, kept for evaluating expressions in this code's frames. */
  readonly fileOptions?: FileOptions;
}

/** What all functions of one file share while being compiled. */
export class ProgramCompiler {
  /** The file's module record (set when its top level is compiled). */
  module: ast.ModuleInfo | undefined;
  /** The file's syntax tree (set when its top level is compiled): the debugger's statement lines. */
  file: ast.File | undefined;

  constructor(
    readonly options: CompileOptions,
    readonly predeclared: ReadonlyMap<string, Value>,
  ) {}

  /** The value of a predeclared or universal name. */
  constant(name: string, scope: 'predeclared' | 'universal'): Value {
    const v = scope === 'predeclared' ? this.predeclared.get(name) : universe.get(name);
    if (v === undefined) throw new Error(`internal error: ${scope} name ${name} has no value`);
    return v;
  }

  /** Compiles a def or lambda body into its FunctionCode. */
  function(info: ast.FunctionInfo): FunctionCode {
    const numKwonly = info.numKwonlyParams;
    // go.starlark.net: a bare `*` is not a parameter; *args and **kwargs are.
    let numParams = info.params.length;
    if (numKwonly > 0 && !info.hasVarargs) numParams--;
    const code = new FunctionCode(
      info.name,
      info.pos,
      entryPosition(info.pos, info.body),
      numParams,
      numKwonly,
      info.hasVarargs,
      info.hasKwargs,
      info.locals.map(bindingName),
      cellSlots(info.locals),
      info.freeVars.map(bindingName),
      this.options.recursion,
      info,
    );
    code.program = this;
    const fc = new FunctionCompiler(this, numParams);
    code.body = fc.block(info.body);
    return code;
  }

  /** Compiles a module's top level. */
  toplevel(file: ast.File): FunctionCode {
    this.file = file;
    const module = file.module!;
    this.module = module;
    const pos = file.stmts[0]?.start ?? { file: file.path, line: 1, col: 1 };
    const code = new FunctionCode(
      '<toplevel>',
      pos,
      entryPosition(pos, file.stmts),
      0,
      0,
      false,
      false,
      module.locals.map(bindingName),
      cellSlots(module.locals),
      [],
      this.options.recursion,
      undefined,
    );
    code.program = this;
    code.body = new FunctionCompiler(this, 0).block(file.stmts);
    return code;
  }
}

function bindingName(b: ast.Binding): string {
  return b.first?.name ?? '?';
}

function cellSlots(locals: readonly ast.Binding[]): number[] {
  const out: number[] = [];
  locals.forEach((b, i) => {
    if (b.scope === 'cell') out.push(i);
  });
  return out;
}

/** Compiles the statements and expressions of one function body. */
export class FunctionCompiler {
  constructor(
    readonly program: ProgramCompiler,
    /** Slots below this are parameters: always assigned, so reads need no check. */
    readonly numParams: number,
  ) {}

  get debug(): boolean {
    return this.program.options.debug === true;
  }

  expr(e: ast.Expr): Expr {
    return compileExpr(this, e);
  }

  block(stmts: readonly ast.Stmt[]): Stmt {
    return compileBlock(this, stmts);
  }

  assign(lhs: ast.Expr, pos: ast.Position): Assign {
    return compileAssign(this, lhs, pos);
  }
}
