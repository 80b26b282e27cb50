import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeApi } from '../../../src-main/reconciler/runtime/kube-api';
import type { ReconcileLimits } from '../../../src-main/reconciler/runtime/reconcile';
import { ReconcilerRuntime } from '../../../src-main/reconciler/runtime/runtime';
import { applyCrds, applyInputs } from '../../../src-main/reconciler/runtime/setup';
import type { RuntimeProject } from '../../../src-main/reconciler/runtime/types';
import type { KubeObject } from '../../../src-main/contract';
import type { RuntimeEvent } from '../../../src-main/contract/runtime';
import { crd, pathSelectors, project, reconciler, type Connect } from './support';

/** The suite, run on Starling's local cluster and on the real test API server. */
export function runtimeBehaviour(connect: Connect): void {
  let cluster: Awaited<ReturnType<Connect>>;
  let api: KubeApi;
  const runtimes: ReconcilerRuntime[] = [];

  beforeAll(async () => {
    cluster = await connect();
    api = new KubeApi(cluster.connection);
  });
  afterAll(async () => {
    for (const r of runtimes) r.dispose();
    await cluster?.close();
  });

  const gvk = (kind: string) => ({ group: 'b.example.com', version: 'v1alpha1', kind });
  const configMap = { group: '', version: 'v1', kind: 'ConfigMap' };

  function input(kind: string, name: string, spec: Record<string, unknown>) {
    return {
      object: {
        apiVersion: 'b.example.com/v1alpha1',
        kind,
        metadata: { name, namespace: 'default' },
        spec,
      },
    };
  }

  async function start(p: RuntimeProject, events: RuntimeEvent[] = [], limits?: ReconcileLimits) {
    await applyCrds(api, p);
    await applyInputs(api, p);
    const runtime = new ReconcilerRuntime({
      connection: cluster.connection,
      project: p,
      selectors: pathSelectors,
      backoff: { baseDelayMs: 5, maxDelayMs: 40 },
      ...(limits ? { limits } : {}),
    });
    runtimes.push(runtime);
    runtime.events.subscribe((e) => events.push(e));
    await runtime.start();
    return runtime;
  }

  async function change(runtime: ReconcilerRuntime, p: RuntimeProject) {
    for (const w of await applyInputs(api, p)) await runtime.expectWrite(w);
  }

  const get = (kind: { group: string; version: string; kind: string }, name: string) =>
    api.get(kind, 'default', name, { builtin: 'test' });

  function condition(obj: KubeObject | undefined, type = 'Ready') {
    return (obj?.status as { conditions?: Record<string, string>[] } | undefined)?.conditions?.find(
      (c) => c.type === type,
    );
  }

  describe('the runtime', () => {
    it('deletes children, removes its finalizer and lets a deleted For object go', async () => {
      const p = project({
        crds: [crd('b.example.com', 'Owner')],
        reconcilers: [
          reconciler(
            'b.example.com.owners.children',
            `
def reconcile(self):
    client_create({"apiVersion": "v1", "kind": "ConfigMap",
                   "metadata": {"name": "child-of-" + self["metadata"]["name"], "namespace": "default"}})
    return reconcile_result(self, False, 0, "", False)
`,
            { for: { ...gvk('Owner'), selector: {} }, owns: [configMap] },
          ),
        ],
        inputs: [input('Owner', 'o1', {})],
      });
      const runtime = await start(p);
      await runtime.whenQuiescent();
      const o1 = (await get(gvk('Owner'), 'o1'))!;
      expect(o1.metadata?.finalizers).toEqual(['b.example.com.owners.children']);
      expect(await get(configMap, 'child-of-o1')).toBeDefined();
      const deleted = await api.delete(gvk('Owner'), 'default', 'o1', {}, { builtin: 'test' });
      expect(deleted?.metadata?.deletionTimestamp).toBeTruthy(); // held by the finalizer
      await runtime.expectWrite(deleted!);
      await runtime.whenQuiescent();
      expect(await get(gvk('Owner'), 'o1')).toBeUndefined();
      expect(await get(configMap, 'child-of-o1')).toBeUndefined();
    });

    it('requeues with backoff while the reconcile reports a message, then reaches Ready', async () => {
      const events: RuntimeEvent[] = [];
      const p = project({
        crds: [crd('b.example.com', 'Waiter')],
        reconcilers: [
          reconciler(
            'b.example.com.waiters.wait',
            `
def reconcile(self):
    if not self["spec"].get("ready"):
        return reconcile_result(self, True, 0, "not ready yet", False)
    return reconcile_result(self, False, 0, "", False)
`,
            { for: { ...gvk('Waiter'), selector: {} }, conditionType: 'Ready' },
          ),
        ],
        inputs: [input('Waiter', 'w1', { ready: false })],
      });
      const runtime = await start(p, events);
      await expect
        .poll(() => runtime.stats().get('b.example.com.waiters.wait')!.requeue, { timeout: 10_000 })
        .toBeGreaterThanOrEqual(4);
      const delays = events
        .filter((e) => e.type === 'requeue')
        .map((e) => (e as { afterMs: number }).afterMs);
      expect(delays.slice(0, 4)).toEqual([5, 10, 20, 40]);
      expect(condition(await get(gvk('Waiter'), 'w1'))).toMatchObject({
        status: 'False',
        reason: 'Failed',
        message: 'not ready yet',
      });
      await change(runtime, project({ inputs: [input('Waiter', 'w1', { ready: true })] }));
      await runtime.whenQuiescent();
      expect(condition(await get(gvk('Waiter'), 'w1'))).toMatchObject({
        status: 'True',
        reason: 'Ready',
        message: '',
      });
      expect(runtime.failures).toEqual([]);
    });

    it('requeues after requeueAfter seconds', async () => {
      const events: RuntimeEvent[] = [];
      const p = project({
        crds: [crd('b.example.com', 'Poller')],
        reconcilers: [
          reconciler(
            'b.example.com.pollers.poll',
            `
def reconcile(self):
    return reconcile_result(self, True, 1, "polling", False)
`,
            { for: { ...gvk('Poller'), selector: {} } },
          ),
        ],
        inputs: [input('Poller', 'p1', {})],
      });
      const runtime = await start(p, events);
      // the first reconcile's write (finalizer, condition) brings a second one at once; from then
      // on the object is unchanged and only requeueAfter brings it back
      await expect
        .poll(() => runtime.stats().get('b.example.com.pollers.poll')!.start, { timeout: 8_000 })
        .toBeGreaterThanOrEqual(4);
      const requeues = events.filter((e) => e.type === 'requeue');
      expect(
        requeues.every((e) => e.type === 'requeue' && e.afterMs === 1000 && e.reason === 'polling'),
      ).toBe(true);
      const started = events.filter((e) => e.type === 'started').map((e) => Date.parse(e.time));
      expect(started[3]! - started[2]!).toBeGreaterThanOrEqual(950);
      expect(runtime.quiescent).toBe(false); // a requeue is always due
      runtime.dispose();
    });

    it('drops a reconcile that raises, reports its backtrace and sets the condition Failed', async () => {
      const events: RuntimeEvent[] = [];
      const p = project({
        crds: [crd('b.example.com', 'Breaker')],
        reconcilers: [
          reconciler(
            'b.example.com.breakers.raise',
            `
def helper(x):
    fail("boom: " + x)

def reconcile(self):
    helper(self["metadata"]["name"])
    return reconcile_result(self, False, 0, "", False)
`,
            { for: { ...gvk('Breaker'), selector: {} }, conditionType: 'Ready' },
          ),
        ],
        inputs: [input('Breaker', 'b1', {})],
      });
      const runtime = await start(p, events);
      await runtime.whenQuiescent();
      const stats = runtime.stats().get('b.example.com.breakers.raise')!;
      // dropped without retry; the condition it sets brings one more reconcile, which fails alike
      expect(stats.error).toBeGreaterThanOrEqual(1);
      expect(stats.error).toBeLessThanOrEqual(2);
      expect(runtime.failures).toEqual([
        {
          reconciler: 'b.example.com.breakers.raise',
          object: 'default/b1',
          message: 'fail: boom: b1',
        },
      ]);
      const error = events.find((e) => e.type === 'error') as Extract<
        RuntimeEvent,
        { type: 'error' }
      >;
      expect(error.backtrace.map((f) => f.function)).toEqual(['reconcile', 'helper', 'fail']);
      const file = '/project/reconcilers/b.example.com.breakers.raise/reconciler.star';
      expect(error.backtrace[0]!.position).toMatchObject({ file, line: 6 });
      expect(error.backtrace[1]!.position).toMatchObject({ file, line: 3 });
      expect(error.error.message).toContain('Traceback (most recent call last)');
      expect(condition(await get(gvk('Breaker'), 'b1'))).toMatchObject({
        status: 'False',
        reason: 'Failed',
        message: 'fail: boom: b1',
      });
    });

    it('reconciles only the For objects its selector matches', async () => {
      const p = project({
        crds: [crd('b.example.com', 'Device')],
        reconcilers: [
          reconciler(
            'b.example.com.devices.leaf',
            `
def reconcile(self):
    self["status"] = {"seenBy": "leaf"}
    return reconcile_result(self, False, 0, "", False)
`,
            { for: { ...gvk('Device'), selector: { match: { 'spec.role': 'leaf' } } } },
          ),
        ],
        inputs: [
          input('Device', 'd-leaf', { role: 'leaf' }),
          input('Device', 'd-spine', { role: 'spine' }),
        ],
      });
      const runtime = await start(p);
      await runtime.whenQuiescent();
      expect((await get(gvk('Device'), 'd-leaf'))!.status).toEqual({ seenBy: 'leaf' });
      expect((await get(gvk('Device'), 'd-spine'))!.status).toBeUndefined();
      expect(runtime.stats().get('b.example.com.devices.leaf')!.start).toBeGreaterThanOrEqual(1);
    });

    it('requeues For objects through a watch join and reads the watched object with client_get', async () => {
      const p = project({
        crds: [crd('b.example.com', 'Pair'), crd('b.example.com', 'Partner')],
        reconcilers: [
          reconciler(
            'b.example.com.pairs.copy',
            `
def reconcile(self):
    r = client_get(self["spec"]["partner"], "default", get_resource("b.example.com/v1alpha1", "Partner")["resource"])
    if r["error"] != None:
        return reconcile_result(self, False, 0, "", False)
    self["status"] = {"color": r["resource"]["spec"]["color"]}
    return reconcile_result(self, False, 0, "", False)
`,
            {
              for: { ...gvk('Pair'), selector: {} },
              watches: [
                { ...gvk('Partner'), selector: { match: { 'metadata.name': 'spec.partner' } } },
              ],
            },
          ),
        ],
        inputs: [
          input('Partner', 'blue-one', { color: 'blue' }),
          input('Partner', 'other', { color: 'green' }),
          input('Pair', 'pair1', { partner: 'blue-one' }),
        ],
      });
      const events: RuntimeEvent[] = [];
      const runtime = await start(p, events);
      await runtime.whenQuiescent();
      expect((await get(gvk('Pair'), 'pair1'))!.status).toEqual({ color: 'blue' });
      const before = runtime.stats().get('b.example.com.pairs.copy')!.start;
      await change(runtime, project({ inputs: [input('Partner', 'other', { color: 'red' })] }));
      await runtime.whenQuiescent();
      expect(runtime.stats().get('b.example.com.pairs.copy')!.start).toBe(before); // not joined
      await change(runtime, project({ inputs: [input('Partner', 'blue-one', { color: 'navy' })] }));
      await runtime.whenQuiescent();
      expect((await get(gvk('Pair'), 'pair1'))!.status).toEqual({ color: 'navy' });
      const call = events.find((e) => e.type === 'client-call' && e.call.builtin === 'client_get');
      expect(call).toMatchObject({
        call: { verb: 'get', kind: 'Partner', name: 'blue-one', status: 200 },
      });
    });

    // Reconciles on the host's workers: limits, the result read in the worker, a top level's I/O.
    it('a reconcile past its time is cancelled, with where it was and how long it had', async () => {
      const name = 'b.example.com.spinners.spin';
      const p = project({
        crds: [crd('b.example.com', 'Spinner')],
        reconcilers: [
          reconciler(
            name,
            `
def spin():
    n = 0
    for i in range(1000000000):
        n += i
    return n

def reconcile(self):
    spin()
    return reconcile_result(self, False, 0, "", False)
`,
            { for: { ...gvk('Spinner'), selector: {} } },
          ),
        ],
        inputs: [input('Spinner', 's1', {})],
      });
      const events: RuntimeEvent[] = [];
      const runtime = await start(p, events, { timeoutMs: 300 });
      await runtime.whenQuiescent();
      expect(runtime.failures).toEqual([
        {
          reconciler: name,
          object: 'default/s1',
          message: 'Starlark computation cancelled: timed out after 0.3s',
        },
      ]);
      const error = events.find((e) => e.type === 'error') as Extract<
        RuntimeEvent,
        { type: 'error' }
      >;
      expect(error.backtrace.map((f) => f.function)).toEqual(['reconcile', 'spin']);
      // inside the loop: its header or its body, wherever the check found it
      expect([4, 5]).toContain(error.backtrace[1]!.position.line);
    });

    it('the result is read with Choreo conversions: an int beyond int64 names its path', async () => {
      const name = 'b.example.com.bigs.big';
      const p = project({
        crds: [crd('b.example.com', 'Big', { status: true })],
        reconcilers: [
          reconciler(
            name,
            `
def reconcile(self):
    self["status"] = {"fits": 1 << 62, "big": 1 << 64}
    return reconcile_result(self, False, 0, "", False)
`,
            { for: { ...gvk('Big'), selector: {} } },
          ),
        ],
        inputs: [input('Big', 'b1', {})],
      });
      const runtime = await start(p);
      await runtime.whenQuiescent();
      expect(runtime.failures).toEqual([
        {
          reconciler: name,
          object: 'default/b1',
          message: 'cannot convert the reconcile result: status.big: integer out of range',
        },
      ]);
    });

    it('loads a library, and runs a top level that reads the cluster on every reconcile', async () => {
      const name = 'b.example.com.counters.count';
      const source = `
load("b.example.com.counters.star", "LIMIT")

SEEN = client_list({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"namespace": "default"}}, None)

def reconcile(self):
    self["status"] = {"limit": LIMIT, "listed": SEEN["error"] == None}
    return reconcile_result(self, False, 0, "", False)
`;
      const p = project({
        crds: [crd('b.example.com', 'Counter', { status: true })],
        libraries: new Map([
          [
            'b.example.com.counters.star',
            { path: '/project/crds/counters.star', source: 'LIMIT = 7\n' },
          ],
        ]),
        reconcilers: [reconciler(name, source, { for: { ...gvk('Counter'), selector: {} } })],
        inputs: [
          input('Counter', 'c1', {}),
          input('Counter', 'c2', {}),
          input('Counter', 'c3', {}),
        ],
      });
      const events: RuntimeEvent[] = [];
      const runtime = await start(p, events);
      await runtime.whenQuiescent();
      expect(runtime.failures).toEqual([]);
      for (const n of ['c1', 'c2', 'c3']) {
        const c = await get(gvk('Counter'), n);
        expect(c?.status).toMatchObject({ limit: 7, listed: true });
      }
      const started = events.filter((e) => e.type === 'started').length;
      const lists = events.filter(
        (e) => e.type === 'client-call' && e.call.builtin === 'client_list',
      );
      expect(started).toBeGreaterThanOrEqual(3);
      expect(lists.length).toBe(started);
    });
  });
}
