/**
 * go.starlark.net's own conformance files, at the version the engine reproduces, run by
 * `starling test`'s driver: one vitest test per chunk, so failures are listed one by one. The
 * files are read from the Go module cache (`go mod download`); nothing of go.starlark.net is
 * committed.
 *
 * Still to add as the engine lands (tracked in issue 3): exec mode for every
 * starlark/testdata/*.star except benchmark.star once the evaluator is on main.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readChunks } from '../../src-main/starlark/chunks';
import { runChunk, type TestMode } from '../../src-main/cli/test/driver';
import { goStarlarkDir } from '../reference/build.js';

const dir = goStarlarkDir();

const suites: readonly { mode: TestMode; files: readonly string[] }[] = [
  { mode: 'parse', files: ['syntax/testdata/errors.star', 'syntax/testdata/scan.star'] },
  { mode: 'resolve', files: ['resolve/testdata/resolve.star'] },
];

for (const { mode, files } of suites) {
  for (const name of files) {
    const file = join(dir, name);
    const chunks = readChunks(file, readFileSync(file, 'utf8'));
    describe(`${name} (${mode} mode)`, () => {
      for (const chunk of chunks) {
        it(`chunk ${chunk.index + 1} at line ${chunk.startLine}`, () => {
          expect(runChunk(chunk, mode)).toEqual([]);
        });
      }
    });
  }
}
