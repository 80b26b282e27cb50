import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ClusterConnection } from '../../../src-main/cluster/connection';
import { run } from '../../../src-main/cli/run';
import { KubeApi } from '../../../src-main/reconciler/runtime/kube-api';
import { testCluster, testKubeConfig } from '../../cluster/fixtures';
import { exampleChecks, examplesDir, exampleWithInputs } from './examples';

const connection = new ClusterConnection('starling-test', testKubeConfig());
const api = new KubeApi(connection);
afterAll(() => connection.dispose());

async function runOnce(dir: string): Promise<void> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run([dir, '--kubeconfig', testCluster().kubeconfig, '--once'], {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
  });
  expect(err.join('')).toBe('');
  expect(code).toBe(0);
  expect(out.join('')).toMatch(/^Reconciler +Start +Stop +Requeue +Error +Time\n/);
  expect(out.join('')).toMatch(/quiescent after \d+\.\d+s\n$/);
}

describe('the examples against the real test API server', () => {
  it('has a check for every example', () => {
    expect(Object.keys(exampleChecks).sort()).toEqual(readdirSync(examplesDir).sort());
  });

  for (const [name, check] of Object.entries(exampleChecks)) {
    it(`${name} reaches its state with starling run --once`, async () => {
      await runOnce(join(examplesDir, name));
      await check.state(api);
      if (!check.then) return;
      // in/ edited and run again
      const next = exampleWithInputs(name, check.then.inputs);
      try {
        await runOnce(next.dir);
        await check.then.state(api);
      } finally {
        next.dispose();
      }
    });
  }
});
