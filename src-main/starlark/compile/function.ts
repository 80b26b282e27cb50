/**
 * Starlark functions: the compiled code of a `def` or `lambda` (FunctionCode, shared by every
 * function value made from it) and the function values themselves (StarlarkFunction: code +
 * module globals + evaluated defaults + captured cells).
 *
 * A call allocates a Frame with the function's locals, binds the arguments to the parameters
 * with go.starlark.net's rules and messages (setArgs), turns captured locals into Cells and runs
 * the body's closure. The frame is on the thread's stack while the body runs; an error raised in
 * it becomes an EvalError carrying the stack before the frame is popped.
 */
import type { FunctionInfo, Position } from '../syntax/ast';
import type { ProgramCompiler } from './compiler';
import { toEvalError } from '../runtime/call';
import { StarlarkError } from '../runtime/errors';
import { Cell, Frame } from '../runtime/frame';
import { quote } from '../runtime/quote';
import type { Thread } from '../runtime/thread';
import {
  Callable,
  Dict,
  None,
  StarlarkObject,
  Tuple,
  emptyTuple,
  freeze,
  noKwargs,
  type KwArgs,
  type Value,
} from '../runtime/value';

/** What a statement's closure reports: carry on, or leave the enclosing loop or function. */
export const NORMAL = 0;
export const BREAK = 1;
export const CONTINUE = 2;
export const RETURN = 3;

export type Expr = (fr: Frame) => Value;
export type Stmt = (fr: Frame) => number;

/** The default of a keyword-only parameter that has none: the argument is required. */
class Mandatory extends StarlarkObject {
  get type(): string {
    return 'mandatory';
  }
}
export const mandatory: Value = new Mandatory();

/** The compiled form of one def, lambda or module top level. Contains no values of a module. */
export class FunctionCode {
  /** The body, set once compiled. */
  body: Stmt = () => NORMAL;
  /** How many calls of this code are running on any thread (the recursion check's fast path). */
  active = 0;
  /**
   * The compilation this code belongs to: its dialect options, predeclared values and module
   * record — what evaluating an expression in one of its frames needs.
   */
  program: ProgramCompiler | undefined;
  /** Whether positional arguments map one to one onto the parameters. */
  readonly simpleParams: boolean;
  /** The number of local slots (parameters included). */
  readonly numLocals: number;

  constructor(
    readonly name: string,
    /** Of the `def` or `lambda` keyword (of the first statement for a module). */
    readonly pos: Position,
    /** Where go.starlark.net places a frame that has not yet executed anything (its first instruction). */
    readonly entryPos: Position,
    /** Parameters including *args and **kwargs, as go.starlark.net's Funcode.NumParams. */
    readonly numParams: number,
    readonly numKwonlyParams: number,
    readonly hasVarargs: boolean,
    readonly hasKwargs: boolean,
    /** Names of the local slots, parameters first (*args, **kwargs after the others). */
    readonly localNames: readonly string[],
    /** Slots of locals captured by nested functions: they hold Cells. */
    readonly cellSlots: readonly number[],
    /** Names of the captured cells, in closure order. */
    readonly freeNames: readonly string[],
    /** Whether recursive calls are allowed (the `recursion` dialect option). */
    readonly recursion: boolean,
    /** The resolver's record of the function (absent for a module's top level). */
    readonly info: FunctionInfo | undefined,
  ) {
    this.simpleParams = !hasVarargs && !hasKwargs && numKwonlyParams === 0;
    this.numLocals = localNames.length;
  }

  /** Calls the function value fn (whose code this is) with the given arguments. */
  invoke(thread: Thread, fn: StarlarkFunction, args: readonly Value[], kwargs: KwArgs): Value {
    const locals = new Array<Value | Cell | undefined>(this.numLocals);
    const n = args.length;
    if (kwargs.length === 0 && this.simpleParams && n <= this.numParams) {
      for (let i = 0; i < n; i++) locals[i] = args[i];
      if (n === this.numParams || this.fillDefaults(fn, locals, n)) {
        return this.run(thread, fn, locals, undefined, noKwargs);
      }
    }
    return this.run(thread, fn, locals, args, kwargs);
  }

  /**
   * Runs the body in a new frame whose locals are given — with the parameters already bound
   * (args undefined: a call site that could bind them directly), or to be bound from args.
   */
  run(
    thread: Thread,
    fn: StarlarkFunction,
    locals: (Value | Cell | undefined)[],
    args: readonly Value[] | undefined,
    kwargs: KwArgs,
  ): Value {
    const parent = thread.frame;
    const fr = new Frame(thread, fn, locals, fn.globals, fn.freevars, parent, this.entryPos);
    thread.frame = fr;
    this.active++;
    try {
      if (++thread.steps >= thread.checkAt) thread.check();
      if (fr.depth > thread.maxCallDepth) {
        throw new StarlarkError(
          `Starlark call stack too deep (more than ${thread.maxCallDepth} frames)`,
        );
      }
      if (this.active > 1 && !this.recursion && this.isRecursive(fr)) {
        throw new StarlarkError(`function ${this.name} called recursively`);
      }
      if (args !== undefined) this.bindArgs(fn, locals, args, kwargs);
      const cells = this.cellSlots;
      for (let i = 0; i < cells.length; i++) {
        const slot = cells[i]!;
        locals[slot] = new Cell(locals[slot] as Value | undefined);
      }
      this.body(fr);
      return fr.result ?? None;
    } catch (e) {
      throw toEvalError(thread, e);
    } finally {
      this.active--;
      thread.frame = parent;
    }
  }

