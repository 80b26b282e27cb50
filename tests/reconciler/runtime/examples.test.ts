import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../../src-main/reconciler/project';
import { KubeApi } from '../../../src-main/reconciler/runtime/kube-api';
import { ReconcilerRuntime } from '../../../src-main/reconciler/runtime/runtime';
import { choreoSelectors } from '../../../src-main/reconciler/runtime/selectors';
import { applyCrds, applyInputs } from '../../../src-main/reconciler/runtime/setup';
import { exampleChecks, examplesDir, exampleWithInputs } from './examples';
import { localConnection } from './support';

let cluster: Awaited<ReturnType<typeof localConnection>>;
beforeAll(async () => {
  cluster = await localConnection();
});
afterAll(async () => {
  await cluster?.close();
});

async function load(dir: string) {
  const { project, problems } = await loadProject(dir);
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  return project;
}

describe("the examples on Starling's local cluster", () => {
  it('has a check for every example', () => {
    expect(Object.keys(exampleChecks).sort()).toEqual(readdirSync(examplesDir).sort());
  });

  for (const [name, check] of Object.entries(exampleChecks)) {
    it(`${name} reaches its state`, async () => {
      const project = await load(join(examplesDir, name));
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
        await check.state(api);
        if (!check.then) return;
        // the next input applied while the runtime runs
        const next = exampleWithInputs(name, check.then.inputs);
        try {
          const changed = await load(next.dir);
          for (const written of await applyInputs(api, changed)) await runtime.expectWrite(written);
          await runtime.whenQuiescent();
          expect(runtime.failures).toEqual([]);
          await check.then.state(api);
        } finally {
          next.dispose();
        }
      } finally {
        runtime.dispose();
      }
    });
  }
});
