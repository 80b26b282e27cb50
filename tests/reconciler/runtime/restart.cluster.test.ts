import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeConfig } from '@kubernetes/client-node';
import { ClusterConnection } from '../../../src-main/cluster/connection';
import { KubeApi } from '../../../src-main/reconciler/runtime/kube-api';
import { ReconcilerRuntime } from '../../../src-main/reconciler/runtime/runtime';
import { applyCrds, applyInputs } from '../../../src-main/reconciler/runtime/setup';
import { TestCluster } from '../../cluster/test-cluster';
import { readyCondition } from './examples';
import { crd, pathSelectors, project, reconciler } from './support';

// A cluster of its own: restarting the shared one would interrupt every other file.
let cluster: TestCluster;
let connection: ClusterConnection;
beforeAll(async () => {
  cluster = await TestCluster.start();
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.connection.kubeconfig);
  kc.setCurrentContext(cluster.connection.context);
  connection = new ClusterConnection(cluster.connection.context, kc);
});
afterAll(async () => {
  connection?.dispose();
  await cluster?.stop();
});

const item = { group: 'r.example.com', version: 'v1alpha1', kind: 'Item' };
const configMap = { group: '', version: 'v1', kind: 'ConfigMap' };
const count = 150;

describe('an API server restart in the middle of a run', () => {
  it('loses nothing: every object reaches its state once the server is back', async () => {
    const p = project({
      crds: [crd('r.example.com', 'Item', { status: true })],
      reconcilers: [
        reconciler(
          'r.example.com.items.parts',
          `
def reconcile(self):
    name = self["metadata"]["name"]
    for part in ["left", "right"]:
        client_create({"apiVersion": "v1", "kind": "ConfigMap",
                       "metadata": {"name": name + "-" + part, "namespace": "default"},
                       "data": {"part": part}})
    self["status"] = {"parts": 2}
    return reconcile_result(self, False, 0, "", False)
`,
          { for: { ...item, selector: {} }, owns: [configMap], conditionType: 'Ready' },
        ),
      ],
      inputs: Array.from({ length: count }, (_, i) => ({
        object: {
          apiVersion: 'r.example.com/v1alpha1',
          kind: 'Item',
          metadata: { name: `item-${i}`, namespace: 'default' },
          spec: { n: i },
        },
      })),
    });
    const api = new KubeApi(connection);
    await applyCrds(api, p);
    await applyInputs(api, p);
    const runtime = new ReconcilerRuntime({
      connection,
      project: p,
      selectors: pathSelectors,
      concurrency: 2,
    });
    const stats = () => runtime.stats().get('r.example.com.items.parts')!;
    // the states the runtime's watches go through
    const states = new Set<string>();
    const sample = setInterval(() => {
      for (const w of runtime.pending().watches) states.add(`${w.kind} ${w.state}`);
    }, 20);
    try {
      await runtime.start();
      await expect
        .poll(() => stats().stop, { timeout: 60_000, interval: 5 })
        .toBeGreaterThanOrEqual(10);
      await cluster.restartApiServer();
      expect(stats().stop).toBeLessThan(count); // the restart came in the middle
      // Children deleted as soon as the server is back, before or while the watches reconnect:
      // their owners must be requeued and recreate them.
      const owned = async () =>
        (await api.list(configMap, 'default', { builtin: 'test' })).items.filter((m) =>
          m.metadata?.ownerReferences?.some((r) => r.kind === 'Item'),
        );
      const gone = (await owned()).slice(0, 5);
      expect(gone.length).toBe(5);
      for (const m of gone)
        await api.delete(configMap, 'default', m.metadata!.name!, {}, { builtin: 'test' });
      await runtime.whenQuiescent();
      expect(runtime.failures).toEqual([]);
      expect(stats().error).toBe(0);
      expect(states).toContain('r.example.com/v1alpha1/Item retrying');
      expect(states).toContain('/v1/ConfigMap retrying');
      expect(runtime.pending().watches.map((w) => w.state)).toEqual(['live', 'live']);
      const items = (await api.list(item, 'default', { builtin: 'test' })).items;
      expect(items).toHaveLength(count);
      for (const obj of items) {
        expect(readyCondition(obj)).toMatchObject({ status: 'True' });
        expect(obj.status).toMatchObject({ parts: 2 });
      }
      const maps = await owned();
      expect(maps).toHaveLength(2 * count);
      for (const m of gone) {
        const again = maps.find((x) => x.metadata?.name === m.metadata?.name);
        expect(again?.metadata?.uid).toBeDefined();
        expect(again?.metadata?.uid).not.toBe(m.metadata?.uid);
      }
    } finally {
      clearInterval(sample);
      runtime.dispose();
    }
  }, 180_000);
});
