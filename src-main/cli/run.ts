/**
 * `starling run PROJECT [--kubeconfig FILE] [--context NAME] [--local] [--once] [--dry-run]
 * [--json]`: loads a Choreo project, applies its CRDs (waiting until Established) and inputs,
 * and runs its reconcilers against the cluster.
 *
 * - `--once` stops when the system is quiescent (queues empty, nothing in flight, no requeue
 *   due, every write seen back) and prints per reconciler `Reconciler Start Stop Requeue Error
 *   Time` and each error; exit 1 when a reconcile failed.
 * - Without `--once` it runs until SIGINT/SIGTERM, printing the event stream (`--json`: one JSON
 *   event per line), and reloads the project when its files change (hot reload: changed
 *   reconcilers run their new code, only the For objects a change affects are requeued; a
 *   version with errors is rejected and the last good one keeps running).
 * - `--dry-run` writes nothing: one dry-run reconcile of every For object (the cluster's and the
 *   project's inputs), printing the planned changes as diffs.
 * - `--local` starts Starling's local cluster in this process, in a temporary folder: in its
 *   own worker thread, reached over a MessagePort (no HTTPS server; nothing else can reach it).
 */
import { resolve } from 'node:path';
import type { KubeObject } from '../contract';
import type { ReloadedEvent, RuntimeEvent } from '../contract/runtime';
import { ClusterConnection } from '../cluster/connection';
import { kubeConfigForContext, kubeconfigPaths, loadKubeconfigs } from '../cluster/kubeconfig';
import { connectToScratchLocalCluster } from '../cluster/local/index';
import { formatProblem, loadProject, sortProblems } from '../reconciler/project';
import { ProjectWatcher } from '../reconciler/reload/index';
import { dryRunReconcile } from '../reconciler/runtime/dry-run';
import { HotReload } from '../reconciler/runtime/hot-reload';
import { KubeApi, splitApiVersion } from '../reconciler/runtime/kube-api';
import { ReconcilerRuntime } from '../reconciler/runtime/runtime';
import { choreoSelectors } from '../reconciler/runtime/selectors';
import { applyCrds, applyInputs } from '../reconciler/runtime/setup';
import type { RuntimeProject } from '../reconciler/runtime/types';
import { UsageError, type CliIO } from './io';

export interface RunArgs {
  project: string;
  kubeconfig?: string;
  context?: string;
  local: boolean;
  once: boolean;
  dryRun: boolean;
  json: boolean;
}

