/**
 * A step-run: `launch` of one reconcile of one live object in a DAP session (`starling dap`).
 * The reconcile runs as a dry run (dry-run.ts) on the reconcile host under the session, so it
 * stops at breakpoints in the reconciler's .star and its libraries, steps and shows variables;
 * when it has finished, the planned changes go to the client as a `starling.dryRun` output event
 * (contract/runtime.ts, StepRunOutput).
 *
 * Launch arguments: `project` (its folder), `reconciler` (its name), `namespace`, `name` (the For
 * object), the cluster — `kubeconfig` and/or `context` (default: the kubeconfig's current
 * context), or `local: true` for Starling's local cluster (the `starling-local` context) — and
 * `dryRun` (default true; false writes for real), `maxSteps`, `timeout` (seconds).
 */
import { resolve } from 'node:path';
import type { StepRunOutput } from '../../contract/runtime';
import { ClusterConnection } from '../../cluster/connection';
import { kubeConfigForContext, kubeconfigPaths, loadKubeconfigs } from '../../cluster/kubeconfig';
import { defaultContextName } from '../../cluster/local/index';
import type { LaunchContext, Launcher } from '../../host/debug/dap';
import type { DebugSession } from '../../host/debug/session';
import { formatProblem, loadProject } from '../project';
import { dryRunReconcile } from './dry-run';
import { KubeApi } from './kube-api';
import type { ReconcileHost } from './reconcile-host';
import { choreoSelectors } from './selectors';

export interface StepRunArgs {
  project: string;
  reconciler: string;
  namespace?: string;
  name: string;
  kubeconfig?: string;
  context?: string;
  local: boolean;
  dryRun: boolean;
  maxSteps?: number;
  timeoutSeconds?: number;
}

/** Launches step-runs on `host` under `session`. */
export function stepRunLauncher(session: DebugSession, host?: ReconcileHost): Launcher {
  return (raw, context) => {
    const args = stepRunArgs(raw);
    const aborter = new AbortController();
    const exited = stepRun(args, session, context, aborter.signal, host).catch((e: unknown) => {
      const error = e as Error & { hint?: string };
      const hint = error.hint ? `\n${error.hint}` : '';
      context.output({ category: 'stderr', output: `${error.message}${hint}\n` });
      return 1;
    });
    return { exited, stop: (reason) => aborter.abort(reason) };
  };
}

async function stepRun(
  args: StepRunArgs,
  session: DebugSession,
  context: LaunchContext,
  signal: AbortSignal,
  host: ReconcileHost | undefined,
): Promise<number> {
  const { project, problems } = await loadProject(resolve(args.project));
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((p) => formatProblem(p)).join('\n'));
  const spec = project.reconcilers.find((r) => r.name === args.reconciler);
  if (!spec)
    throw Object.assign(new Error(`${args.project}: no reconciler ${args.reconciler}`), {
      hint: `its reconcilers: ${project.reconcilers.map((r) => r.name).join(', ') || 'none'}`,
    });
  const connection = connect(args);
  try {
    const result = await dryRunReconcile({
      api: new KubeApi(connection),
      project,
      reconciler: spec,
      selectors: choreoSelectors,
      ...(args.namespace ? { namespace: args.namespace } : {}),
      name: args.name,
      limits: {
        ...(args.maxSteps !== undefined ? { maxSteps: args.maxSteps } : {}),
        ...(args.timeoutSeconds !== undefined ? { timeoutMs: args.timeoutSeconds * 1000 } : {}),
      },
      ...(host ? { host } : {}),
      debug: session,
      signal,
      write: !args.dryRun,
    });
    const output: StepRunOutput = {
      reconciler: spec.name,
      object: args.namespace ? `${args.namespace}/${args.name}` : args.name,
      dryRun: args.dryRun,
      result,
    };
    context.output({
      category: 'starling.dryRun',
      output: `${JSON.stringify(output)}\n`,
      data: output,
    });
    return result.outcome === 'done' ? 0 : 1;
  } finally {
    connection.dispose();
  }
}

function connect(args: StepRunArgs): ClusterConnection {
  const paths = args.kubeconfig ? [resolve(args.kubeconfig)] : kubeconfigPaths();
  const merged = loadKubeconfigs(paths);
  const context = args.local ? defaultContextName : (args.context ?? merged.currentContext);
  if (!context)
    throw Object.assign(new Error(`no context: ${paths.join(':')} sets no current-context`), {
      hint: 'name one with "context", or use "local": true for Starling\'s local cluster',
    });
  return new ClusterConnection(context, kubeConfigForContext(merged, context));
}

/** The launch arguments, checked: a message naming what is wrong. */
export function stepRunArgs(raw: Readonly<Record<string, unknown>>): StepRunArgs {
  const text = (key: string, required: boolean): string | undefined => {
    const v = raw[key];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || v === '')
      throw new Error(`launch of a reconcile needs "${key}": ${describe(key)}`);
    return v;
  };
  const flag = (key: string, fallback: boolean): boolean => {
    const v = raw[key] ?? fallback;
    if (typeof v !== 'boolean') throw new Error(`launch: "${key}" must be true or false`);
    return v;
  };
  const count = (key: string): number | undefined => {
    const v = raw[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !(v > 0))
      throw new Error(`launch: "${key}" must be a positive number`);
    return v;
  };
  const args: StepRunArgs = {
    project: text('project', true)!,
    reconciler: text('reconciler', true)!,
    name: text('name', true)!,
    local: flag('local', false),
    dryRun: flag('dryRun', true),
  };
  const optional = { namespace: text('namespace', false), kubeconfig: text('kubeconfig', false) };
  const context = text('context', false);
  if (args.local && (optional.kubeconfig || context))
    throw new Error(
      'launch: "local" uses Starling\'s local cluster: leave out "kubeconfig" and "context"',
    );
  if (optional.namespace) args.namespace = optional.namespace;
  if (optional.kubeconfig) args.kubeconfig = optional.kubeconfig;
  if (context) args.context = context;
  const maxSteps = count('maxSteps');
  const timeout = count('timeout');
  if (maxSteps !== undefined) args.maxSteps = maxSteps;
  if (timeout !== undefined) args.timeoutSeconds = timeout;
  return args;
}

function describe(key: string): string {
  switch (key) {
    case 'project':
      return 'the project folder';
    case 'reconciler':
      return "the reconciler's name (metadata.name in its config.yaml)";
    case 'name':
      return "the For object's name";
    default:
      return 'a string';
  }
}
