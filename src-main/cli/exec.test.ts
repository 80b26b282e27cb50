import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratchFolder } from './cli-tests';

const { dir, write } = scratchFolder('exec');

// The first test loads the whole engine through vitest's transform, which a busy machine makes slow.
describe('starling exec', { timeout: 60_000 }, () => {
  it('prints to stdout and exits 0', async () => {
    const file = write('ok.star', 'print("héllo", 1, [2])\nprint(b"x")\n');
    const run = await runCli(['exec', file]);
    expect(run.status).toBe(0);
    expect(run.out).toBe('héllo 1 [2]\nx\n');
    expect(run.err).toBe('');
  });

  it('prints the backtrace of a runtime error to stderr after the output, and exits 1', async () => {
    const file = write('fail.star', 'def f():\n    return {}["k"]\nprint("before")\nf()\n');
    const run = await runCli(['exec', file]);
    expect(run.status).toBe(1);
    expect(run.out).toBe('before\n');
    expect(run.err).toBe(
      `Traceback (most recent call last):\n  ${file}:4:2: in <toplevel>\n  ${file}:2:14: in f\nError: key "k" not in dict\n`,
    );
  });

  it('prints every static error with file:line:col', async () => {
    const file = write('static.star', 'x = y\nz = w\n');
    const run = await runCli(['exec', file]);
    expect(run.status).toBe(1);
    expect(run.err).toBe(`${file}:1:5: undefined: y\n${file}:2:5: undefined: w\n`);
    const bad = write('syntax.star', 'x = (1,\n');
    const run2 = await runCli(['exec', bad]);
    expect(run2.status).toBe(1);
    expect(run2.err).toMatch(new RegExp(`^${bad}:2:1: got end of file, want '\\)'\n$`));
  });

  it('turns on dialect options and limits steps and time', async () => {
    const loop = write('loop.star', 'def f():\n    while True:\n        pass\nf()\n');
    const run = await runCli(['exec', loop]);
    expect(run.status).toBe(1);
    expect(run.err).toContain('dialect does not support while loops');
    const run2 = await runCli(['exec', '--option', 'while', '--max-steps', '5000', loop]);
    expect(run2.status).toBe(1);
    expect(run2.err).toMatch(/Error: Starlark computation cancelled: too many steps\n$/);
    const run3 = await runCli(['exec', '--option=while', '--timeout', '0.2', loop]);
    expect(run3.status).toBe(1);
    expect(run3.err).toMatch(/Error: Starlark computation cancelled: timed out after 0.2s\n$/);
  });

  it('loads files relative to the loading file, once each', async () => {
    write('lib/b.star', 'print("loading b")\nanswer = 42\n');
    write('lib/a.star', 'load("b.star", "answer")\ntwice = answer * 2\n');
    const main1 = write(
      'main.star',
      'load("lib/a.star", "twice")\nload("lib/b.star", b="answer")\nprint(twice, b)\n',
    );
    const run = await runCli(['exec', main1]);
    expect(run.status).toBe(0);
    expect(run.out).toBe('loading b\n84 42\n');
    const bad = write('badload.star', 'load("missing.star", "x")\n');
    const run2 = await runCli(['exec', bad]);
    expect(run2.status).toBe(1);
    expect(run2.err).toContain(
      `Error: cannot load missing.star: open ${join(dir, 'missing.star')}: no such file or directory`,
    );
  });

  it('rejects a bad command line with exit 2', async () => {
    for (const args of [
      [],
      ['--max-steps', 'x', 'a.star'],
      ['--option', 'nope', 'a.star'],
      ['a', 'b'],
    ]) {
      const run = await runCli(['exec', ...args]);
      expect(run.status).toBe(2);
      expect(run.err).toContain('Usage: starling exec');
    }
  });
});
