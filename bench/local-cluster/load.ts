// Load generators for the local-cluster benchmark: each works against any Kubernetes API server
// through a kubeconfig context, so the same code measures Starling's local cluster and the real
// test API server side by side.
import { performance } from 'node:perf_hooks';
import { ApiClient } from '../../tests/local-cluster/support/api-client';

export interface Target {
  name: string;
  kubeconfig: string;
  context: string;
}

export async function clients(target: Target, n: number): Promise<ApiClient[]> {
  return Promise.all(
    Array.from({ length: n }, () => ApiClient.fromKubeconfig(target.kubeconfig, target.context)),
  );
}

export async function createNamespace(client: ApiClient, name: string): Promise<void> {
  const res = await client.post('/api/v1/namespaces', { metadata: { name } });
  if (res.status !== 201)
    throw new Error(`cannot create namespace ${name}: ${res.status} ${res.text}`);
}

function smallConfigMap(name: string, i: number): object {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, labels: { bench: 'yes' } },
    data: { index: String(i), value: 'x'.repeat(32) },
  };
}

/**
 * `total` creates of small ConfigMaps in `namespace` by `concurrency` clients, each on its own
 * connection sending one request at a time. Returns creates per second.
 */
export async function createThroughput(
  target: Target,
  namespace: string,
  total: number,
  concurrency: number,
  prefix = 'cm',
): Promise<{ perSecond: number; seconds: number }> {
  const pool = await clients(target, concurrency);
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    pool.map(async (client) => {
      while (true) {
        const i = next++;
        if (i >= total) return;
        const res = await client.post(
          `/api/v1/namespaces/${namespace}/configmaps`,
          smallConfigMap(`${prefix}-${i}`, i),
        );
        if (res.status !== 201 && ++failures < 5)
          console.error(`create failed: ${res.status} ${res.text.slice(0, 200)}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const c of pool) c.close();
  if (failures > 0) throw new Error(`${failures} creates failed on ${target.name}`);
  return { perSecond: total / seconds, seconds };
}

export interface LatencyResult {
  p50: number;
  p99: number;
  max: number;
  events: number;
}

/**
 * Watch delivery: `watchers` watches on a namespace; one writer creates `writes` objects at about
 * `rate` per second. Latency is from just before the create request is sent until each watcher
 * reads the event (so it includes the write itself). Milliseconds.
 */
export async function watchLatency(
  target: Target,
  namespace: string,
  watchers: number,
  writes: number,
  rate: number,
): Promise<LatencyResult> {
  const [writer] = await clients(target, 1);
  const watchClient = (await clients(target, 1))[0]!;
  const list = await writer!.get(`/api/v1/namespaces/${namespace}/configmaps`, {
    query: { limit: 1 },
  });
  const from = list.body.metadata.resourceVersion as string;
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const streams = await Promise.all(
    Array.from({ length: watchers }, () =>
      watchClient.watch(`/api/v1/namespaces/${namespace}/configmaps`, { resourceVersion: from }),
    ),
  );
  for (const stream of streams) {
    stream.onEvent = (event) => {
      const sent = sentAt.get(event.object?.metadata?.name);
      if (event.type === 'ADDED' && sent !== undefined) latencies.push(performance.now() - sent);
    };
  }
  const interval = 1000 / rate;
  const start = performance.now();
  for (let i = 0; i < writes; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const name = `watched-${i}`;
    sentAt.set(name, performance.now());
    await writer!.post(`/api/v1/namespaces/${namespace}/configmaps`, smallConfigMap(name, i));
  }
  const deadline = performance.now() + 10_000;
  while (latencies.length < writes * watchers && performance.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  for (const s of streams) s.close();
  writer!.close();
  watchClient.close();
  if (latencies.length < writes * watchers)
    throw new Error(
      `${target.name}: only ${latencies.length} of ${writes * watchers} watch events arrived`,
    );
  latencies.sort((a, b) => a - b);
  const pick = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return {
    p50: pick(0.5),
    p99: pick(0.99),
    max: latencies[latencies.length - 1]!,
    events: latencies.length,
  };
}

/** Lists one namespace (all items in one response) and returns the seconds it took, best of `runs`. */
export async function listTime(
  target: Target,
  namespace: string,
  expected: number,
  runs = 3,
): Promise<number> {
  const [client] = await clients(target, 1);
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    const res = await client!.get(`/api/v1/namespaces/${namespace}/configmaps`);
    const seconds = (performance.now() - started) / 1000;
    const items = (res.body.items as unknown[]).length;
    if (items !== expected)
      throw new Error(`${target.name}: listed ${items} items, expected ${expected}`);
    best = Math.min(best, seconds);
  }
  client!.close();
  return best;
}
