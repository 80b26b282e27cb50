/**
 * Runs chunked test files (src-main/starlark/chunks.ts) in one of three modes, as
 * go.starlark.net's own tests do:
 *
 * - parse: syntax/parse_test.go — a chunk's syntax error must be the one its `###` expects;
 * - resolve: resolve/resolve_test.go — every resolve error must be expected; the predeclared
 *   names are those of that test (`M` predeclared, `U` and `float` universal);
 * - exec: starlark/eval_test.go — the chunk runs with go.starlark.net's test environment; a
 *   runtime error counts at the innermost call frame in the chunk's file, and every assert
 *   failure is a test failure.
 */
import { checkChunk, readChunks, type Chunk, type ReportedError } from '../../starlark/chunks';
import { resolveFile } from '../../starlark/resolve/resolve';
import { optionsFromNames } from '../../starlark/syntax/options';
import { parse } from '../../starlark/syntax/parse';
import { UsageError } from '../io';

export type TestMode = 'exec' | 'resolve' | 'parse';
export const testModes: readonly TestMode[] = ['exec', 'resolve', 'parse'];

/** Modes whose engine stages have landed. */
const builtModes: readonly TestMode[] = ['parse', 'resolve'];

export interface ChunkResult {
  readonly chunk: Chunk;
  /** Why the chunk failed, one line each (`file:line: …`); empty when it passed. */
  readonly failures: readonly string[];
}

/** Runs every chunk of a file. `text` is the file's content; `file` names it in messages. */
export function runChunkedFile(file: string, text: string, mode: TestMode): ChunkResult[] {
  if (!builtModes.includes(mode)) {
    throw new UsageError(`--mode ${mode} is not built yet in this version of Starling`);
  }
  return readChunks(file, text).map((chunk) => ({ chunk, failures: runChunk(chunk, mode) }));
}

/** Runs one chunk and returns its failures. */
export function runChunk(chunk: Chunk, mode: TestMode): string[] {
  if (mode === 'exec')
    throw new UsageError('--mode exec is not built yet in this version of Starling');
  const outcome = staticChunk(chunk, mode);
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
    // As resolve_test.go: a chunk that does not parse fails in resolve mode.
    return { errors: [], failures: [parsed.error.toString()] };
  }
  if (mode === 'parse') return { errors: [], failures: [] };
  const options = optionsFromNames(chunk.options);
  const errors = resolveFile(parsed.file, options, isResolvePredeclared, isResolveUniversal);
  return { errors: errors.map((e) => ({ line: e.pos.line, msg: e.msg })), failures: [] };
}
