import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// `starling exec`'s short cut, end to end: bin/starling.js running the built out/cli/exec.cjs
// (`npm run build:cli`; npm install builds it) from a V8 code cache in a cache folder of its own.
const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'starling-exec-main-'));
const cache = join(dir, 'cache');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function starling(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/starling.js'), ...args], {
    env: { ...process.env, STARLING_CACHE: cache },
  });
  return { status: r.status, out: r.stdout, err: r.stderr.toString('utf8') };
}

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function cacheFiles(): string[] {
  const base = join(cache, 'code-cache');
  if (!existsSync(base)) return [];
  return readdirSync(base).flatMap((d) => readdirSync(join(base, d)).map((f) => join(d, f)));
}

describe('bin/starling.js exec', { timeout: 60_000 }, () => {
  it('prints raw bytes, writes a code cache once and runs the same from it', () => {
    const file = write(
      'bytes.star',
      'print("héllo", b"\\xff")\nprint([x * x for x in range(4)])\n',
    );
    expect(cacheFiles()).toEqual([]);
    const first = starling('exec', file);
    expect(first.err).toBe('');
    expect(first.status).toBe(0);
    const want = Buffer.concat([
      Buffer.from('héllo '),
      Buffer.from([0xff]),
      Buffer.from('\n[0, 1, 4, 9]\n'),
    ]);
    expect(first.out).toEqual(want);
    const written = cacheFiles();
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^node-v[\d.]+-v8-[^/]+\/exec-\d+-\d+\.bin$/);

    const second = starling('exec', file);
    expect(second.status).toBe(0);
    expect(second.out).toEqual(want);
    expect(cacheFiles()).toEqual(written);
  });

  it('reports a Starlark error on stderr after the output, exit 1', () => {
    const file = write('fail.star', 'print("before")\nfail("oops")\n');
    const r = starling('exec', file);
    expect(r.status).toBe(1);
    expect(r.out.toString()).toBe('before\n');
    expect(r.err).toBe(
      `Traceback (most recent call last):\n  ${file}:2:5: in <toplevel>\nError in fail: fail: oops\n`,
    );
  });

  it('leaves a wrong command line and --help to the full CLI', () => {
    const bad = starling('exec', '--bogus', 'x.star');
    expect(bad.status).toBe(2);
    expect(bad.err).toBe(
      'starling exec: unknown flag --bogus\nUsage: starling exec [--option NAME]... [--max-steps N] [--timeout SECONDS] FILE.star\n',
    );
    const help = starling('exec', '--help');
    expect(help.status).toBe(0);
    expect(help.out.toString()).toMatch(/^Usage: starling exec /);
    const top = starling('--help');
    expect(top.status).toBe(0);
    expect(top.out.toString()).toContain('Usage: starling <command> [arguments]');
  });

  it('leaves runs with limits to the full CLI, which runs them on the host', () => {
    const file = write(
      'loop.star',
      'print("start")\ndef f():\n    while True:\n        pass\nf()\n',
    );
    const r = starling('exec', '--option', 'while', '--max-steps', '100000', file);
    expect(r.status).toBe(1);
    expect(r.out.toString()).toBe('start\n');
    expect(r.err).toMatch(/Error: Starlark computation cancelled: too many steps\n$/);
  });

  it('rewrites a code cache V8 rejects', () => {
    const file = write('ok.star', 'print(1 + 2)\n');
    starling('exec', file);
    const [entry] = cacheFiles();
    writeFileSync(join(cache, 'code-cache', entry!), 'not a code cache');
    const r = starling('exec', file);
    expect(r.status).toBe(0);
    expect(r.out.toString()).toBe('3\n');
    const rewritten = spawnSync('head', ['-c', '16', join(cache, 'code-cache', entry!)]).stdout;
    expect(rewritten.toString()).not.toBe('not a code cache');
  });
});
