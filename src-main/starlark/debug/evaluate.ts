/**
 * Evaluating an expression in a stopped frame (the debugger's evaluate, breakpoint conditions,
 * logpoint messages). The expression is parsed, resolved against the frame (resolveExpr: the
 * frame's locals, captured cells and the module's globals are visible, unchanged), compiled by the
 * frame's own program compiler (so predeclared names mean what they mean in the file) and called
 * as a function whose captured cells are the frame's variables. It runs on the stopped thread:
 * its steps count toward the thread's limits.
 */
import { StarlarkFunction, type FunctionCode } from '../compile/function';
import { resolveExpr } from '../resolve/resolve';
import { isUniversal } from '../runtime/builtins';
import { StarlarkError } from '../runtime/errors';
import { Cell, type Frame } from '../runtime/frame';
import type { Thread } from '../runtime/thread';
import type { Binding } from '../syntax/ast';
import { defaultFileOptions } from '../syntax/options';
import { parseExpr } from '../syntax/parse';
import type { Value } from '../runtime/value';

interface CompiledExpr {
  readonly code: FunctionCode;
  readonly freeVars: readonly Binding[];
}

/** Compiled expressions per function code and text (conditions are evaluated on every hit). */
const cache = new WeakMap<FunctionCode, Map<string, CompiledExpr | StarlarkError>>();

/**
 * Evaluates `text` in `frame` on `thread`. Throws a StarlarkError for an expression that does not
 * parse or resolve, an EvalError for one that fails while running.
 */
export function evaluateInFrame(thread: Thread, frame: Frame, text: string): Value {
  const fn = frame.fn;
  if (!(fn instanceof StarlarkFunction) || fn.code.program?.module === undefined) {
    throw new StarlarkError('cannot evaluate in this frame');
  }
  const compiled = compileIn(fn.code, frame, text);
  const cells = compiled.freeVars.map((b): Cell => {
    switch (b.scope) {
      case 'cell':
        return frame.locals[b.index] as Cell;
      case 'free':
        return frame.free[b.index]!;
      default:
        return new Cell(frame.locals[b.index] as Value | undefined);
    }
  });
  const exprFn = new StarlarkFunction(compiled.code, frame.globals, [], cells);
  return exprFn.callInternal(thread, [], []);
}

function compileIn(code: FunctionCode, frame: Frame, text: string): CompiledExpr {
  let byText = cache.get(code);
  if (byText === undefined) cache.set(code, (byText = new Map()));
  // Comprehension variables are visible only where the frame is inside the comprehension.
  const key = `${frame.pos.line}:${frame.pos.col}:${text}`;
  let compiled = byText.get(key);
  if (compiled === undefined) {
    compiled = compile(code, frame, text);
    if (byText.size > 1000) byText.clear();
    byText.set(key, compiled);
  }
  if (compiled instanceof StarlarkError) throw compiled;
  return compiled;
}

function compile(code: FunctionCode, frame: Frame, text: string): CompiledExpr | StarlarkError {
  const program = code.program!;
  const parsed = parseExpr('<expr>', text);
  if (!parsed.ok) return new StarlarkError(String(parsed.error));
  const resolved = resolveExpr(
    parsed.expr,
    program.options.fileOptions ?? { ...defaultFileOptions, recursion: program.options.recursion },
    (name) => program.predeclared.has(name),
    isUniversal,
    { module: program.module!, fn: code.info, pos: frame.pos },
  );
  if (resolved.errors.length > 0) {
    return new StarlarkError(resolved.errors.map(String).join('\n'));
  }
  return { code: program.function(resolved.fn), freeVars: resolved.fn.freeVars };
}
