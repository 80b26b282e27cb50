/**
 * Starling's own chunked tests (tests/starlark/*.star), written from the Starlark spec for what
 * go.starlark.net's testdata does not cover. The mode comes from the name: `*.parse.star`,
 * `*.resolve.star`, else exec. Each file is first run on the reference interpreter, which must
 * pass every chunk (so an expectation here is go.starlark.net's behaviour, not a guess), then
 * each chunk on Starling's engine.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readChunks } from '../../src-main/starlark/chunks';
import { runChunk, type TestMode } from '../../src-main/cli/test/driver';
import { buildReference } from '../reference/build.js';

const dir = import.meta.dirname;
const modeOf = (name: string): TestMode =>
  name.endsWith('.parse.star') ? 'parse' : name.endsWith('.resolve.star') ? 'resolve' : 'exec';

/** Modes Starling's engine runs today; the rest are checked on the reference only until then. */
const starlingModes: readonly TestMode[] = ['parse', 'resolve', 'exec'];

let reference = '';
beforeAll(() => {
  reference = buildReference();
});

const files = readdirSync(dir)
  .filter((f) => f.endsWith('.star'))
  .sort();

describe.each(files)('%s', (name) => {
  const path = join(dir, name);
  const mode = modeOf(name);
  const chunks = readChunks(path, readFileSync(path, 'utf8'));

  it(`passes on go.starlark.net (${mode} mode)`, () => {
    const r = spawnSync(reference, ['test', '--mode', mode, path], { encoding: 'utf8' });
    expect(r.stdout).toBe(`${chunks.length} passed, 0 failed\n`);
    expect(r.status).toBe(0);
  });

  if (starlingModes.includes(mode)) {
    for (const chunk of chunks) {
      it(`chunk ${chunk.index + 1} at line ${chunk.startLine} passes on Starling`, () => {
        expect(runChunk(chunk, mode)).toEqual([]);
      });
    }
  }
});
