/**
 * Starling's Starlark engine — the embedding API.
 *
 *   const thread = new Thread();
 *   thread.print = (_t, msg) => console.log(decodeUtf8(msg));
 *   const globals = execFile(thread, 'hello.star', source, new Map([['answer', 42]]));
 *   const result = callFunction(thread, globals.get('main')!, [toStarlark({ a: 1 })]);
 *
 * execFile parses, resolves and compiles a file, runs its top level in a thread and returns its
 * globals, frozen. Errors are thrown: a StarlarkSyntaxError (file:line:col: msg), a
 * StaticErrors with every resolve error, or an EvalError from running the code, whose
 * backtrace() prints as go.starlark.net's does. The host gives Starlark code its capabilities
 * through predeclared values and the thread's hooks (print, load, cancel, steps); the engine
 * itself reaches nothing else.
 */
import { Program, type CompileOptions } from './compile/program';
import { StarlarkFunction } from './compile/function';
import { resolveFile } from './resolve/resolve';
import { StaticErrors } from './static-errors';
import { isUniversal, universe } from './runtime/builtins';
import { call, toEvalError } from './runtime/call';
import { EvalError } from './runtime/errors';
import type { Thread } from './runtime/thread';
import { noKwargs, type KwArgs, type Value } from './runtime/value';
import { parse } from './syntax/parse';
import { defaultFileOptions, type FileOptions } from './syntax/options';

export { Program, StarlarkFunction, universe };
export { Thread } from './runtime/thread';
export { Frame, Cell } from './runtime/frame';
export { EvalError, StarlarkError, NoSuchAttrError, type CallFrame } from './runtime/errors';
export { StarlarkSyntaxError } from './syntax/errors';
export { ResolveError } from './resolve/resolve';
export {
  defaultFileOptions,
  fileOptionNames,
  optionsFromNames,
  optionsInText,
  type FileOptions,
} from './syntax/options';
export {
  Builtin,
  Bytes,
  Callable,
  Dict,
  Float,
  List,
  None,
  Range,
  Set,
  StarlarkObject,
  Tuple,
  noKwargs,
  typeName,
  truth,
  type BuiltinFn,
  type KwArgs,
  type Value,
} from './runtime/value';
export { decodeUtf8, encodeUtf8 } from './runtime/strings';
export { repr, str } from './runtime/ops';
export { toStarlark, fromStarlark } from './convert';
export { StaticErrors };
export { evaluate, evaluateInFrame } from './evaluate';
export { goStarlarkVersion } from './version';

// What a host may predeclare: go.starlark.net's libraries (`proto` has an entry of its own,
// starlark/proto.ts).
export { json } from './lib/json';
export { math } from './lib/math';
export { module, struct } from './lib/struct';
export { time } from './lib/time';

// Writing builtins: unpacking their arguments, calling back into Starlark (errors propagate to
// the calling frame as thrown, unlike callFunction's), reading attributes, freezing values.
export { unpackArgs, wantBool, wantInt, wantString } from './runtime/unpack';
export { call } from './runtime/call';
export { callStackString } from './runtime/errors';
export { attrNames, getAttr } from './runtime/ops';
export { freeze, type BinaryOperator, type HashKey, type ValueIterator } from './runtime/value';

// Reading code without running it (editors, linters, the reconciler's project checks): the
// syntax tree, a walk over it, the resolver and its "did you mean" spelling.
export { parse, type ParseResult } from './syntax/parse';
export { forEachChild } from './syntax/walk';
export type { CallExpr, DefStmt, File, Node, Position } from './syntax/ast';
export { resolveFile } from './resolve/resolve';
export { nearest } from './resolve/spell';
export { isUniversal };

// Chunked test files (chunks split by `---`, `### "regex"` for an expected error): the engine's
// own tests and `starling test` read them.
export {
  checkChunk,
  chunkOptionNames,
  compileGoRegexp,
  readChunks,
  type Chunk,
  type ReportedError,
} from './chunks';

export interface ExecOptions {
  /** The dialect (default: go.starlark.net's defaults, as Choreo runs reconcilers). */
  readonly fileOptions?: FileOptions;
  /** Compile debugger hooks (thread.onStatement) into the code. */
  readonly debug?: boolean;
}

type Predeclared = ReadonlyMap<string, Value> | Readonly<Record<string, Value>>;

function asMap(p: Predeclared): ReadonlyMap<string, Value> {
  return p instanceof Map ? p : new Map(Object.entries(p));
}

/**
 * Parses, resolves and compiles a file. `source` is the file's text. Throws a
 * StarlarkSyntaxError or StaticErrors.
 */
export function compileFile(
  path: string,
  source: string,
  predeclared: Predeclared = new Map(),
  options: ExecOptions = {},
): Program {
  const names = asMap(predeclared);
  const fileOptions = options.fileOptions ?? defaultFileOptions;
  const parsed = parse(path, source);
  if (!parsed.ok) throw parsed.error;
  const errors = resolveFile(parsed.file, fileOptions, (n) => names.has(n), isUniversal);
  if (errors.length > 0) throw new StaticErrors(errors);
  const compileOptions: CompileOptions = {
    recursion: fileOptions.recursion,
    debug: options.debug ?? false,
    fileOptions,
  };
  return new Program(parsed.file, names, compileOptions);
}

/**
 * Runs a file's top level in thread and returns its globals, frozen. Throws a
 * StarlarkSyntaxError, StaticErrors or EvalError.
 */
export function execFile(
  thread: Thread,
  path: string,
  source: string,
  predeclared: Predeclared = new Map(),
  options: ExecOptions = {},
): Map<string, Value> {
  const program = compileFile(path, source, predeclared, options);
  const { globals, error } = program.run(thread);
  if (error) throw error;
  return globals;
}

/** Calls a Starlark callable from TypeScript; a failure is thrown as an EvalError. */
export function callFunction(
  thread: Thread,
  fn: Value,
  args: readonly Value[] = [],
  kwargs: KwArgs = noKwargs,
): Value {
  try {
    return call(thread, fn, args, kwargs);
  } catch (e) {
    if (e instanceof EvalError) throw e;
    throw toEvalError(thread, e);
  }
}
