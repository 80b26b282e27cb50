// `npm run bench:reconciler [-- --objects N] [--concurrency N] [--only local|test-cluster]
//   [--local-transport worker|port|https] [--no-write]`
//
// The reconciler runtime under load (issue 8): N For objects (default 10,000) of a custom kind,
// each reconciled into 3 ConfigMap children (controller ownerReferences, server-side apply), a
// status field and the Ready condition. The objects are created first; then the runtime starts
// and the clock runs until it is quiescent (queues empty, nothing in flight, every write seen on
// its watch). Reported per server: reconciles/s (successful reconciles ÷ time to quiescence),
// time to quiescence, and the reconcile time itself. Run against Starling's local cluster in this
// process (as `starling run --local` does) and against the real test API server (kube-apiserver
// + etcd of tests/cluster), one after the other in the same run. A full run writes the table into
// docs/PERFORMANCE.md (the reconciler runtime section).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { ClusterConnection } from '../../src-main/cluster/connection';
import { kubeConfigForLocalCluster } from '../../src-main/cluster/kubeconfig';
import { startLocalCluster, startLocalClusterInProcess } from '../../src-main/cluster/local/index';
import { KubeApi } from '../../src-main/reconciler/runtime/kube-api';
import { ReconcilerRuntime } from '../../src-main/reconciler/runtime/runtime';
import { choreoSelectors } from '../../src-main/reconciler/runtime/selectors';
import { applyCrds } from '../../src-main/reconciler/runtime/setup';
import type { RuntimeProject } from '../../src-main/reconciler/runtime/types';
import { customResourceDefinition } from '../../tests/fixtures/custom-resources';
import { benchSections, performanceDocPath, writeSection } from '../performance-doc';

type TargetName = 'local' | 'test-cluster';

interface Options {
  objects: number;
  concurrency: number;
  write: boolean;
  targets: TargetName[];
  localTransport: LocalTransport;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    objects: 10_000,
    concurrency: 10,
    write: true,
    targets: ['local', 'test-cluster'],
    localTransport: 'worker',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--objects') options.objects = Number(argv[++i]);
    else if (arg === '--concurrency') options.concurrency = Number(argv[++i]);
    else if (arg === '--no-write') options.write = false;
    else if (arg === '--only') options.targets = [argv[++i] as TargetName];
    else if (arg === '--local-transport') options.localTransport = argv[++i] as LocalTransport;
    else {
      process.stderr.write(`bench:reconciler: unknown argument ${arg}\n`);
      process.exit(2);
    }
  }
  if (!(options.localTransport in localLabels)) {
    process.stderr.write('bench:reconciler: --local-transport is worker, port or https\n');
    process.exit(2);
  }
  if (
    options.objects !== 10_000 ||
    options.concurrency !== 10 ||
    options.targets.length !== 2 ||
    options.localTransport !== 'worker'
  )
    options.write = false;
  return options;
}

interface Target {
  connection: ClusterConnection;
  label: string;
  close(): Promise<void>;
}

/** How the runtime reaches the local cluster (`--local-transport`). */
type LocalTransport = 'worker' | 'port' | 'https';

const localLabels: Record<LocalTransport, string> = {
  worker: 'Starling local cluster (worker thread, MessagePort)',
  port: 'Starling local cluster (same thread, MessagePort)',
  https: 'Starling local cluster (same thread, HTTPS)',
};

