/**
 * go.starlark.net's own conformance files, at the version the engine reproduces, run by
 * `starling test`'s driver: one vitest test per chunk, so failures are listed one by one. The
 * files are read from the Go module cache (`go mod download`); nothing of go.starlark.net is
 * committed.
 *
 * Chunks the engine still fails are listed in `knownFailures` and run as `it.fails`: each must
 * still fail, so fixing the engine turns the test red until the entry is removed (issue 3).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readChunks } from '../../src-main/starlark/chunks';
import { runChunk, type TestMode } from '../../src-main/cli/test/driver';
import { goStarlarkDir } from '../reference/build.js';

const dir = goStarlarkDir();

/** Not run: benchmark.star (benchmarks, not tests; `npm run bench` runs it). */
const excludedExecFiles = new Set(['benchmark.star']);

/** file → 1-based chunk numbers the engine fails today, with what goes wrong. */
const knownFailures: Readonly<Record<string, readonly number[]>> = {};

const suites: readonly { mode: TestMode; files: readonly string[] }[] = [
  { mode: 'parse', files: ['syntax/testdata/errors.star', 'syntax/testdata/scan.star'] },
  { mode: 'resolve', files: ['resolve/testdata/resolve.star'] },
  {
    mode: 'exec',
    files: readdirSync(join(dir, 'starlark/testdata'))
      .filter((f) => f.endsWith('.star') && !excludedExecFiles.has(f))
      .sort()
      .map((f) => `starlark/testdata/${f}`),
  },
];

for (const { mode, files } of suites) {
  for (const name of files) {
    const file = join(dir, name);
    const chunks = readChunks(file, readFileSync(file, 'utf8'));
    describe(`${name} (${mode} mode)`, () => {
      for (const chunk of chunks) {
        const known = knownFailures[name]?.includes(chunk.index + 1) ?? false;
        (known ? it.fails : it)(`chunk ${chunk.index + 1} at line ${chunk.startLine}`, () => {
          expect(runChunk(chunk, mode)).toEqual([]);
        });
      }
    });
  }
}
