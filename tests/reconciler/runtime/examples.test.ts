import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../../src-main/reconciler/project';
import { KubeApi } from '../../../src-main/reconciler/runtime/kube-api';
import { ReconcilerRuntime } from '../../../src-main/reconciler/runtime/runtime';
import { choreoSelectors } from '../../../src-main/reconciler/runtime/selectors';
import { applyCrds, applyInputs } from '../../../src-main/reconciler/runtime/setup';
import { exampleChecks } from './examples';
import { localConnection } from './support';

const examplesDir = resolve(import.meta.dirname, '../../../resources/examples');
let cluster: Awaited<ReturnType<typeof localConnection>>;
beforeAll(async () => {
  cluster = await localConnection();
});
afterAll(async () => {
  await cluster?.close();
});

describe("the examples on Starling's local cluster", () => {
  it('has a check for every example', () => {
    expect(Object.keys(exampleChecks).sort()).toEqual(readdirSync(examplesDir).sort());
  });

  for (const name of Object.keys(exampleChecks)) {
    it(`${name} reaches its state`, async () => {
      const { project, problems } = await loadProject(join(examplesDir, name));
      expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
      const api = new KubeApi(cluster.connection);
      await applyCrds(api, project);
      const runtime = new ReconcilerRuntime({
        connection: cluster.connection,
        project,
        selectors: choreoSelectors,
      });
      try {
        await runtime.start();
        for (const written of await applyInputs(api, project)) await runtime.expectWrite(written);
        await runtime.whenQuiescent();
        expect(runtime.failures).toEqual([]);
        await exampleChecks[name]!(api);
      } finally {
        runtime.dispose();
      }
    });
  }
});
