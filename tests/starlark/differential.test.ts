/**
 * The differential test: every program of the corpus (tests/starlark/differential) runs on
 * `starling exec` and on go.starlark.net (`starlark-reference exec`), and both must give the
 * same standard output, exit status and final error line — and, for runtime errors, the same
 * backtrace. Nothing is hard-coded: the expectation is the reference's output. (The corpus is
 * itself checked on the reference by differential-corpus.test.ts.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src-main/cli/io';
import { main } from '../../src-main/cli/starling';
import { buildReference } from '../reference/build.js';
import { corpusPrograms, finalErrorLine, optionArgs, runReference, type RunResult } from './corpus';

let reference = '';
beforeAll(() => {
  reference = buildReference();
});

/** Runs `starling exec` in this process, through the CLI's own entry point. */
async function runStarling(path: string, options: readonly string[]): Promise<RunResult> {
  const result = { status: -1, stdout: '', stderr: '' };
  const io: CliIO = {
    stdout: (t) => void (result.stdout += t),
    stderr: (t) => void (result.stderr += t),
  };
  result.status = await main(['exec', ...optionArgs(options), path], io);
  return result;
}

/** The backtrace's frame lines (`  file:line:col: in fn`), when the error has one. */
function backtraceFrames(stderr: string): string[] {
  return stderr.split('\n').filter((l) => /^ {2}\S.*: in \S+$/.test(l));
}

describe('starling exec and go.starlark.net agree', () => {
  for (const program of corpusPrograms()) {
    it(program.name, async () => {
      const want = runReference(reference, program);
      const got = await runStarling(program.path, program.options);
      expect({
        stdout: got.stdout,
        status: got.status,
        error: finalErrorLine(got.stderr),
        backtrace: backtraceFrames(got.stderr),
      }).toEqual({
        stdout: want.stdout,
        status: want.status,
        error: finalErrorLine(want.stderr),
        backtrace: backtraceFrames(want.stderr),
      });
    });
  }
});
