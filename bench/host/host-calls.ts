// `node --import tsx bench/host/host-calls.ts [--rounds N]`
//
// The Starlark host's costs, measured in wall-clock time (a call crosses two threads):
//
//   round trip   a Starlark loop calling a host builtin N times (sync, async, with a
//                Kubernetes-sized object each way), per call, beside the same loop calling an
//                engine builtin (len) that never leaves the worker
//   start        host.run of a one-line module on a warm pool (a reconcile's fixed cost)
//   stop         from cancel() or the timeout to the run's rejection, for `while True: pass` and
//                for a thread stuck in one long builtin (the worker is terminated and replaced)
//
// Each figure is the median of --rounds rounds (default 5). Prints a Markdown table.
import { StarlarkHost, type RunRequest } from '../../src-main/host/host';

const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1] || 5);

const host = new StarlarkHost({ maxWorkers: 2, minWorkers: 2 });

const object = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name: 'web-config',
    namespace: 'default',
    labels: { app: 'web', tier: 'frontend', 'app.kubernetes.io/managed-by': 'starling' },
    annotations: { 'starling.dev/owner': 'web' },
    uid: '3f1c2a7e-8d3b-4b8a-9c61-2f0f6b3e9d11',
    resourceVersion: '123456',
  },
  data: Object.fromEntries(
    Array.from({ length: 20 }, (_, i) => [`key-${i}`, `value-${i}`.repeat(8)]),
  ),
};

const loop = (call: string) =>
  `def main(n, obj = None):\n    x = [1, 2, 3]\n    for i in range(n):\n        r = ${call}\n    return n\n`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timed(request: RunRequest): Promise<number> {
  const t0 = performance.now();
  await host.run(request);
  return performance.now() - t0;
}

async function perCall(call: string, builtins: RunRequest['builtins'], n: number): Promise<number> {
  const run = (k: number) =>
    timed({
      main: { path: 'calls.star', source: loop(call) },
      call: { function: 'main', args: [k, object] },
      builtins,
    });
  await run(Math.min(n, 1000)); // warm: the module is compiled and the worker's code optimized
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // The same loop with n = 0 is the run's fixed cost, taken off.
    const fixed = await run(0);
    samples.push(((await run(n)) - fixed) / n);
  }
  return median(samples) * 1000; // µs per call
}

const rows: [string, string][] = [];
const n = 20_000;
const engineBuiltin = await perCall('len(x)', {}, 200_000);
rows.push([
  'engine builtin `len(x)` (never leaves the worker)',
  `${engineBuiltin.toFixed(3)} µs/call`,
]);
const sync = await perCall('ping(i)', { ping: ({ args }) => args[0] }, n);
rows.push(['host builtin, synchronous (`ping(i)` → i)', `${sync.toFixed(1)} µs/call`]);
const asyncCall = await perCall(
  'ping(i)',
  { ping: ({ args }) => new Promise((r) => setImmediate(() => r(args[0]))) },
  n,
);
rows.push([
  'host builtin, asynchronous (answers after setImmediate)',
  `${asyncCall.toFixed(1)} µs/call`,
]);
const withObject = await perCall(
  'get("web-config", obj)',
  { get: { params: ['name', 'obj'], values: 'json', fn: ({ kwargs }) => kwargs.obj } },
  n / 4,
);
rows.push([
  `host builtin, a ${JSON.stringify(object).length}-byte ConfigMap each way (json values)`,
  `${withObject.toFixed(1)} µs/call`,
]);

const starts: number[] = [];
for (let r = 0; r < Math.max(rounds, 20); r++) {
  starts.push(
    await timed({
      main: { path: 'one.star', source: 'def main():\n    return 1\n' },
      call: { function: 'main' },
    }),
  );
}
rows.push(['start: host.run of a one-line module, warm pool', `${median(starts).toFixed(2)} ms`]);

async function stopLatency(kind: 'cancel' | 'timeout' | 'stuck'): Promise<number> {
  let started!: () => void;
  const running = new Promise<void>((r) => (started = r));
  const source =
    kind === 'stuck'
      ? 'started()\nx = sorted(range(30000000), reverse = True)\n'
      : 'started()\nwhile True:\n    pass\n';
  const timeoutMs = 300;
  let t0 = 0;
  const handle = host.start({
    main: { path: 'stop.star', source },
    dialect: ['while', 'toplevelcontrol'],
    builtins: {
      started: () => {
        if (kind === 'timeout') t0 = performance.now() + timeoutMs;
        started();
      },
    },
    limits: kind === 'timeout' ? { timeoutMs } : {},
  });
  await running;
  if (kind !== 'timeout') {
    await new Promise((r) => setTimeout(r, 100));
    t0 = performance.now();
    handle.cancel('measured');
  }
  await handle.done.catch(() => {});
  return performance.now() - t0;
}
for (const [kind, label] of [
  ['cancel', 'stop: cancel() of `while True: pass` → rejected'],
  ['timeout', 'stop: 300 ms timeout of `while True: pass` → rejected, after the deadline'],
  ['stuck', 'stop: cancel() of a thread inside one long builtin (worker replaced) → rejected'],
] as const) {
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) samples.push(await stopLatency(kind));
  rows.push([label, `${median(samples).toFixed(1)} ms (max ${Math.max(...samples).toFixed(1)})`]);
}
await host.dispose();

console.log('| what | median |\n| --- | --- |');
for (const [what, v] of rows) console.log(`| ${what} | ${v} |`);
