// A/B of the local cluster's create path: servers from several checkouts, alternated round by
// round in the same minutes, each measured warm, with the server's own CPU per create — the figure
// that survives a loaded machine better than creates/s. Prints one line per run and medians.
//
//   node --import tsx bench/local-cluster/ab.ts [--creates N] [--warmup N] [--rounds R] DIR...
//
// Each DIR is a checkout with node_modules (e.g. `git worktree add /tmp/a main`); its server runs
// from its own tests/local-cluster/support/serve.ts. SERVER_FLAGS adds node flags (--cpu-prof).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { clients, createNamespace, createThroughput } from './load';

/** User and system CPU time (ms) a process has used so far. */
function cpuMs(pid: number): { user: number; system: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
}

interface Run {
  perSecond: number;
  serverMs: number;
  clientMs: number;
}

async function measure(root: string, creates: number, warmup: number): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'starling-ab-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const flags = (process.env.SERVER_FLAGS ?? '').split(' ').filter(Boolean);
  const serve = ['--import', 'tsx', 'tests/local-cluster/support/serve.ts'];
  const child = spawn(process.execPath, [...flags, ...serve, join(dir, 'data'), kubeconfig], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', () => resolve());
      child.once('exit', (code) => reject(new Error(`${root}: the server exited with ${code}`)));
    });
    const target = { name: root, kubeconfig, context: 'starling-local' };
    const [admin] = await clients(target, 1);
    await createNamespace(admin!, 'warm');
    await createNamespace(admin!, 'bench');
    admin!.close();
    if (warmup > 0) await createThroughput(target, 'warm', warmup, 8);
    const before = cpuMs(child.pid!);
    const clientBefore = process.cpuUsage();
    const { perSecond } = await createThroughput(target, 'bench', creates, 8);
    const client = process.cpuUsage(clientBefore);
    const after = cpuMs(child.pid!);
    const serverMs = (after.user - before.user + after.system - before.system) / creates;
    return { perSecond, serverMs, clientMs: (client.user + client.system) / 1000 / creates };
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let creates = 5_000;
  let warmup = 3_000;
  let rounds = 3;
  const roots: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--creates') creates = Number(args[++i]);
    else if (args[i] === '--warmup') warmup = Number(args[++i]);
    else if (args[i] === '--rounds') rounds = Number(args[++i]);
    else roots.push(args[i]!);
  }
  const runs = new Map<string, Run[]>(roots.map((r) => [r, []]));
  for (let round = 0; round < rounds; round++) {
    for (const root of roots) {
      const load = loadavg()[0]!.toFixed(1);
      const run = await measure(root, creates, warmup);
      runs.get(root)!.push(run);
      console.log(
        `${root}\tround ${round}\t${run.perSecond.toFixed(0)}/s\tserver ${run.serverMs.toFixed(3)} ms/create\tclient ${run.clientMs.toFixed(3)} ms/create\tload ${load}`,
      );
    }
  }
  for (const [root, list] of runs) {
    console.log(
      `median ${root}\t${median(list.map((r) => r.perSecond)).toFixed(0)}/s\tserver ${median(list.map((r) => r.serverMs)).toFixed(3)} ms/create\tclient ${median(list.map((r) => r.clientMs)).toFixed(3)} ms/create`,
    );
  }
}

await main();
