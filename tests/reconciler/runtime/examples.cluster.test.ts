import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ClusterConnection } from '../../../src-main/cluster/connection';
import { run } from '../../../src-main/cli/run';
import { KubeApi } from '../../../src-main/reconciler/runtime/kube-api';
import { testCluster, testKubeConfig } from '../../cluster/fixtures';
import { exampleChecks } from './examples';

const examplesDir = resolve(import.meta.dirname, '../../../resources/examples');
const connection = new ClusterConnection('starling-test', testKubeConfig());
const api = new KubeApi(connection);
afterAll(() => connection.dispose());

describe('the examples against the real test API server', () => {
  it('has a check for every example', () => {
    expect(Object.keys(exampleChecks).sort()).toEqual(readdirSync(examplesDir).sort());
  });

  for (const name of Object.keys(exampleChecks)) {
    it(`${name} reaches its state with starling run --once`, async () => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await run(
        [join(examplesDir, name), '--kubeconfig', testCluster().kubeconfig, '--once'],
        {
          stdout: (t) => out.push(t),
          stderr: (t) => err.push(t),
        },
      );
      expect(err.join('')).toBe('');
      expect(code).toBe(0);
      expect(out.join('')).toMatch(/^Reconciler +Start +Stop +Requeue +Error +Time\n/);
      expect(out.join('')).toMatch(/quiescent after \d+\.\d+s\n$/);
      await exampleChecks[name]!(api);
    });
  }
});
