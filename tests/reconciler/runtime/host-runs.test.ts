/**
 * Reconciles on the Starlark host's workers: the limits end a runaway reconcile with a clear
 * message, the worker reads the result with Choreo's conversions (an int beyond int64 is an
 * error naming its path), and a library's top level runs once per worker while a reconcile
 * that reads the cluster at top level asks again every time.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RuntimeEvent } from '../../../src-main/contract/runtime';
import { KubeApi } from '../../../src-main/reconciler/runtime/kube-api';
import { ReconcilerRuntime } from '../../../src-main/reconciler/runtime/runtime';
import { applyCrds, applyInputs } from '../../../src-main/reconciler/runtime/setup';
import type { RuntimeProject } from '../../../src-main/reconciler/runtime/types';
import { crd, localConnection, pathSelectors, project, reconciler } from './support';

let cluster: Awaited<ReturnType<typeof localConnection>>;
let api: KubeApi;
const runtimes: ReconcilerRuntime[] = [];
beforeAll(async () => {
  cluster = await localConnection();
  api = new KubeApi(cluster.connection);
});
afterAll(async () => {
  for (const r of runtimes) r.dispose();
  await cluster?.close();
});

const group = 'h.example.com';
const gvk = (kind: string) => ({ group, version: 'v1alpha1', kind });

function input(kind: string, name: string) {
  return {
    object: { apiVersion: `${group}/v1alpha1`, kind, metadata: { name, namespace: 'default' } },
  };
}

async function run(p: RuntimeProject, limits?: { maxSteps?: number; timeoutMs?: number }) {
  const events: RuntimeEvent[] = [];
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
  await runtime.whenQuiescent();
  return { runtime, events };
}

describe('reconciles on the host', { timeout: 60_000 }, () => {
  test('a reconcile past its time is cancelled, with where it was and how long it had', async () => {
    const name = `${group}.spinners.spin`;
    const p = project({
      crds: [crd(group, 'Spinner')],
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
      inputs: [input('Spinner', 's1')],
    });
    const { runtime, events } = await run(p, { timeoutMs: 300 });
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

  test('the result is read with Choreo conversions: an int beyond int64 names its path', async () => {
    const name = `${group}.bigs.big`;
    const p = project({
      crds: [crd(group, 'Big', { status: true })],
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
      inputs: [input('Big', 'b1')],
    });
    const { runtime } = await run(p);
    expect(runtime.failures).toEqual([
      {
        reconciler: name,
        object: 'default/b1',
        message: 'cannot convert the reconcile result: status.big: integer out of range',
      },
    ]);
  });

  test('a library runs once per worker; a top level that reads the cluster runs every time', async () => {
    const name = `${group}.counters.count`;
    const source = `
load("h.example.com.counters.star", "LIMIT")

SEEN = client_list({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"namespace": "default"}}, None)

def reconcile(self):
    self["status"] = {"limit": LIMIT, "listed": SEEN["error"] == None}
    return reconcile_result(self, False, 0, "", False)
`;
    const p = project({
      crds: [crd(group, 'Counter', { status: true })],
      libraries: new Map([
        [
          'h.example.com.counters.star',
          { path: '/project/crds/counters.star', source: 'LIMIT = 7\n' },
        ],
      ]),
      reconcilers: [reconciler(name, source, { for: { ...gvk('Counter'), selector: {} } })],
      inputs: [input('Counter', 'c1'), input('Counter', 'c2'), input('Counter', 'c3')],
    });
    const { runtime, events } = await run(p);
    expect(runtime.failures).toEqual([]);
    for (const n of ['c1', 'c2', 'c3']) {
      const c = await api.get(gvk('Counter'), 'default', n, { builtin: 'test' });
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