async function startLocal(how: LocalTransport): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'starling-bench-reconciler-'));
  const { connection, stop } = await connectLocal(how, dataDir);
  return {
    connection,
    label: localLabels[how],
    async close() {
      connection.dispose();
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function connectLocal(
  how: LocalTransport,
  dataDir: string,
): Promise<{ connection: ClusterConnection; stop(): Promise<void> }> {
  if (how !== 'https') {
    const local = await startLocalClusterInProcess({
      dataDir,
      thread: how === 'worker' ? 'worker' : 'this',
    });
    return { connection: new ClusterConnection('local', local.transport), stop: local.close };
  }
  const local = await startLocalCluster({ dataDir, port: 0 });
  const kc = kubeConfigForLocalCluster(local, 'local');
  return { connection: new ClusterConnection('local', kc), stop: local.close };
}

async function startTestCluster(): Promise<Target> {
  const { TestCluster } = await import('../../tests/cluster/test-cluster');
  const cluster = await TestCluster.start({
    log: (m) => process.stderr.write(`bench:reconciler: ${m}\n`),
  });
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.connection.kubeconfig);
  kc.setCurrentContext(cluster.connection.context);
  const connection = new ClusterConnection(cluster.connection.context, kc);
  return {
    connection,
    label: `kube-apiserver ${cluster.connection.kubernetesVersion} + etcd`,
    async close() {
      connection.dispose();
      await cluster.stop();
    },
  };
}

const group = 'bench.starling.dev';
const reconcilerName = `${group}.fans.children`;

/** One kind `Fan`; its reconciler makes 3 ConfigMaps per Fan and sets status and Ready. */
function benchProject(): RuntimeProject {
  return {
    dir: '/bench',
    libraries: new Map(),
    inputs: [],
    crds: [{ object: customResourceDefinition({ group, kind: 'Fan' }) }],
    reconcilers: [
      {
        name: reconcilerName,
        starPath: '/bench/reconcilers/fan/fan.star',
        specUpdate: false,
        conditionType: 'Ready',
        for: { group, version: 'v1alpha1', kind: 'Fan', selector: {} },
        owns: [{ group: '', version: 'v1', kind: 'ConfigMap' }],
        watches: [],
        source: `
def reconcile(self):
    name = self["metadata"]["name"]
    namespace = self["metadata"]["namespace"]
    for part in ["a", "b", "c"]:
        client_create({
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": name + "-" + part, "namespace": namespace},
            "data": {"part": part, "size": str(self["spec"]["size"])},
        })
    status = self.get("status", {})
    status["children"] = 3
    self["status"] = status
    return reconcile_result(self, False, 0, "", False)
`,
      },
    ],
  };
}

interface Result {
  label: string;
  objects: number;
  createSeconds: number;
  quiescentSeconds: number;
  reconciles: number;
  requeues: number;
  errors: number;
  reconcileSeconds: number;
  /** CPU time of this process (every thread) from start() to quiescence. */
  cpuSeconds: number;
  /** Writes sent, and applies not sent because they would have changed nothing. */
  writes: number;
  unchangedWrites: number;
  children: number;
}

async function measure(target: Target, options: Options): Promise<Result> {
  const log = (m: string) => process.stderr.write(`bench:reconciler: ${target.label}: ${m}\n`);
  const api = new KubeApi(target.connection);
  const project = benchProject();
  await applyCrds(api, project);
  const namespace = 'bench';
  await api.apply(
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    { manager: 'bench' },
    { builtin: 'bench' },
  );
  log(`creating ${options.objects} Fans`);
  const createStart = performance.now();
  let next = 0;
  const fan = { group, version: 'v1alpha1', kind: 'Fan' };
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < options.objects) {
        const i = next++;
        await api.apply(
          {
            apiVersion: `${group}/v1alpha1`,
            kind: 'Fan',
            metadata: { name: `fan-${i}`, namespace },
            spec: { size: i },
          },
          { manager: 'bench' },
          { builtin: 'bench' },
        );
      }
    }),
  );
  const createSeconds = (performance.now() - createStart) / 1000;
  log(`created in ${createSeconds.toFixed(1)} s; reconciling`);
  const runtime = new ReconcilerRuntime({
    connection: target.connection,
    project,
    selectors: choreoSelectors,
    concurrency: options.concurrency,
  });
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const progress = setInterval(() => {
    const s = runtime.stats().get(reconcilerName)!;
    log(`${s.stop} done, ${s.requeue} requeued, ${s.error} failed`);
  }, 10_000);
  try {
    await runtime.start();
    await runtime.whenQuiescent();
  } finally {
    clearInterval(progress);
  }
  const quiescentSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const s = runtime.stats().get(reconcilerName)!;
  const writes = runtime.writes();
  runtime.dispose();
  // the result, checked: every Fan Ready with 3 children
  const fans = (await api.list(fan, namespace, { builtin: 'bench' })).items;
  const ready = fans.filter((f) =>
    ((f.status as { conditions?: { type: string; status: string }[] })?.conditions ?? []).some(
      (c) => c.type === 'Ready' && c.status === 'True',
    ),
  ).length;
  const maps = (
    await api.list({ group: '', version: 'v1', kind: 'ConfigMap' }, namespace, {
      builtin: 'bench',
    })
  ).items.filter((m) => m.metadata?.ownerReferences?.some((r) => r.kind === 'Fan')).length;
  if (ready !== options.objects || maps !== 3 * options.objects)
    throw new Error(
      `${target.label}: ${ready} of ${options.objects} Fans Ready, ${maps} of ${3 * options.objects} children`,
    );
  log(
    `quiescent after ${quiescentSeconds.toFixed(1)} s (${s.stop} reconciles); ` +
      `${cpuSeconds.toFixed(1)} s CPU (this process, every thread), ` +
      `${((cpuSeconds * 1000) / Math.max(1, s.stop)).toFixed(2)} ms CPU per reconcile; ` +
      `${writes.sent} writes sent, ${writes.unchanged} not sent (unchanged)`,
  );
  return {
    label: target.label,
    objects: options.objects,
    createSeconds,
    quiescentSeconds,
    reconciles: s.stop,
    requeues: s.requeue,
    errors: s.error,
    reconcileSeconds: s.timeMs / 1000,
    cpuSeconds,
    writes: writes.sent,
    unchangedWrites: writes.unchanged,
    children: maps,
  };
}

