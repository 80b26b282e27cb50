import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeApi } from '../../../src-main/reconciler/runtime/kube-api';
import { ReconcilerRuntime } from '../../../src-main/reconciler/runtime/runtime';
import { applyCrds, applyInputs } from '../../../src-main/reconciler/runtime/setup';
import type { RuntimeProject } from '../../../src-main/reconciler/runtime/types';
import type { KubeObject } from '../../../src-main/contract';
import type { RuntimeEvent } from '../../../src-main/contract/runtime';
import { crd, pathSelectors, project, reconciler, type Connect } from './support';

/** The suite, run on Starling's local cluster and on the real test API server. */
export function reconcileBehaviour(connect: Connect): void {
  let cluster: Awaited<ReturnType<Connect>>;
  let api: KubeApi;

  beforeAll(async () => {
    cluster = await connect();
    api = new KubeApi(cluster.connection);
  });
  afterAll(async () => {
    await cluster?.close();
  });

  const greeting = { group: 'example.com', version: 'v1alpha1', kind: 'Greeting' };
  const topo = { group: 'topo.example.com', version: 'v1alpha1', kind: 'Topology' };
  const configMap = { group: '', version: 'v1', kind: 'ConfigMap' };

  async function run(p: RuntimeProject, events?: RuntimeEvent[]) {
    await applyCrds(api, p);
    await applyInputs(api, p);
    const runtime = new ReconcilerRuntime({
      connection: cluster.connection,
      project: p,
      selectors: pathSelectors,
    });
    if (events) runtime.events.subscribe((e) => events.push(e));
    await runtime.start();
    await runtime.whenQuiescent();
    return runtime;
  }

  async function get(
    gvk: typeof greeting,
    ns: string | undefined,
    name: string,
  ): Promise<KubeObject | undefined> {
    return api.get(gvk, ns, name, { builtin: 'test' });
  }

  describe('a reconcile', () => {
    it('writes spec and status, sets the Ready condition and the finalizer (hello-world)', async () => {
      const p = project({
        crds: [crd('example.com', 'Greeting')],
        reconcilers: [
          reconciler(
            'example.com.greetings.hello',
            `
def reconcile(self):
    spec = self.get("spec", {})
    spec["greeting"] = "hello, " + self["metadata"]["name"]
    self["spec"] = spec
    self["status"] = {"seen": True, "nothing": None}
    return reconcile_result(self, False, 0, "", False)
`,
            { for: { ...greeting, selector: {} }, specUpdate: true, conditionType: 'Ready' },
          ),
        ],
        inputs: [
          {
            object: {
              apiVersion: 'example.com/v1alpha1',
              kind: 'Greeting',
              metadata: { name: 'world', namespace: 'default' },
              spec: { lang: 'en' },
            },
          },
        ],
      });
      const events: RuntimeEvent[] = [];
      const runtime = await run(p, events);
      const obj = (await get(greeting, 'default', 'world'))!;
      expect(obj.spec).toEqual({ lang: 'en', greeting: 'hello, world' });
      expect(obj.status).toMatchObject({ seen: true, nothing: '' });
      const conditions = (obj.status as { conditions: Record<string, string>[] }).conditions;
      expect(conditions).toHaveLength(1);
      expect(conditions[0]).toMatchObject({
        type: 'Ready',
        status: 'True',
        reason: 'Ready',
        message: '',
      });
      expect(obj.metadata?.finalizers).toEqual(['example.com.greetings.hello']);
      // the input's field stays owned by the input manager, the greeting by the reconciler
      const managers = (obj.metadata?.managedFields as { manager: string }[]).map((m) => m.manager);
      expect(managers).toContain('example.com.greetings.hello');
      const stats = runtime.stats().get('example.com.greetings.hello')!;
      expect(stats.error).toBe(0);
      expect(stats.stop).toBeGreaterThanOrEqual(1);
      expect(events.map((e) => e.type)).toEqual(
        expect.arrayContaining(['queued', 'started', 'client-call', 'finished']),
      );
      runtime.dispose();
    });

    it('applies children with controller ownerReferences and deletes the stale ones', async () => {
      const source = `
def reconcile(self):
    for n in self["spec"]["nodes"]:
        client_create({
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": self["metadata"]["name"] + "-" + n, "namespace": self["metadata"]["namespace"]},
            "data": {"node": n},
        })
    return reconcile_result(self, False, 0, "", False)
`;
      const spec = reconciler('topo.example.com.topologies.nodes', source, {
        for: { ...topo, selector: {} },
        owns: [configMap],
      });
      const input = (nodes: string[]) => ({
        object: {
          apiVersion: 'topo.example.com/v1alpha1',
          kind: 'Topology',
          metadata: { name: 't1', namespace: 'default' },
          spec: { nodes },
        },
      });
      const p = project({
        crds: [crd('topo.example.com', 'Topology')],
        reconcilers: [spec],
        inputs: [input(['a', 'b', 'c'])],
      });
      const events: RuntimeEvent[] = [];
      const runtime = await run(p, events);
      const t1 = (await get(topo, 'default', 't1'))!;
      for (const n of ['a', 'b', 'c']) {
        const cm = (await get(configMap, 'default', `t1-${n}`))!;
        expect(cm.data).toEqual({ node: n });
        expect(cm.metadata?.ownerReferences).toEqual([
          {
            apiVersion: 'topo.example.com/v1alpha1',
            kind: 'Topology',
            name: 't1',
            uid: t1.metadata!.uid,
            controller: true,
          },
        ]);
      }
      expect(events.filter((e) => e.type === 'child-applied').length).toBeGreaterThanOrEqual(3);
      // shrink the input: the stale child goes
      for (const written of await applyInputs(api, project({ inputs: [input(['a'])] })))
        await runtime.expectWrite(written);
      await runtime.whenQuiescent();
      expect(await get(configMap, 'default', 't1-a')).toBeDefined();
      expect(await get(configMap, 'default', 't1-b')).toBeUndefined();
      expect(await get(configMap, 'default', 't1-c')).toBeUndefined();
      expect(events.some((e) => e.type === 'child-deleted' && e.child.name === 't1-b')).toBe(true);
      runtime.dispose();
    });
  });
}
