/**
 * Runs chunked test files (src-main/starlark/chunks.ts) in one of three modes, as
 * go.starlark.net's own tests do:
 *
 * - parse: syntax/parse_test.go — a chunk's syntax error must be the one its `###` expects;
 * - resolve: resolve/resolve_test.go — every resolve error must be expected; the predeclared
 *   names are those of that test (`M` predeclared, `U` and `float` universal);
 * - exec: starlark/eval_test.go — the chunk runs with the test environment (environment.ts);
 *   a runtime error counts at the innermost call frame in the chunk's file, and every assert
 *   failure is a test failure.
 */
import {
  checkChunk,
  readChunks,
  type Chunk,
  type ReportedError,
  execFile,
  resolveFile,
  EvalError,
  Thread,
  optionsFromNames,
  parse,
} from '../../starlark/index';
import { setPool } from '../../starlark/proto';
import { setReporter, testLoad, testPredeclared, testProtoPool, toText } from './environment';

export type TestMode = 'exec' | 'resolve' | 'parse';
export const testModes: readonly TestMode[] = ['exec', 'resolve', 'parse'];

export interface ChunkResult {
  readonly chunk: Chunk;
  /** Why the chunk failed, one line each (`file:line: …`); empty when it passed. */
  readonly failures: readonly string[];
}

/** Runs every chunk of a file. `text` is the file's content; `file` names it in messages. */
export function runChunkedFile(file: string, text: string, mode: TestMode): ChunkResult[] {
  return readChunks(file, text).map((chunk) => ({ chunk, failures: runChunk(chunk, mode) }));
}

/** Runs one chunk and returns its failures. */
export function runChunk(chunk: Chunk, mode: TestMode): string[] {
  const outcome = mode === 'exec' ? execChunk(chunk) : staticChunk(chunk, mode);
  return [...outcome.failures, ...checkChunk(chunk, outcome.errors)];
}

interface Outcome {
  errors: ReportedError[];
  /** Failures not tied to an expectation (assert failures, errors outside the file). */
  failures: string[];
}

const isResolvePredeclared = (name: string) => name === 'M';
const isResolveUniversal = (name: string) => name === 'U' || name === 'float';

function staticChunk(chunk: Chunk, mode: 'parse' | 'resolve'): Outcome {
  const parsed = parse(chunk.file, chunk.source);
  if (!parsed.ok) {
    const { pos, msg } = parsed.error;
    if (mode === 'parse') return { errors: [{ line: pos.line, msg }], failures: [] };
    // As resolve_test.go: a chunk that does not parse is a failure in resolve mode.
    return { errors: [], failures: [parsed.error.toString()] };
  }
  if (mode === 'parse') return { errors: [], failures: [] };
  const options = optionsFromNames(chunk.options);
  const errors = resolveFile(parsed.file, options, isResolvePredeclared, isResolveUniversal);
  return { errors: errors.map((e) => ({ line: e.pos.line, msg: e.msg })), failures: [] };
}

function execChunk(chunk: Chunk): Outcome {
  const failures: string[] = [];
  const thread = new Thread();
  thread.name = `test ${chunk.file}:${chunk.startLine}`;
  thread.load = testLoad;
  setPool(thread, testProtoPool());
  setReporter(thread, (failure) => failures.push(`${chunk.file}:${chunk.startLine}: ${failure}`));
  try {
    execFile(thread, chunk.file, chunk.source, testPredeclared(), {
      fileOptions: optionsFromNames(chunk.options),
    });
    return { errors: [], failures };
  } catch (e) {
    return { errors: [], failures, ...errorOutcome(chunk, e, failures) };
  }
}

/** Where an error thrown by execFile counts: the line its expectation must be on. */
function errorOutcome(chunk: Chunk, e: unknown, failures: string[]): Partial<Outcome> {
  if (e instanceof EvalError) {
    for (let i = e.callStack.length - 1; i >= 0; i--) {
      const frame = e.callStack[i]!;
      if (frame.pos.file === chunk.file) {
        return { errors: [{ line: frame.pos.line, msg: toText(e.message) }] };
      }
    }
    failures.push(toText(e.backtrace()));
    return {};
  }
  const staticErrors = staticErrorsOf(e);
  if (staticErrors) return { errors: staticErrors };
  throw e;
}

/** The syntax or resolve errors a failed execFile reports (one error, or a list of them). */
function staticErrorsOf(e: unknown): ReportedError[] | undefined {
  const one = (x: unknown): ReportedError | undefined => {
    const p = x as { pos?: { line?: unknown }; msg?: unknown };
    return typeof p?.pos?.line === 'number' && typeof p.msg === 'string'
      ? { line: p.pos.line, msg: toText(p.msg) }
      : undefined;
  };
  const single = one(e);
  if (single) return [single];
  const list = (e as { errors?: unknown })?.errors;
  if (Array.isArray(list)) {
    const errors = list.map(one);
    if (errors.every((x) => x !== undefined)) return errors as ReportedError[];
  }
  return undefined;
}
