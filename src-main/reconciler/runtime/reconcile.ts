/**
 * One reconcile of one For object, as CHOREO.md "A reconcile" states it:
 *
 * 1. read the For object (gone → done);
 * 2. being deleted → run `reconcile` only with specUpdate, then delete every child, remove the
 *    finalizer and apply the object;
 * 3. else call `reconcile(self)` in a fresh thread (module globals are frozen and shared) and
 *    handle its `reconcile_result`: success applies the children, then the For object's status
 *    (and spec with specUpdate) with the finalizer and a Ready condition; a message sets the
 *    condition Failed and requeues; fatal drops the object; a Starlark error drops it too (and,
 *    in Starling, sets the condition Failed with the error's first line).
 *
 * API errors while writing are retried with backoff (Choreo drops the object). `reconcile` runs
 * on a Starlark thread of the reconcile host (modules.ts, reconcile-host.ts): the builtins run in
 * its worker, and a cluster call blocks the thread while this side makes it (`services` below).
 */
import type { KubeObject } from '../../contract';
import type { StarlarkFrame } from '../../contract/runtime';
import { ClusterError } from '../../cluster/errors';
import type { DebugSession } from '../../host/debug/session';
import { StarlarkRunError } from '../../host/errors';
import type { HostFunction } from '../../host/host';
import type { ClientResult } from './builtins';
import { applyChildren, ChildrenError, deleteChildren, type ChildSource } from './children';
import type { ChildWriter } from './children';
import { apiVersionOf, objectGvk, type Gvk } from './kube-api';
import type { ReconcilerModule } from './modules';
import {
  deleteFinalizer,
  kubeNow,
  pruneUnmanagedFields,
  setCondition,
  setFinalizer,
  stripServerFields,
} from './object-fields';
import type { ObjectMatcher, RuntimeReconciler } from './types';
import { clone, isObject, type Json, type JsonObject } from './values';
import type { ReconcileInput, ReconcileResultValue, ServiceName } from './worker-extension';

/** The cluster as one reconcile sees it: reads, and writes that a dry run records instead. */
export interface ReconcileCluster {
  readFor(namespace: string | undefined, name: string): Promise<KubeObject | undefined>;
  get(
    gvk: Gvk,
    namespace: string | undefined,
    name: string,
    builtin: string,
  ): Promise<KubeObject | undefined>;
  list(gvk: Gvk, namespace: string | undefined, builtin: string): Promise<KubeObject[]>;
  /** Server-side apply as the reconciler (status: to the status subresource when there is one). */
  apply(obj: JsonObject, builtin: string, status: boolean): Promise<KubeObject>;
  children: ChildSource;
  childWriter: ChildWriter;
  hasStatusSubresource(gvk: Gvk): boolean;
  compileMatch(match: Record<string, string>): ObjectMatcher;
}

export interface ReconcileLimits {
  /** Starlark steps per run of `reconcile` (default 100 million). */
  maxSteps?: number;
  /** Wall clock per run of `reconcile` (default 30 s). */
  timeoutMs?: number;
}

export type ReconcileOutcome =
  /** Done: success, or the object is gone. */
  | { type: 'done'; requeueAfterMs?: number; message?: undefined }
  /** The reconcile asked to be requeued (a message, not fatal): after a delay or with backoff. */
  | { type: 'requeue'; afterMs?: number; message: string }
  /** An API error while writing: retried with backoff. */
  | { type: 'retry'; message: string; error: Error }
  /** Fatal result, Starlark error or bad result: dropped without retry. */
  | { type: 'failed'; message: string; error: Error; backtrace?: StarlarkFrame[] };

export interface Reconcile {
  reconciler: RuntimeReconciler;
  module: () => ReconcilerModule;
  cluster: ReconcileCluster;
  limits?: ReconcileLimits;
  /** Called with each queued child write's result, for the event stream. */
  now?: () => string;
  /** Aborting it cancels the running Starlark ("Starlark computation cancelled: <reason>"). */
  signal?: AbortSignal;
  /** Debug the Starlark of this reconcile in that session (breakpoints, steps, variables). */
  debug?: DebugSession;
}

type ResultValue = ReconcileResultValue & { children?: JsonObject[] };

export async function reconcile(
  r: Reconcile,
  namespace: string | undefined,
  name: string,
): Promise<ReconcileOutcome> {
  const obj = await r.cluster.readFor(namespace, name);
  if (!obj) return { type: 'done' };
  const self = obj as JsonObject;
  const deleting = Boolean(obj.metadata?.deletionTimestamp);
  try {
    if (deleting) return await finalize(r, self);
    const run = await runStarlark(r, self);
    if (run.type === 'error') return await starlarkFailed(r, self, run);
    return await handleResult(r, self, run.result);
  } catch (err) {
    return writeFailed(err);
  }
}

