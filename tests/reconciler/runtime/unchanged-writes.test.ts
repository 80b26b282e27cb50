import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ClientCallSummary, RuntimeEvent } from '../../../src-main/contract/runtime';
import { KubeApi } from '../../../src-main/reconciler/runtime/kube-api';
import { ReconcilerRuntime } from '../../../src-main/reconciler/runtime/runtime';
import { applyCrds, applyInputs } from '../../../src-main/reconciler/runtime/setup';
import { crd, localConnection, pathSelectors, project, reconciler } from './support';

// The runtime skips an apply the informer's cache shows would change nothing (the second
// reconcile of every object, the one its own writes trigger) and still repairs what others
// change.
const group = 'skip.example.com';
const fan = { group, version: 'v1alpha1', kind: 'Fan' };
const configMap = { group: '', version: 'v1', kind: 'ConfigMap' };

const fans = project({
  crds: [crd(group, 'Fan', { status: true })],
  reconcilers: [
    reconciler(
      'skip.example.com.fans.children',
      `
def reconcile(self):
    name = self["metadata"]["name"]
    for part in ["a", "b"]:
        client_create({
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": name + "-" + part, "namespace": "default"},
            "data": {"size": str(self["spec"]["size"])},
        })
    self["status"] = {"children": 2}
    return reconcile_result(self, False, 0, "", False)
`,
      {
        for: { ...fan, selector: {} },
        owns: [configMap],
        conditionType: 'Ready',
      },
    ),
  ],
  inputs: [1, 2, 3].map((i) => ({
    object: {
      apiVersion: `${group}/v1alpha1`,
      kind: 'Fan',
      metadata: { name: `fan-${i}`, namespace: 'default' },
      spec: { size: i },
    },
  })),
});

let cluster: Awaited<ReturnType<typeof localConnection>>;
let api: KubeApi;
let runtime: ReconcilerRuntime;
const calls: ClientCallSummary[] = [];

beforeAll(async () => {
  cluster = await localConnection();
  api = new KubeApi(cluster.connection);
  await applyCrds(api, fans);
  await applyInputs(api, fans);
  runtime = new ReconcilerRuntime({
    connection: cluster.connection,
    project: fans,
    selectors: pathSelectors,
  });
  runtime.events.subscribe((e: RuntimeEvent) => {
    if (e.type === 'client-call') calls.push(e.call);
  });
  await runtime.start();
  await runtime.whenQuiescent();
});
afterAll(async () => {
  runtime?.dispose();
  await cluster?.close();
});

it('sends each write once: the reconcile its own writes trigger applies nothing', () => {
  // Per reconcile: 2 children, the Fan, its status. The first reconcile of a Fan sends them; the
  // last one (after every echo of its writes arrived) sends none. Under load a reconcile in
  // between may still send some (an echo not seen yet): the server then finds them unchanged.
  const writes = runtime.writes();
  const reconciles = runtime.stats().get('skip.example.com.fans.children')!.stop;
  expect(writes.sent + writes.unchanged).toBe(4 * reconciles);
  expect(writes.sent).toBeGreaterThanOrEqual(12);
  expect(writes.unchanged).toBeGreaterThanOrEqual(12);
  const unchanged = calls.filter((c) => c.unchanged);
  expect(unchanged).toHaveLength(writes.unchanged);
  expect(new Set(unchanged.map((c) => `${c.verb} ${c.kind}`))).toEqual(
    new Set(['apply ConfigMap', 'apply Fan', 'apply-status Fan']),
  );
  expect(runtime.failures).toEqual([]);
});

it('still writes a child another manager changed, and a changed For object', async () => {
  const changed = await api.apply(
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'fan-1-a', namespace: 'default' },
      data: { size: 'tampered' },
    },
    { manager: 'someone-else' },
    { builtin: 'test' },
  );
  await runtime.expectWrite(changed);
  await runtime.whenQuiescent();
  const child = await api.get(configMap, 'default', 'fan-1-a', { builtin: 'test' });
  expect(child?.data).toEqual({ size: '1' });

  const input = await api.apply(
    {
      apiVersion: `${group}/v1alpha1`,
      kind: 'Fan',
      metadata: { name: 'fan-2', namespace: 'default' },
      spec: { size: 20 },
    },
    { manager: 'starling-input' },
    { builtin: 'test' },
  );
  await runtime.expectWrite(input);
  await runtime.whenQuiescent();
  for (const part of ['a', 'b']) {
    const c = await api.get(configMap, 'default', `fan-2-${part}`, { builtin: 'test' });
    expect(c?.data).toEqual({ size: '20' });
  }
  const f = await api.get(fan, 'default', 'fan-3', { builtin: 'test' });
  expect(f?.status).toMatchObject({ children: 2 });
  expect(runtime.failures).toEqual([]);
});
