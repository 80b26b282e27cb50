// `npm run bench:local-cluster [-- --objects N] [--creates N] [--warmup N] [--only local|test-cluster] [--no-write]`
//
// Measures Starling's local cluster beside the real test API server (kube-apiserver + etcd of
// tests/cluster), the same load against each in one run:
//   - creates/s of small ConfigMaps by 8 concurrent clients (one connection each), after a warm-up
//     of 5,000 such creates (a server that just started runs its first few thousand requests before
//     V8 has compiled them: ~3× the CPU each; that cold figure is reported on its own row);
//   - watch delivery latency (p50/p99) to 10 watchers while one writer creates at 200/s;
//   - filling 100,000 objects (10 namespaces × 10,000) and the time to list one namespace of 10,000.
// A full run writes the table into docs/PERFORMANCE.md (the local-cluster section).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import {
  createNamespace,
  clients,
  createThroughput,
  listTime,
  watchLatency,
  type Target,
} from './load';
import { benchSections, performanceDocPath, writeSection } from '../performance-doc';

const root = resolve(import.meta.dirname, '../..');

interface Options {
  objects: number;
  creates: number;
  /** Creates by the same 8 clients before the measured burst. */
  warmup: number;
  write: boolean;
  /** Which servers to measure (default both); a run of one never writes the doc. */
  targets: ('local' | 'test-cluster')[];
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    objects: 100_000,
    creates: 10_000,
    warmup: 5_000,
    write: true,
    targets: ['local', 'test-cluster'],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--objects') options.objects = Number(argv[++i]);
    else if (arg === '--creates') options.creates = Number(argv[++i]);
    else if (arg === '--warmup') options.warmup = Number(argv[++i]);
    else if (arg === '--no-write') options.write = false;
    else if (arg === '--only') options.targets = [argv[++i] as 'local' | 'test-cluster'];
    else {
      process.stderr.write(`bench:local-cluster: unknown argument ${arg}\n`);
      process.exit(2);
    }
  }
  if (
    options.objects !== 100_000 ||
    options.creates !== 10_000 ||
    options.warmup !== 5_000 ||
    options.targets.length !== 2
  ) {
    options.write = false;
  }
  return options;
}

interface RunningTarget extends Target {
  pids: () => number[];
  dataSize?: () => number;
  stop(): Promise<void>;
}

