/**
 * A dry run: one reconcile of one object that writes nothing. Reads go to the cluster; every
 * write (children, the For object's status and spec, client_update) is sent as a server-side
 * dry run (`dryRun=All`), so the server validates and defaults it and answers with what it
 * would store, and the difference to the live object is recorded as the planned change.
 * A write the server cannot dry-run (its namespace does not exist yet) is planned as written.
 * The events of the reconcile are collected too: the base for step-running in the workbench.
 * With `write` the same reconcile writes for real, and the diffs are what it changed.
 */
import type { KubeObject } from '../../contract';
import type {
  DryRunResult,
  PlannedChange,
  ReconcileEvent,
  RuntimeEvent,
} from '../../contract/runtime';
import { ClusterError } from '../../cluster/errors';
import { childRef, type ChildSource, type ChildWriter } from './children';
import { errorShape } from './controller';
import { diffObjects } from './diff';
import { EventStream } from './events';
import { objectGvk, type Gvk, type KubeApi } from './kube-api';
import type { DebugSession } from '../../host/debug/session';
import { LibrarySet, ReconcilerModule } from './modules';
import type { ReconcileHost } from './reconcile-host';
import {
  reconcile,
  type ReconcileCluster,
  type ReconcileLimits,
  type ReconcileOutcome,
} from './reconcile';
import { statusSubresourceKinds } from './runtime';
import { gvkKey } from './kube-api';
import type { RuntimeProject, RuntimeReconciler, SelectorCompiler } from './types';
import type { JsonObject } from './values';

export type { DryRunResult, PlannedChange };

export interface DryRunOptions {
  api: KubeApi;
  project: RuntimeProject;
  reconciler: RuntimeReconciler;
  selectors: SelectorCompiler;
  namespace?: string;
  name: string;
  /** Reconcile this object instead of reading it (e.g. an input not applied yet). */
  object?: KubeObject;
  limits?: ReconcileLimits;
  /** The host the reconcile runs on (default: the process's, reconcile-host.ts). */
  host?: ReconcileHost;
  /** Debug the reconcile's Starlark in that session (a step-run). */
  debug?: DebugSession;
  /** Aborting it cancels the reconcile's Starlark. */
  signal?: AbortSignal;
  /** Write for real instead of `dryRun=All` (a step-run that changes the cluster). */
  write?: boolean;
}

export async function dryRunReconcile(options: DryRunOptions): Promise<DryRunResult> {
  const { api, reconciler: spec } = options;
  const events = new EventStream(api.cluster);
  const collected: ReconcileEvent[] = [];
  events.subscribe((e: RuntimeEvent) => {
    if (e.type !== 'reloaded') collected.push(e);
  });
  const diffs: PlannedChange[] = [];
  const object = options.namespace ? `${options.namespace}/${options.name}` : options.name;
  const base = { reconciler: spec.name, object, reconcileId: `${spec.name}#dry-run` };
  const listener = (call: Parameters<NonNullable<Parameters<KubeApi['get']>[4]>>[0]) =>
    events.emit({ type: 'client-call', ...base, call });
  const statusKinds = statusSubresourceKinds(options.project);

  const plan = async (obj: JsonObject, builtin: string, status: boolean): Promise<KubeObject> => {
    const gvk = objectGvk(obj, builtin);
    const meta = (obj.metadata ?? {}) as { name?: string; namespace?: string };
    const live = await unlessNotServed(
      api.get(gvk, meta.namespace, meta.name ?? '', { builtin }, listener),
    );
    let after: KubeObject;
    try {
      after = await api.apply(
        obj,
        {
          manager: spec.name,
          dryRun: !options.write,
          ...(status ? { subresource: 'status' as const } : {}),
        },
        { builtin },
        listener,
      );
    } catch (err) {
      if (!(err instanceof ClusterError && err.code === 404)) throw err;
      after = { ...(live ?? {}), ...obj } as KubeObject;
    }
    after.apiVersion ??= obj.apiVersion as string;
    after.kind ??= obj.kind as string;
    const diff = diffObjects(live, after);
    if (diff) diffs.push({ child: childRef(after), action: 'apply', diff });
    return after;
  };

  const children: ChildSource = {
    async childrenOf(uid: string, owns: readonly Gvk[]) {
      const out: KubeObject[] = [];
      for (const gvk of owns) {
        const list = await unlessNotServed(
          api.list(gvk, undefined, { builtin: 'client_apply' }, listener),
        );
        const items = list?.items ?? [];
        out.push(...items.filter((o) => o.metadata?.ownerReferences?.some((r) => r.uid === uid)));
      }
      return out;
    },
  };
  const childWriter: ChildWriter = {
    async apply(child, existing) {
      const after = await plan(child, 'client_apply', false);
      events.emit({
        type: 'child-applied',
        ...base,
        child: childRef(after),
        diff: diffObjects(existing, after),
      });
    },
    async delete(child) {
      const gvk = objectGvk(child as JsonObject, 'client_delete');
      await unlessNotServed(
        api.delete(
          gvk,
          child.metadata?.namespace,
          child.metadata?.name ?? '',
          { dryRun: !options.write },
          { builtin: 'client_delete' },
          listener,
        ),
      );
      diffs.push({ child: childRef(child), action: 'delete', diff: diffObjects(child, undefined) });
      events.emit({ type: 'child-deleted', ...base, child: childRef(child) });
    },
  };
  const cluster: ReconcileCluster = {
    readFor: async (namespace, name) =>
      options.object
        ? structuredClone(options.object)
        : api.get(spec.for, namespace, name, { builtin: 'reconcile' }, listener),
    get: (gvk, namespace, name, builtin) => api.get(gvk, namespace, name, { builtin }, listener),
    list: async (gvk, namespace, builtin) =>
      (await api.list(gvk, namespace, { builtin }, listener)).items,
    apply: (obj, builtin, status) => plan(obj, builtin, status),
    children,
    childWriter,
    hasStatusSubresource: (gvk) => statusKinds.has(gvkKey(gvk)),
    compileMatch: (match) => options.selectors.compileSelector({ match }),
  };
  const module = new ReconcilerModule(
    spec.starPath,
    spec.source,
    new LibrarySet(options.project.libraries, options.host),
  );
  events.emit({ type: 'started', ...base, attempt: 1 });
  const started = performance.now();
  let outcome: ReconcileOutcome;
  try {
    outcome = await reconcile(
      {
        reconciler: spec,
        module: () => module,
        cluster,
        ...(options.limits ? { limits: options.limits } : {}),
        ...(options.debug ? { debug: options.debug } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
      options.namespace,
      options.name,
    );
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    outcome = { type: 'retry', message: error.message, error };
  }
  if (outcome.type === 'failed' || outcome.type === 'retry')
    events.emit({
      type: 'error',
      ...base,
      error: errorShape(outcome.error),
      backtrace: outcome.type === 'failed' ? (outcome.backtrace ?? []) : [],
    });
  const durationMs = Math.round((performance.now() - started) * 100) / 100;
  const result =
    outcome.type === 'done' ? 'success' : outcome.type === 'failed' ? 'error' : 'requeue';
  events.emit({ type: 'finished', ...base, outcome: result, durationMs });
  return {
    outcome: outcome.type,
    ...(outcome.message ? { message: outcome.message } : {}),
    events: collected,
    diffs,
  };
}

/** A kind the cluster does not serve yet (its CRD is not applied): nothing there. */
async function unlessNotServed<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof ClusterError && err.code === 404) return undefined;
    throw err;
  }
}
