import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIO } from './io';
import { main } from './starling';

const dir = mkdtempSync(join(tmpdir(), 'starling-exec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
  };
  return io;
}

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

// The first test loads the whole engine through vitest's transform, which a busy machine makes slow.
describe('starling exec', { timeout: 60_000 }, () => {
  it('prints to stdout and exits 0', async () => {
    const file = write('ok.star', 'print("héllo", 1, [2])\nprint(b"x")\n');
    const io = capture();
    expect(await main(['exec', file], io)).toBe(0);
    expect(io.out).toBe('héllo 1 [2]\nx\n');
    expect(io.err).toBe('');
  });

  it('prints the backtrace of a runtime error to stderr after the output, and exits 1', async () => {
    const file = write('fail.star', 'def f():\n    return {}["k"]\nprint("before")\nf()\n');
    const io = capture();
    expect(await main(['exec', file], io)).toBe(1);
    expect(io.out).toBe('before\n');
    expect(io.err).toBe(
      `Traceback (most recent call last):\n  ${file}:4:2: in <toplevel>\n  ${file}:2:14: in f\nError: key "k" not in dict\n`,
    );
  });

  it('prints every static error with file:line:col', async () => {
    const file = write('static.star', 'x = y\nz = w\n');
    const io = capture();
    expect(await main(['exec', file], io)).toBe(1);
    expect(io.err).toBe(`${file}:1:5: undefined: y\n${file}:2:5: undefined: w\n`);
    const bad = write('syntax.star', 'x = (1,\n');
    const io2 = capture();
    expect(await main(['exec', bad], io2)).toBe(1);
    expect(io2.err).toMatch(new RegExp(`^${bad}:2:1: got end of file, want '\\)'\n$`));
  });

  it('turns on dialect options and limits steps and time', async () => {
    const loop = write('loop.star', 'def f():\n    while True:\n        pass\nf()\n');
    const io = capture();
    expect(await main(['exec', loop], io)).toBe(1);
    expect(io.err).toContain('dialect does not support while loops');
    const io2 = capture();
    expect(await main(['exec', '--option', 'while', '--max-steps', '5000', loop], io2)).toBe(1);
    expect(io2.err).toMatch(/Error: Starlark computation cancelled: too many steps\n$/);
    const io3 = capture();
    expect(await main(['exec', '--option=while', '--timeout', '0.2', loop], io3)).toBe(1);
    expect(io3.err).toMatch(/Error: Starlark computation cancelled: timed out after 0.2s\n$/);
  });

  it('loads files relative to the loading file, once each', async () => {
    mkdirSync(join(dir, 'lib'), { recursive: true });
    write('lib/b.star', 'print("loading b")\nanswer = 42\n');
    write('lib/a.star', 'load("b.star", "answer")\ntwice = answer * 2\n');
    const main1 = write(
      'main.star',
      'load("lib/a.star", "twice")\nload("lib/b.star", b="answer")\nprint(twice, b)\n',
    );
    const io = capture();
    expect(await main(['exec', main1], io)).toBe(0);
    expect(io.out).toBe('loading b\n84 42\n');
    const bad = write('badload.star', 'load("missing.star", "x")\n');
    const io2 = capture();
    expect(await main(['exec', bad], io2)).toBe(1);
    expect(io2.err).toContain(
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
      const io = capture();
      expect(await main(['exec', ...args], io)).toBe(2);
      expect(io.err).toContain('Usage: starling exec');
    }
  });
});