async function startLocal(): Promise<RunningTarget> {
  const dir = mkdtempSync(join(tmpdir(), 'starling-bench-local-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'tests/local-cluster/support/serve.ts', join(dir, 'data'), kubeconfig],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolveReady, reject) => {
    createInterface({ input: child.stdout! }).once('line', () => resolveReady());
    child.once('exit', (code) => reject(new Error(`the local cluster exited with ${code}`)));
  });
  return {
    name: 'Starling local cluster',
    kubeconfig,
    context: 'starling-local',
    pids: () => [child.pid!],
    dataSize: () =>
      ['state.db', 'state.db-wal'].reduce(
        (n, f) => n + (statSync(join(dir, 'data', f), { throwIfNoEntry: false })?.size ?? 0),
        0,
      ),
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startTestCluster(): Promise<RunningTarget> {
  const { TestCluster, clusterProcesses } = await import('../../tests/cluster/test-cluster');
  const cluster = await TestCluster.start({
    log: (m: string) => process.stderr.write(`test cluster: ${m}\n`),
  });
  const c = cluster.connection;
  return {
    name: `kube-apiserver ${c.kubernetesVersion} + etcd`,
    kubeconfig: c.kubeconfig,
    context: c.context,
    pids: () => clusterProcesses(c.stateDir).map((p: { pid: number }) => p.pid),
    stop: () => cluster.stop(),
  };
}

/** Peak resident memory (VmHWM) of processes, in MiB. */
function peakRss(pids: number[]): number {
  let kib = 0;
  for (const pid of pids) {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      kib += Number(m?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return kib / 1024;
}

/**
 * CPU time (user + system, ms) the processes have used so far: what a phase costs the server
 * whatever else runs on the machine, unlike its throughput.
 */
function cpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

interface Result {
  target: string;
  /** Server CPU per create in the burst, per write in the watch phase, for the list (ms). */
  createCpuMs: number;
  watchCpuMs: number;
  listCpuMs: number;
  createsPerSecond: number;
  /** The warm-up's creates/s: the first creates after the server started. */
  coldCreatesPerSecond: number;
  watchP50: number;
  watchP99: number;
  fillPerSecond: number;
  listSeconds: number;
  rssMiB: number;
  dataMiB?: number;
}

async function measure(target: RunningTarget, options: Options): Promise<Result> {
  const log = (m: string) => process.stderr.write(`${target.name}: ${m}\n`);
  const [admin] = await clients(target, 1);
  await createNamespace(admin!, 'bench-create');
  await createNamespace(admin!, 'bench-watch');
  await createNamespace(admin!, 'bench-warmup');
  log(`warm-up: ${options.warmup} creates by 8 clients`);
  const cold = await createThroughput(target, 'bench-warmup', options.warmup, 8);
  log(`${cold.perSecond.toFixed(0)} creates/s cold; ${options.creates} creates by 8 clients`);
  let cpu = cpuMs(target.pids());
  const creates = await createThroughput(target, 'bench-create', options.creates, 8);
  const createCpuMs = (cpuMs(target.pids()) - cpu) / options.creates;
  log(`${creates.perSecond.toFixed(0)} creates/s, ${createCpuMs.toFixed(3)} ms CPU each; watch`);
  cpu = cpuMs(target.pids());
  const watch = await watchLatency(target, 'bench-watch', 10, 1000, 200);
  const watchCpuMs = (cpuMs(target.pids()) - cpu) / 1000;
  log(`watch p99 ${watch.p99.toFixed(1)} ms; filling ${options.objects} objects`);
  const perNamespace = Math.min(10_000, options.objects);
  const namespaces = Math.ceil(options.objects / perNamespace);
  let filled = 0;
  let fillSeconds = 0;
  for (let n = 0; n < namespaces; n++) {
    const ns = `bench-fill-${n}`;
    await createNamespace(admin!, ns);
    const count = Math.min(perNamespace, options.objects - filled);
    const r = await createThroughput(target, ns, count, 8, 'item');
    filled += count;
    fillSeconds += r.seconds;
    log(`filled ${filled}`);
  }
  cpu = cpuMs(target.pids());
  const listRuns = 3;
  const listSeconds = await listTime(target, 'bench-fill-0', perNamespace, listRuns);
  const listCpuMs = (cpuMs(target.pids()) - cpu) / listRuns;
  log(`list of ${perNamespace} in ${listSeconds.toFixed(3)} s`);
  admin!.close();
  const result: Result = {
    target: target.name,
    createCpuMs,
    watchCpuMs,
    listCpuMs,
    createsPerSecond: creates.perSecond,
    coldCreatesPerSecond: cold.perSecond,
    watchP50: watch.p50,
    watchP99: watch.p99,
    fillPerSecond: filled / fillSeconds,
    listSeconds,
    rssMiB: peakRss(target.pids()),
  };
  if (target.dataSize) result.dataMiB = target.dataSize() / 1024 / 1024;
  return result;
}

function report(results: Result[], options: Options, load: { start: number; end: number }): string {
  const fmt = (n: number, digits = 0) => n.toFixed(digits);
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; both servers on 127.0.0.1, measured one after the other in the same run by the same load generator (a separate process). Load average ${load.start.toFixed(1)} at the start, ${load.end.toFixed(1)} at the end: other work on the machine shares its cores, so compare the columns, not the goals.`,
    '',
    '| | goal | ' + results.map((r) => r.target).join(' | ') + ' |',
    '| --- | --- | ' + results.map(() => '---').join(' | ') + ' |',
    `| small creates/s, 8 concurrent clients (${options.creates}, after ${options.warmup.toLocaleString('en')} to warm up) | ≥ 3,000 | ` +
      results.map((r) => fmt(r.createsPerSecond)).join(' | ') +
      ' |',
    `| the same, the first ${options.warmup.toLocaleString('en')} creates after the server started (cold) | | ` +
      results.map((r) => fmt(r.coldCreatesPerSecond)).join(' | ') +
      ' |',
    '| watch delivery p50 (ms), 10 watchers, 200 writes/s | | ' +
      results.map((r) => fmt(r.watchP50, 1)).join(' | ') +
      ' |',
    '| watch delivery p99 (ms), write included | ≤ 20 | ' +
      results.map((r) => fmt(r.watchP99, 1)).join(' | ') +
      ' |',
    `| creates/s while filling ${options.objects.toLocaleString('en')} objects | | ` +
      results.map((r) => fmt(r.fillPerSecond)).join(' | ') +
      ' |',
    '| list of 10,000 objects (s), 100k stored | < 1 | ' +
      results.map((r) => fmt(r.listSeconds, 3)).join(' | ') +
      ' |',
    '| server CPU per create (ms, user + system, all server processes) | ≤ 0.33 per core | ' +
      results.map((r) => fmt(r.createCpuMs, 3)).join(' | ') +
      ' |',
    '| creates/s per idle core that CPU allows (1,000 ms / CPU per create) | | ' +
      results.map((r) => fmt(1000 / r.createCpuMs)).join(' | ') +
      ' |',
    '| server CPU per watched write (ms): 1 create + 10 watch events | | ' +
      results.map((r) => fmt(r.watchCpuMs, 3)).join(' | ') +
      ' |',
    '| server CPU per list of 10,000 (ms) | < 1,000 | ' +
      results.map((r) => fmt(r.listCpuMs)).join(' | ') +
      ' |',
    '| peak RSS of the server processes (MiB) | | ' +
      results.map((r) => fmt(r.rssMiB)).join(' | ') +
      ' |',
    '| storage on disk (MiB) | | ' +
      results.map((r) => (r.dataMiB === undefined ? '—' : fmt(r.dataMiB))).join(' | ') +
      ' |',
    '',
    'Reproduce: `npm run bench:local-cluster` (part of `npm run bench`; builds the test cluster on first use).',
    '',
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const startLoad = loadavg()[0]!;
  const results: Result[] = [];
  const starters = { local: startLocal, 'test-cluster': startTestCluster };
  for (const start of options.targets.map((t) => starters[t])) {
    const target = await start();
    try {
      results.push(await measure(target, options));
    } finally {
      await target.stop();
    }
  }
  const section = report(results, options, { start: startLoad, end: loadavg()[0]! });
  process.stdout.write(section);
  if (options.write) {
    await writeSection(performanceDocPath, benchSections.localCluster, section);
    process.stderr.write(`bench:local-cluster: wrote ${performanceDocPath}\n`);
  }
}

await main();