function writeFailed(err: unknown): ReconcileOutcome {
  const error = err instanceof Error ? err : new Error(String(err));
  if (err instanceof ClusterError && err.code === 404 && /not found/i.test(err.message))
    return { type: 'done' };
  return { type: 'retry', message: error.message, error };
}

async function finalize(r: Reconcile, self: JsonObject): Promise<ReconcileOutcome> {
  if (r.reconciler.specUpdate) {
    const run = await runStarlark(r, self);
    if (run.type === 'error') return starlarkFailed(r, self, run);
    const outcome = await handleResult(r, self, run.result);
    if (outcome.type !== 'done') return outcome;
  }
  const uid = String((self.metadata as JsonObject).uid ?? '');
  await deleteChildren(
    await r.cluster.children.childrenOf(uid, r.reconciler.owns),
    r.cluster.childWriter,
  );
  // Nothing to remove: applying would only risk re-creating an object that is already gone.
  const finalizers = (self.metadata as JsonObject).finalizers;
  if (!Array.isArray(finalizers) || !finalizers.includes(r.reconciler.name))
    return { type: 'done' };
  const u = clone(self);
  deleteFinalizer(u, r.reconciler.name);
  pruneUnmanagedFields(u, r.reconciler.name);
  await applyFor(r, u);
  return { type: 'done' };
}

type StarlarkRun =
  | { type: 'ok'; result: ResultValue }
  | { type: 'error'; message: string; error: Error; backtrace: StarlarkFrame[] };

/** Runs `reconcile(self)` to completion on the reconcile host. */
async function runStarlark(r: Reconcile, self: JsonObject): Promise<StarlarkRun> {
  const meta = self.metadata as JsonObject;
  const input: ReconcileInput = {
    owner: {
      apiVersion: String(self.apiVersion ?? apiVersionOf(r.reconciler.for)),
      kind: String(self.kind ?? r.reconciler.for.kind),
      name: String(meta.name ?? ''),
      uid: String(meta.uid ?? ''),
    },
  };
  const limits = r.limits ?? {};
  try {
    const value = await r.module().run({
      name: r.reconciler.name,
      self,
      input,
      services: services(r, input.owner.uid),
      limits: { maxSteps: limits.maxSteps ?? 100_000_000, timeoutMs: limits.timeoutMs ?? 30_000 },
      ...(r.signal ? { signal: r.signal } : {}),
      ...(r.debug ? { debug: r.debug } : {}),
    });
    if (value.type === 'bad-result') {
      const error = Object.assign(new Error(value.message), { name: 'ResultError' });
      return { type: 'error', message: value.message, error, backtrace: [] };
    }
    return { type: 'ok', result: Object.assign(value.result, { children: value.children }) };
  } catch (err) {
    if (!(err instanceof StarlarkRunError)) throw err;
    const backtrace = err.callStack.map((f) => ({
      function: f.name,
      position: { file: f.file, line: f.line, column: f.col },
    }));
    const error = Object.assign(new Error(err.backtrace()), { name: 'StarlarkError' });
    return { type: 'error', message: err.message, error, backtrace };
  }
}

async function starlarkFailed(
  r: Reconcile,
  self: JsonObject,
  run: StarlarkRun & { type: 'error' },
): Promise<ReconcileOutcome> {
  if (r.reconciler.conditionType) {
    const firstLine = run.message.split('\n')[0] ?? run.message;
    await updateFor(r, self, self, firstLine);
  }
  return { type: 'failed', message: run.message, error: run.error, backtrace: run.backtrace };
}

async function handleResult(
  r: Reconcile,
  self: JsonObject,
  result: ResultValue,
): Promise<ReconcileOutcome> {
  if (result.fatal) {
    await updateFor(r, self, result.obj, result.message || 'fatal');
    return { type: 'failed', message: result.message, error: new Error(result.message) };
  }
  if (result.message) {
    await updateFor(r, self, result.obj, result.message);
    return result.requeueAfter > 0
      ? { type: 'requeue', afterMs: result.requeueAfter * 1000, message: result.message }
      : { type: 'requeue', message: result.message };
  }
  const uid = String((self.metadata as JsonObject).uid ?? '');
  const existing = await r.cluster.children.childrenOf(uid, r.reconciler.owns);
  await applyChildren(result.children ?? [], existing, r.cluster.childWriter);
  await updateFor(r, self, result.obj, '');
  return result.requeueAfter > 0
    ? { type: 'done', requeueAfterMs: result.requeueAfter * 1000 }
    : { type: 'done' };
}