function report(results: Result[], options: Options, load: { start: number; end: number }) {
  const cpu = cpus();
  const date = new Date().toISOString().slice(0, 10);
  const head = `Measured ${date} on ${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${options.objects.toLocaleString('en')} Fans × 3 ConfigMap children, ${options.concurrency} workers, one reconciler process (the runtime; the local cluster in the same process, in its own worker thread, reached over a MessagePort). Load average ${load.start.toFixed(1)} at the start, ${load.end.toFixed(1)} at the end (other engineers' builds and tests share the 2 cores).\n\n`;
  const rows: [string, string, (r: Result) => string][] = [
    [
      'reconciles/s (successful reconciles ÷ time to quiescence)',
      '≥ 500 (local)',
      (r) => (r.reconciles / r.quiescentSeconds).toFixed(0),
    ],
    ['time to quiescence (s)', '', (r) => r.quiescentSeconds.toFixed(1)],
    [
      'successful reconciles / requeues / errors',
      '',
      (r) => `${r.reconciles} / ${r.requeues} / ${r.errors}`,
    ],
    [
      'mean reconcile time (ms, 10 in flight, cluster calls included)',
      '',
      (r) => ((r.reconcileSeconds * 1000) / Math.max(1, r.reconciles + r.requeues)).toFixed(1),
    ],
    [
      'CPU per reconcile (ms, the runtime process, with the local cluster when in-process)',
      '',
      (r) => ((r.cpuSeconds * 1000) / Math.max(1, r.reconciles)).toFixed(2),
    ],
    [
      'writes sent / not sent (unchanged: 3 children + For + status per reconcile)',
      '',
      (r) => `${r.writes} / ${r.unchangedWrites}`,
    ],
    ['writes/s (sent)', '', (r) => (r.writes / r.quiescentSeconds).toFixed(0)],
    ['creating the Fans beforehand (s, 16 clients)', '', (r) => r.createSeconds.toFixed(1)],
  ];
  const header = `| | goal | ${results.map((r) => r.label).join(' | ')} |\n| --- | --- | ${results.map(() => '---').join(' | ')} |\n`;
  const body = rows
    .map(([name, goal, f]) => `| ${name} | ${goal} | ${results.map(f).join(' | ')} |`)
    .join('\n');
  return `${head}${header}${body}\n\nReproduce: \`npm run bench:reconciler\` (builds the test cluster on first use).\n`;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const startLoad = loadavg()[0]!;
  const starters = {
    local: () => startLocal(options.localTransport),
    'test-cluster': startTestCluster,
  };
  const results: Result[] = [];
  for (const name of options.targets) {
    const target = await starters[name]();
    try {
      results.push(await measure(target, options));
    } finally {
      await target.close();
    }
  }
  const section = report(results, options, { start: startLoad, end: loadavg()[0]! });
  process.stdout.write(section);
  if (options.write) {
    await writeSection(performanceDocPath, benchSections.reconciler, section);
    process.stderr.write(`bench:reconciler: wrote ${performanceDocPath}\n`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:reconciler: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
