import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from './support/api-client';
import { startTestLocalCluster } from './support/local';

const root = resolve(import.meta.dirname, '../..');
let child: ChildProcess | undefined;
const dirs: string[] = [];

afterEach(() => {
  child?.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function serveInChild(dataDir: string, kubeconfig: string): Promise<string> {
  child = spawn(
    process.execPath,
    ['--import', 'tsx', 'tests/local-cluster/support/serve.ts', dataDir, kubeconfig],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout! });
  return new Promise((resolveUrl, reject) => {
    lines.once('line', (line) => resolveUrl((JSON.parse(line) as { url: string }).url));
    child!.once('exit', (code) => reject(new Error(`the cluster process exited with ${code}`)));
  });
}

describe('durability', () => {
  it('loses no acknowledged write when the process is killed with SIGKILL during a burst', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'starling-kill-'));
    dirs.push(dir);
    const dataDir = join(dir, 'data');
    const kubeconfig = join(dir, 'kubeconfig');
    await serveInChild(dataDir, kubeconfig);
    const client = await ApiClient.fromKubeconfig(kubeconfig, 'starling-local');
    const acknowledged: string[] = [];
    let killed = false;
    // Each writer creates objects until its request fails, which happens once the server is gone.
    const writer = async (id: number) => {
      for (let i = 0; ; i++) {
        const name = `w${id}-${i}`;
        try {
          const res = await client.post('/api/v1/namespaces/default/configmaps', {
            metadata: { name },
            data: { i: String(i) },
          });
          if (res.status === 201) acknowledged.push(name);
        } catch {
          return;
        }
        if (acknowledged.length >= 400 && !killed) {
          killed = true;
          child!.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, id) => writer(id)));
    client.close();
    expect(killed).toBe(true);
    expect(acknowledged.length).toBeGreaterThanOrEqual(400);
    if (child!.exitCode === null && child!.signalCode === null) await once(child!, 'exit');
    expect(child!.signalCode).toBe('SIGKILL');

    const after = await startTestLocalCluster(undefined, dir);
    try {
      const list = await after.client.get('/api/v1/namespaces/default/configmaps');
      const stored = new Set(
        list.body.items.map((i: { metadata: { name: string } }) => i.metadata.name),
      );
      const lost = acknowledged.filter((name) => !stored.has(name));
      expect(lost).toEqual([]);
      // and the restarted cluster keeps serving writes
      expect(
        (
          await after.client.post('/api/v1/namespaces/default/configmaps', {
            metadata: { name: 'after' },
          })
        ).status,
      ).toBe(201);
    } finally {
      await after.close({ keepData: true });
    }
  });
});