/** Applies the For object with the reconcile's status (and spec), finalizer and condition. */
async function updateFor(r: Reconcile, old: JsonObject, next: JsonObject, message: string) {
  const u = clone(old);
  if ('status' in next) u.status = clone(next.status as Json);
  if (r.reconciler.specUpdate && 'spec' in next) u.spec = clone(next.spec as Json);
  pruneUnmanagedFields(u, r.reconciler.name);
  setFinalizer(u, r.reconciler.name);
  if (r.reconciler.conditionType)
    setCondition(u, r.reconciler.conditionType, message, (r.now ?? kubeNow)(), old);
  await applyFor(r, u);
}

async function applyFor(r: Reconcile, u: JsonObject): Promise<void> {
  const gvk = objectGvk(u, 'the For object');
  if (!r.cluster.hasStatusSubresource(gvk)) {
    await r.cluster.apply(u, 'reconcile', false);
    return;
  }
  const { status, ...main } = u;
  await r.cluster.apply(main, 'reconcile', false);
  if (status !== undefined) {
    const meta = u.metadata as JsonObject;
    const forStatus: JsonObject = {
      apiVersion: u.apiVersion as string,
      kind: u.kind as string,
      metadata: {
        name: meta.name as string,
        ...(meta.namespace ? { namespace: meta.namespace } : {}),
      },
      status,
    };
    await r.cluster.apply(forStatus, 'reconcile', true);
  }
}

/**
 * The cluster calls of the reconcile builtins, as services of the run (worker-extension.ts):
 * every call resolves to a Choreo result dict's parts.
 */
function services(r: Reconcile, ownerUid: string): Record<ServiceName, HostFunction> {
  const c = r.cluster;
  const invalid = (e: unknown) => e instanceof ClusterError && (e.code === 400 || e.code === 422);
  const existing = () => c.children.childrenOf(ownerUid, r.reconciler.owns);
  const args = (call: { kwargs: Readonly<Record<string, unknown>> }) =>
    call.kwargs as Record<string, Json>;
  return {
    get: (call) =>
      guard(async () => {
        const { obj, namespace, name } = args(call) as {
          obj: JsonObject;
          namespace: string;
          name: string;
        };
        const gvk = objectGvk(obj, 'client_get');
        const found = await c.get(gvk, namespace || undefined, name, 'client_get');
        if (!found)
          throw new Error(`${gvk.kind} "${[namespace, name].filter(Boolean).join('/')}" not found`);
        return found as Json;
      }),
    list: (call) =>
      guard(async () => {
        const { obj, match } = args(call) as { obj: JsonObject; match: Record<string, string> };
        const gvk = objectGvk(obj, 'client_list');
        const meta = isObject(obj.metadata) ? obj.metadata : {};
        const namespace = typeof meta.namespace === 'string' ? meta.namespace : undefined;
        const items = await c.list(gvk, namespace || undefined, 'client_list');
        const matcher = c.compileMatch(match);
        return {
          apiVersion: apiVersionOf(gvk),
          kind: `${gvk.kind}List`,
          metadata: {},
          items: items.filter((i) => matcher(i)) as Json[],
        };
      }),
    update: (call) =>
      guard(async () => {
        const { obj, status } = args(call) as { obj: JsonObject; status: boolean };
        stripServerFields(obj);
        return (await c.apply(
          obj,
          status ? 'client_update_status' : 'client_update',
          status,
        )) as Json;
      }, invalid),
    applyChildren: (call) =>
      guard(async () => {
        const { children } = args(call) as { children: JsonObject[] };
        await applyChildren(children, await existing(), c.childWriter);
        return null;
      }, invalidChildren),
    deleteChildren: () =>
      guard(async () => {
        await deleteChildren(await existing(), c.childWriter);
        return null;
      }, invalidChildren),
  };
}

function invalidChildren(e: unknown): boolean {
  return e instanceof ChildrenError && /\b(Invalid|BadRequest|is invalid)\b/.test(e.message);
}

async function guard(
  fn: () => Promise<Json>,
  fatalOn?: (e: unknown) => boolean,
): Promise<ClientResult> {
  try {
    return { resource: await fn(), error: null, fatal: false };
  } catch (err) {
    return {
      resource: null,
      error: err instanceof Error ? err.message : String(err),
      fatal: fatalOn?.(err) ?? false,
    };
  }
}
