import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReloadedEvent, RuntimeEvent } from '../../../src-main/contract/runtime';
import { ProjectWatcher } from '../../../src-main/reconciler/reload/index';
import { HotReload } from '../../../src-main/reconciler/runtime/hot-reload';
import { KubeApi } from '../../../src-main/reconciler/runtime/kube-api';
import { ReconcilerRuntime } from '../../../src-main/reconciler/runtime/runtime';
import { choreoSelectors } from '../../../src-main/reconciler/runtime/selectors';
import { applyCrds, applyInputs } from '../../../src-main/reconciler/runtime/setup';
import { crdYaml, makeProject, reconcilerConfig, type TempProject } from '../project/fixtures';
import { localConnection } from './support';

const group = 'hot.example.com';
const crd = (kind: string, plural: string) => crdYaml(group, kind, plural);
const config = (name: string, kind: string) =>
  reconcilerConfig(name, '', { group, version: 'v1alpha1', kind });

const greet = (version: string) => `def reconcile(self):
    self["status"] = {"text": "${version} " + self["metadata"]["name"]}
    return reconcile_result(self, False, 0, "", False)
`;

const object = (kind: string, name: string, spec: Record<string, unknown> = {}) =>
  `apiVersion: hot.example.com/v1alpha1
kind: ${kind}
metadata: {name: ${name}, namespace: default}
spec: ${JSON.stringify(spec)}
---
`;

let cluster: Awaited<ReturnType<typeof localConnection>>;
let project: TempProject;
beforeAll(async () => {
  cluster = await localConnection();
  project = await makeProject({
    'crds/hot.example.com_greetings.yaml': crd('Greeting', 'greetings'),
    'crds/hot.example.com_others.yaml': crd('Other', 'others'),
    'reconcilers/greet/config.yaml': config('hot.example.com.greetings.text', 'Greeting'),
    'reconcilers/greet/greet.star': greet('v1'),
    'reconcilers/other/config.yaml': config('hot.example.com.others.seen', 'Other'),
    'reconcilers/other/other.star': `def reconcile(self):
    self["status"] = {"seen": True}
    return reconcile_result(self, False, 0, "", False)
`,
    'in/objects.yaml': object('Greeting', 'a') + object('Greeting', 'b') + object('Other', 'x'),
  });
});
afterAll(async () => {
  await cluster?.close();
  await project?.dispose();
});

const greeting = { group: 'hot.example.com', version: 'v1alpha1', kind: 'Greeting' };
const greetName = 'hot.example.com.greetings.text';
const otherName = 'hot.example.com.others.seen';

describe('hot reload of a running project', () => {
  it('runs the new code of a changed reconciler, requeues only its objects, keeps the last good version when the new one fails', async () => {
    const watcher = await ProjectWatcher.start(project.dir, { debounceMs: 50 });
    const api = new KubeApi(cluster.connection);
    const p = watcher.project!;
    await applyCrds(api, p);
    const runtime = new ReconcilerRuntime({
      connection: cluster.connection,
      project: p,
      selectors: choreoSelectors,
    });
    const events: RuntimeEvent[] = [];
    runtime.events.subscribe((e) => events.push(e));
    const hot = new HotReload(watcher, runtime);
    const texts = async () =>
      Object.fromEntries(
        (await api.list(greeting, 'default', { builtin: 'test' })).items.map((o) => [
          o.metadata!.name,
          (o.status as { text?: string } | undefined)?.text,
        ]),
      );
    const reloaded = async (rejected: boolean): Promise<ReloadedEvent> => {
      const seen = events.length;
      let found: ReloadedEvent | undefined;
      await expect
        .poll(
          () =>
            (found = events
              .slice(seen)
              .find((e): e is ReloadedEvent => e.type === 'reloaded' && e.rejected === rejected)),
          { timeout: 15_000, interval: 20 },
        )
        .toBeDefined();
      await hot.settled();
      return found!;
    };
    try {
      await runtime.start();
      for (const written of await applyInputs(api, p)) await runtime.expectWrite(written);
      await runtime.whenQuiescent();
      expect(await texts()).toEqual({ a: 'v1 a', b: 'v1 b' });
      const greetBefore = runtime.stats().get(greetName)!;
      const otherBefore = runtime.stats().get(otherName)!;

      // the reconciler's code changes
      const changed = reloaded(false);
      await writeFile(join(project.dir, 'reconcilers/greet/greet.star'), greet('v2'));
      const event = await changed;
      expect(event.reconcilers).toEqual({ added: [], changed: [greetName], removed: [] });
      expect(event.requeued).toEqual({ [greetName]: 2 });
      await runtime.whenQuiescent();
      expect(await texts()).toEqual({ a: 'v2 a', b: 'v2 b' });
      // the same controller: its statistics go on; the other reconciler was not requeued
      const greetAfter = runtime.stats().get(greetName)!;
      expect(greetAfter.start).toBeGreaterThanOrEqual(greetBefore.start + 2);
      expect(greetAfter.stop).toBeGreaterThanOrEqual(greetBefore.stop + 2);
      expect(runtime.stats().get(otherName)).toEqual(otherBefore);

      // a version with an error is rejected, with where the error is
      const broken = reloaded(true);
      await writeFile(
        join(project.dir, 'reconcilers/greet/greet.star'),
        'def reconcile(self):\n    return reconcile_result(self, False, 0, "", False\n',
      );
      const rejection = await broken;
      expect(rejection.problems.some((pr) => pr.severity === 'error')).toBe(true);
      expect(rejection.problems[0]!.position?.file).toBe(
        join(project.dir, 'reconcilers/greet/greet.star'),
      );
      expect(rejection.requeued).toEqual({});
      // ... and the last good version keeps running
      const written = await api.apply(
        {
          apiVersion: 'hot.example.com/v1alpha1',
          kind: 'Greeting',
          metadata: { name: 'c', namespace: 'default' },
          spec: {},
        },
        { manager: 'test' },
        { builtin: 'test' },
      );
      await runtime.expectWrite(written);
      await runtime.whenQuiescent();
      expect(await texts()).toEqual({ a: 'v2 a', b: 'v2 b', c: 'v2 c' });
      expect(runtime.failures).toEqual([]);
    } finally {
      hot.dispose();
      watcher.dispose();
      runtime.dispose();
    }
  });
});