export function parseRunArgs(args: string[]): RunArgs {
  const parsed: Partial<RunArgs> & {
    local: boolean;
    once: boolean;
    dryRun: boolean;
    json: boolean;
  } = {
    local: false,
    once: false,
    dryRun: false,
    json: false,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.includes('=')
      ? (arg.split(/=(.*)/s, 2) as [string, string])
      : [arg, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--kubeconfig':
        parsed.kubeconfig = resolve(value());
        break;
      case '--context':
        parsed.context = value();
        break;
      case '--local':
        parsed.local = true;
        break;
      case '--once':
        parsed.once = true;
        break;
      case '--dry-run':
        parsed.dryRun = true;
        break;
      case '--json':
        parsed.json = true;
        break;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown argument "${arg}"`);
        if (parsed.project)
          throw new UsageError(`one PROJECT only ("${parsed.project}" and "${arg}")`);
        parsed.project = arg;
    }
  }
  if (!parsed.project) throw new UsageError('which PROJECT? give the folder of a Choreo project');
  if (parsed.local && (parsed.kubeconfig || parsed.context))
    throw new UsageError('--local runs its own cluster: leave out --kubeconfig and --context');
  return parsed as RunArgs;
}

interface Target {
  connection: ClusterConnection;
  close(): Promise<void>;
}

async function connect(args: RunArgs): Promise<Target> {
  // In its own worker thread, reached over a MessagePort: no TLS or HTTP, and two cores.
  if (args.local) return connectToScratchLocalCluster('starling-local', 'starling-run-');
  const paths = args.kubeconfig ? [args.kubeconfig] : kubeconfigPaths();
  const merged = loadKubeconfigs(paths);
  const context = args.context ?? merged.currentContext;
  if (!context)
    throw Object.assign(new Error(`no context: ${paths.join(':')} sets no current-context`), {
      hint: 'name one with --context NAME, or use --local',
    });
  const connection = new ClusterConnection(context, kubeConfigForContext(merged, context));
  return {
    connection,
    async close() {
      connection.dispose();
    },
  };
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  const args = parseRunArgs(argv);
  const dir = resolve(args.project);
  // Running until interrupted: the project's files are watched and reloaded (hot reload).
  const watcher = args.once || args.dryRun ? undefined : await ProjectWatcher.start(dir);
  try {
    return await runLoaded(args, io, watcher);
  } finally {
    watcher?.dispose();
  }
}

async function runLoaded(
  args: RunArgs,
  io: CliIO,
  watcher: ProjectWatcher | undefined,
): Promise<number> {
  const { project, problems } = watcher
    ? { project: watcher.project, problems: watcher.problems }
    : await loadProject(resolve(args.project));
  for (const p of sortProblems(problems)) io.stderr(`${formatProblem(p, process.cwd())}\n`);
  if (!project || problems.some((p) => p.severity === 'error')) {
    io.stderr(
      `starling run: the project has errors; fix them first (starling check ${args.project})\n`,
    );
    return 1;
  }
  let target: Target;
  try {
    target = await connect(args);
  } catch (err) {
    return fail(io, err);
  }
  try {
    if (args.dryRun) return await dryRunAll(args, project, target, io);
    return await runProject(args, project, target, io, watcher);
  } catch (err) {
    return fail(io, err);
  } finally {
    await target.close();
  }
}

function fail(io: CliIO, err: unknown): number {
  const e = err as Error & { hint?: string };
  io.stderr(`starling run: ${e.message}\n`);
  if (e.hint) io.stderr(`  hint: ${e.hint}\n`);
  return 1;
}

async function runProject(
  args: RunArgs,
  project: RuntimeProject,
  target: Target,
  io: CliIO,
  watcher?: ProjectWatcher,
): Promise<number> {
  const api = new KubeApi(target.connection);
  const started = performance.now();
  await applyCrds(api, project);
  const runtime = new ReconcilerRuntime({
    connection: target.connection,
    project,
    selectors: choreoSelectors,
  });
  if (!args.once || args.json)
    runtime.events.subscribe((e) => io.stdout(formatEvent(e, args.json)));
  try {
    await runtime.start();
    for (const written of await applyInputs(api, project)) await runtime.expectWrite(written);
    if (args.once) {
      await runtime.whenQuiescent();
      const seconds = (performance.now() - started) / 1000;
      io.stdout(statsTable(runtime, seconds));
      for (const f of runtime.failures)
        io.stderr(`error: ${f.reconciler} ${f.object}: ${f.message}\n`);
      const failed = [...runtime.stats().values()].some((s) => s.error > 0);
      return failed ? 1 : 0;
    }
    const hotReload = watcher ? new HotReload(watcher, runtime) : undefined;
    try {
      await new Promise<void>((resolveSignal) => {
        const stop = () => resolveSignal();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    } finally {
      hotReload?.dispose();
    }
    return 0;
  } finally {
    runtime.dispose();
  }
}

export function statsTable(runtime: ReconcilerRuntime, seconds: number): string {
  const rows = [['Reconciler', 'Start', 'Stop', 'Requeue', 'Error', 'Time']];
  for (const [name, s] of runtime.stats())
    rows.push([
      name,
      String(s.start),
      String(s.stop),
      String(s.requeue),
      String(s.error),
      `${(s.timeMs / 1000).toFixed(3)}s`,
    ]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '),
  );
  return `${lines.join('\n')}\nquiescent after ${seconds.toFixed(3)}s\n`;
}

export function formatEvent(e: RuntimeEvent, json: boolean): string {
  if (json) return `${JSON.stringify(e)}\n`;
  if (e.type === 'reloaded') return formatReload(e);
  const head = `${e.time.slice(11, 23)} ${e.reconciler} ${e.object}`;
  switch (e.type) {
    case 'queued':
      return `${head} queued (${e.reason})\n`;
    case 'started':
      return `${head} started${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}\n`;
    case 'client-call': {
      const c = e.call;
      const what = [c.kind, [c.namespace, c.name].filter(Boolean).join('/')]
        .filter(Boolean)
        .join(' ');
      return `${head}   ${c.builtin}: ${c.verb} ${what} → ${c.status || 'no answer'} (${c.durationMs} ms)${c.error ? `: ${c.error}` : ''}\n`;
    }
    case 'child-applied':
      return `${head}   applied ${e.child.kind} ${[e.child.namespace, e.child.name].filter(Boolean).join('/')}\n${indent(e.diff)}`;
    case 'child-deleted':
      return `${head}   deleted ${e.child.kind} ${[e.child.namespace, e.child.name].filter(Boolean).join('/')}\n`;
    case 'finished':
      return `${head} finished: ${e.outcome} (${e.durationMs} ms)\n`;
    case 'requeue':
      return `${head} requeue in ${e.afterMs} ms: ${e.reason}\n`;
    case 'error':
      return `${head} error: ${e.error.message}\n`;
  }
}

function formatReload(e: ReloadedEvent): string {
  const time = e.time.slice(11, 23);
  if (e.rejected)
    return `${time} reload rejected: the last good version keeps running\n${e.problems
      .map((p) => {
        const at = p.position ? `${p.position.file}:${p.position.line}:${p.position.column}: ` : '';
        return `  ${at}${p.severity}: ${p.message}\n`;
      })
      .join('')}`;
  const r = e.reconcilers;
  const parts = [
    r.added.length > 0 ? `added ${r.added.join(', ')}` : '',
    r.changed.length > 0 ? `changed ${r.changed.join(', ')}` : '',
    r.removed.length > 0 ? `removed ${r.removed.join(', ')}` : '',
    e.crds ? 'CRDs applied' : '',
    e.inputs ? 'inputs applied' : '',
  ].filter(Boolean);
  const requeued = Object.entries(e.requeued)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  return `${time} reloaded: ${parts.join('; ') || 'nothing to do'}${requeued ? ` (requeued: ${requeued})` : ''}\n`;
}

function indent(text: string): string {
  return text
    ? `${text
        .split('\n')
        .map((l) => `      ${l}`)
        .join('\n')}\n`
    : '';
}

/** One dry-run reconcile of every For object: the cluster's, and the inputs as they would be. */
async function dryRunAll(
  args: RunArgs,
  project: RuntimeProject,
  target: Target,
  io: CliIO,
): Promise<number> {
  const api = new KubeApi(target.connection);
  let failed = false;
  for (const spec of project.reconcilers) {
    const matches = choreoSelectors.compileSelector(spec.for.selector);
    const objects = new Map<string, KubeObject>();
    try {
      for (const o of (await api.list(spec.for, undefined, { builtin: 'dry-run' })).items)
        objects.set(keyOf(o), o);
    } catch {
      // the kind is not served yet (its CRD is not applied): only the inputs are reconciled
    }
    for (const input of project.inputs) {
      const o = input.object as KubeObject;
      const sameKind =
        o.kind === spec.for.kind && splitApiVersion(String(o.apiVersion)).group === spec.for.group;
      if (sameKind && !objects.has(keyOf(o)))
        objects.set(keyOf(o), {
          ...structuredClone(o),
          metadata: { uid: `dry-run-${keyOf(o)}`, ...o.metadata },
        });
    }
    for (const obj of objects.values()) {
      if (!matches(obj)) continue;
      const result = await dryRunReconcile({
        api,
        project,
        reconciler: spec,
        selectors: choreoSelectors,
        ...(obj.metadata?.namespace ? { namespace: obj.metadata.namespace } : {}),
        name: obj.metadata?.name ?? '',
        object: obj,
      });
      if (args.json) for (const e of result.events) io.stdout(formatEvent(e, true));
      else {
        io.stdout(
          `${spec.name} ${keyOf(obj)}: ${result.outcome}${result.message ? ` (${result.message})` : ''}\n`,
        );
        for (const d of result.diffs)
          io.stdout(
            `  ${d.action} ${d.child.kind} ${[d.child.namespace, d.child.name].filter(Boolean).join('/')}\n${indent(d.diff)}`,
          );
      }
      if (result.outcome === 'failed' || result.outcome === 'retry') failed = true;
    }
  }
  return failed ? 1 : 0;
}

function keyOf(o: KubeObject): string {
  return o.metadata?.namespace
    ? `${o.metadata.namespace}/${o.metadata.name}`
    : (o.metadata?.name ?? '');
}
