import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chunkOptionNames } from '../../src-main/starlark/chunks';

/**
 * The differential corpus: Starlark programs under tests/starlark/differential/, each run on both
 * engines. A program whose name starts with `error-` must fail, and its `# want-error: REGEXP`
 * comment says why (checked against the reference, so a typo cannot turn a runtime-error test
 * into a syntax-error test); every other program must succeed. A program that mentions
 * `option:NAME` runs with `--option NAME`.
 */
export const corpusDir = join(import.meta.dirname, 'differential');

export interface CorpusProgram {
  name: string;
  path: string;
  options: string[];
  wantError: RegExp | undefined;
}

export function corpusPrograms(): CorpusProgram[] {
  return readdirSync(corpusDir)
    .filter((f) => f.endsWith('.star'))
    .sort()
    .map((name) => {
      const path = join(corpusDir, name);
      const text = readFileSync(path, 'utf8');
      const want = /^# want-error: (.*)$/m.exec(text)?.[1];
      return {
        name,
        path,
        options: chunkOptionNames.filter((o) => text.includes(`option:${o}`)),
        wantError: want === undefined ? undefined : new RegExp(want),
      };
    });
}

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function optionArgs(options: readonly string[]): string[] {
  return options.flatMap((o) => ['--option', o]);
}

/** Runs `starlark-reference exec` on a program. */
export function runReference(binary: string, program: CorpusProgram): RunResult {
  const r = spawnSync(binary, ['exec', ...optionArgs(program.options), program.path], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The last non-empty line of a program's standard error: the error itself. */
export function finalErrorLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  return lines[lines.length - 1] ?? '';
}
