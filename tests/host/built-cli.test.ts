/**
 * The built CLI finds the host's workers beside it (out/cli/host-worker.js, reconcile-worker.js):
 * `starling exec`, `starling run` and `starling dap` run from a fresh build into a temporary folder.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DapFraming } from '../../src-main/host/debug/dap';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'starling-built-'));
const out = join(dir, 'cli');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  // The built code imports its packages from node_modules, as it does beside the clone.
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'vite.cli.config.ts',
      '--outDir',
      out,
      '--logLevel',
      'warn',
    ],
    { cwd: root, stdio: 'pipe' },
  );
}, 180_000);

/**
 * Runs the built `starling` with arguments and stdin, from a module file as bin/starling.js does
 * (no Node flags a worker it starts could inherit).
 */
function starling(args: string[], input = '') {
  const entry = pathToFileURL(join(out, 'starling.js')).href;
  const runner = join(dir, 'run-starling.mjs');
  writeFileSync(
    runner,
    `const { main } = await import(${JSON.stringify(entry)});\nprocess.exitCode = await main(process.argv.slice(2));\n`,
  );
  return spawnSync(process.execPath, [runner, ...args], { input, encoding: 'utf8' });
}

describe('the built CLI', () => {
  test('has the workers beside its entry', () => {
    expect(existsSync(join(out, 'host-worker.js'))).toBe(true);
    expect(existsSync(join(out, 'reconcile-worker.js'))).toBe(true);
  });

  test('starling run reconciles on the reconcile workers it finds beside it', () => {
    const project = join(root, 'resources/examples/hello-world');
    const r = starling(['run', '--local', '--once', '--json', project]);
    expect(r.stderr).toBe('');
    const events = r.stdout
      .split('\n')
      .filter((line) => line.startsWith('{')) // the event stream; a summary follows it
      .map((line) => JSON.parse(line) as { type: string; outcome?: string });
    const finished = events.filter((e) => e.type === 'finished');
    expect(finished.length).toBeGreaterThan(0);
    expect(finished.every((e) => e.outcome === 'success')).toBe(true);
    expect(r.status).toBe(0);
  });

  test('starling exec runs a file in a worker, with the step limit', () => {
    const file = join(dir, 'loop.star');
    writeFileSync(file, 'print("start")\ndef f():\n    while True:\n        pass\nf()\n');
    const r = starling(['exec', '--option', 'while', '--max-steps', '100000', file]);
    expect(r.stdout).toBe('start\n');
    expect(r.stderr).toMatch(/Error: Starlark computation cancelled: too many steps\n$/);
    expect(r.status).toBe(1);
  });

  test('starling dap answers initialize and runs a launched program to the end', async () => {
    const file = join(dir, 'hello.star');
    writeFileSync(file, 'print("hello from dap")\n');
    const entry = pathToFileURL(join(out, 'starling.js')).href;
    const child = spawn(process.execPath, [
      '--input-type=module',
      '-e',
      `const { main } = await import(${JSON.stringify(entry)}); process.exitCode = await main(['dap']);`,
    ]);
    const got: { type: string; event?: string; command?: string; body?: { output?: string } }[] =
      [];
    const terminated = new Promise<void>((resolve) => {
      const framing = new DapFraming((m) => {
        got.push(m as (typeof got)[number]);
        if ((m as { event?: string }).event === 'terminated') resolve();
      });
      child.stdout.on('data', (c: Buffer) => framing.push(c));
    });
    const exit = new Promise((resolve) => child.once('exit', resolve));
    const request = (seq: number, command: string, args?: object) =>
      child.stdin.write(DapFraming.encode({ seq, type: 'request', command, arguments: args }));
    request(1, 'initialize', { adapterID: 'starlark' });
    request(2, 'launch', { program: file });
    request(3, 'configurationDone');
    await terminated;
    request(4, 'disconnect');
    expect(await exit).toBe(0);
    expect(got.filter((m) => m.type === 'response').map((m) => m.command)).toEqual([
      'initialize',
      'launch',
      'configurationDone',
      'disconnect',
    ]);
    const outputs = got.filter((m) => m.event === 'output').map((m) => m.body?.output);
    expect(outputs).toEqual(['hello from dap\n']);
  });
});
