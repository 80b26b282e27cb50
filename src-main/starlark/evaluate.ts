/**
 * Evaluating one expression: in a paused frame (the debugger's evaluate: the frame's locals,
 * captured variables and module globals are in scope, read as they are now), or on its own with
 * predeclared names (a REPL).
 */
import { ProgramCompiler } from './compile/compiler';
import { StarlarkFunction } from './compile/function';
import { resolveExpr } from './resolve/resolve';
import { isUniversal } from './runtime/builtins';
import { toEvalError } from './runtime/call';
import { Cell, type Frame } from './runtime/frame';
import type { Thread } from './runtime/thread';
import type { Value } from './runtime/value';
import type { FunctionInfo } from './syntax/ast';
import { defaultFileOptions, type FileOptions } from './syntax/options';
import { parseExpr } from './syntax/parse';
import { StaticErrors } from './static-errors';

/**
 * Evaluates `source` (an expression) in `frame`, a frame of `thread` — typically the one paused
 * in thread.onStatement. Throws a StarlarkSyntaxError, StaticErrors or EvalError.
 */
export function evaluateInFrame(thread: Thread, frame: Frame, source: string): Value {
  const fn = frame.fn;
  if (!(fn instanceof StarlarkFunction) || fn.code.program === undefined) {
    throw new Error('evaluateInFrame: not a frame of compiled Starlark code');
  }
  const program = fn.code.program;
  const parsed = parseExpr('<expr>', source);
  if (!parsed.ok) throw parsed.error;
  const options: FileOptions = program.options.fileOptions ?? {
    ...defaultFileOptions,
    recursion: program.options.recursion,
  };
  const { errors, fn: info } = resolveExpr(
    parsed.expr,
    options,
    (n) => program.predeclared.has(n),
    isUniversal,
    { module: program.module!, fn: fn.code.info, pos: frame.pos },
  );
  if (errors.length > 0) throw new StaticErrors(errors);
  const cells = info.freeVars.map((b): Cell => {
    if (b.scope === 'cell') return frame.locals[b.index] as Cell;
    if (b.scope === 'free') return frame.free[b.index]!;
    return new Cell(frame.locals[b.index] as Value | undefined);
  });
  return run(thread, program, info, frame.globals, cells);
}

/** Evaluates an expression on its own, with the given predeclared names (a REPL line). */
export function evaluate(
  thread: Thread,
  source: string,
  predeclared: ReadonlyMap<string, Value> = new Map(),
  options: FileOptions = defaultFileOptions,
): Value {
  const parsed = parseExpr('<expr>', source);
  if (!parsed.ok) throw parsed.error;
  const { errors, fn: info } = resolveExpr(
    parsed.expr,
    options,
    (n) => predeclared.has(n),
    isUniversal,
  );
  if (errors.length > 0) throw new StaticErrors(errors);
  const program = new ProgramCompiler(
    { recursion: options.recursion, fileOptions: options },
    predeclared,
  );
  return run(thread, program, info, [], []);
}

function run(
  thread: Thread,
  program: ProgramCompiler,
  info: FunctionInfo,
  globals: (Value | undefined)[],
  cells: readonly Cell[],
): Value {
  const code = program.function(info);
  const fn = new StarlarkFunction(code, globals, [], cells);
  try {
    return code.invoke(thread, fn, [], []);
  } catch (e) {
    throw toEvalError(thread, e);
  }
}