  /**
   * For a function without *args, **kwargs or keyword-only parameters, called with the first n
   * parameters given: fills the rest from the defaults. False (nothing filled) when a parameter
   * without default is missing — the full binding then reports it.
   */
  fillDefaults(fn: StarlarkFunction, locals: (Value | Cell | undefined)[], n: number): boolean {
    const defaults = fn.defaults;
    const m = this.numParams - defaults.length;
    if (n < m) return false;
    for (let i = n; i < this.numParams; i++) locals[i] = defaults[i - m];
    return true;
  }

  private isRecursive(fr: Frame): boolean {
    for (let p = fr.parent; p !== undefined; p = p.parent) {
      if (p.fn instanceof StarlarkFunction && p.fn.code === this) return true;
    }
    return false;
  }

  /** go.starlark.net's setArgs: binds arguments to parameters, with its error messages. */
  private bindArgs(
    fn: StarlarkFunction,
    locals: (Value | Cell | undefined)[],
    args: readonly Value[],
    kwargs: KwArgs,
  ): void {
    const name = this.name;
    if (this.numParams === 0) {
      const n = args.length + kwargs.length;
      if (n > 0) throw new StarlarkError(`function ${name} accepts no arguments (${n} given)`);
      return;
    }
    let nparams = this.numParams;
    let kwdict: Dict | undefined;
    if (this.hasKwargs) {
      nparams--;
      kwdict = new Dict();
      locals[nparams] = kwdict;
    }
    if (this.hasVarargs) nparams--;
    const nonkwonly = nparams - this.numKwonlyParams;
    const defaults = fn.defaults;

    let n = args.length;
    if (n > nonkwonly) {
      if (!this.hasVarargs) {
        const atMost = defaults.length > this.numKwonlyParams ? 'at most ' : '';
        throw new StarlarkError(
          `function ${name} accepts ${atMost}${nonkwonly} positional argument${nonkwonly === 1 ? '' : 's'} (${args.length} given)`,
        );
      }
      n = nonkwonly;
    }
    for (let i = 0; i < n; i++) locals[i] = args[i];
    if (this.hasVarargs) {
      locals[nparams] = n === args.length ? emptyTuple : new Tuple(args.slice(n));
    }

    for (let a = 0; a < kwargs.length; a++) {
      const [k, v] = kwargs[a]!;
      const i = this.localNames.indexOf(k);
      if (i >= 0 && i < nparams) {
        if (locals[i] !== undefined) {
          throw new StarlarkError(`function ${name} got multiple values for parameter ${quote(k)}`);
        }
        locals[i] = v;
        continue;
      }
      if (kwdict === undefined) {
        throw new StarlarkError(`function ${name} got an unexpected keyword argument ${quote(k)}`);
      }
      const before = kwdict.size;
      kwdict.set(k, v);
      if (kwdict.size === before) {
        throw new StarlarkError(`function ${name} got multiple values for parameter ${quote(k)}`);
      }
    }

    if (n < nparams || this.numKwonlyParams > 0) {
      const m = nparams - defaults.length; // the first parameter with a default
      const missing: string[] = [];
      let i = n;
      for (; i < m; i++) if (locals[i] === undefined) missing.push(this.localNames[i]!);
      for (; i < nparams; i++) {
        if (locals[i] !== undefined) continue;
        const d = defaults[i - m]!;
        if (d === mandatory) missing.push(this.localNames[i]!);
        else locals[i] = d;
      }
      if (missing.length > 0) {
        const s = missing.length > 1 ? 's' : '';
        throw new StarlarkError(
          `function ${name} missing ${missing.length} argument${s} (${missing.join(', ')})`,
        );
      }
    }
  }
}

/** A Starlark function value: `def f(...)` or `lambda ...` evaluated in a frame. */
export class StarlarkFunction extends Callable {
  constructor(
    readonly code: FunctionCode,
    /** The globals of the module that defined the function. */
    readonly globals: (Value | undefined)[],
    /** Default values of the parameters from the first optional one on (`mandatory` for required keyword-only ones). */
    readonly defaults: readonly Value[],
    /** The captured cells, in closure order. */
    readonly freevars: readonly Cell[],
  ) {
    super();
  }
  get name(): string {
    return this.code.name;
  }
  get type(): string {
    return 'function';
  }
  override get framed(): boolean {
    return true;
  }
  /** Where the function was defined. */
  get position(): Position {
    return this.code.pos;
  }
  callInternal(thread: Thread, args: readonly Value[], kwargs: KwArgs): Value {
    return this.code.invoke(thread, this, args, kwargs);
  }
  private frozen = false;
  override freeze(): void {
    if (this.frozen) return;
    this.frozen = true;
    for (const d of this.defaults) freeze(d);
    for (const c of this.freevars) if (c.v !== undefined) freeze(c.v);
  }
  override repr(): string {
    return `<function ${this.name}>`;
  }
}
