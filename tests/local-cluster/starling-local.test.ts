import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ApiClient } from './support/api-client';

const root = resolve(import.meta.dirname, '../..');
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function starling(args: string[]): {
  child: ChildProcess;
  output: () => string;
  line: (re: RegExp) => Promise<string>;
} {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'tests/local-cluster/support/starling-cli.ts', ...args],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let out = '';
  const waiters: (() => void)[] = [];
  const collect = (c: Buffer) => {
    out += c.toString();
    for (const w of waiters.splice(0)) w();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  return {
    child,
    output: () => out,
    line: async (re) => {
      const deadline = Date.now() + 60_000;
      while (!re.test(out)) {
        if (child.exitCode !== null) throw new Error(`starling exited ${child.exitCode}: ${out}`);
        if (Date.now() > deadline) throw new Error(`no line matching ${re}: ${out}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 200);
        });
      }
      return re.exec(out)![0];
    },
  };
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'starling-cli-'));
  dirs.push(dir);
  return dir;
}

describe('starling local', () => {
  it('serves, writes its context, and stops cleanly on SIGTERM', async () => {
    const dir = tempDir();
    const kubeconfig = join(dir, 'config');
    const run = starling([
      'local',
      '--port',
      '0',
      '--data',
      join(dir, 'data'),
      '--kubeconfig',
      kubeconfig,
    ]);
    const line = await run.line(/serving at https:\/\/127\.0\.0\.1:\d+/);
    const url = line.replace('serving at ', '');
    const doc = parse(readFileSync(kubeconfig, 'utf8'));
    expect(doc['current-context']).toBe('starling-local');
    expect(doc.clusters[0].cluster.server).toBe(url);
    const client = await ApiClient.fromKubeconfig(kubeconfig, 'starling-local');
    expect((await client.get('/api/v1/namespaces/default')).status).toBe(200);
    client.close();
    run.child.kill('SIGTERM');
    const [code] = await once(run.child, 'exit');
    expect(code).toBe(0);
    expect(run.output()).toContain('Starling local cluster stopped');
  });

  it('refuses a second cluster on the same data directory with a clear message', async () => {
    const dir = tempDir();
    const first = starling([
      'local',
      '--data',
      join(dir, 'data'),
      '--kubeconfig',
      join(dir, 'config'),
    ]);
    await first.line(/serving at/);
    const second = starling([
      'local',
      '--data',
      join(dir, 'data'),
      '--kubeconfig',
      join(dir, 'config2'),
    ]);
    const [code] = await once(second.child, 'exit');
    expect(code).toBe(1);
    expect(second.output()).toContain(
      'is in use by another local cluster; stop it or choose another data directory',
    );
  });

  it('rejects a bad port with its usage and exit status 2', async () => {
    const run = starling(['local', '--port', 'eighty']);
    const [code] = await once(run.child, 'exit');
    expect(code).toBe(2);
    expect(run.output()).toContain('--port must be a number from 0 to 65535, not "eighty"');
    expect(run.output()).toContain(
      'Usage: starling local [--port N] [--data DIR] [--kubeconfig FILE]',
    );
  });
});
