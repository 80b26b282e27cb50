/**
 * A project's reconcilers running against one cluster: one controller per reconciler, one
 * shared informer per watched kind, the owner index children are found in, the event stream,
 * statistics, and exact quiescence — every queue empty, nothing in flight, no requeue pending,
 * every informer synced and every write the runtime made seen back on its watch.
 *
 * `reload(project, changes)` swaps in a new project version (hot reload): changed reconcilers
 * keep their queues and run the new code, and only the For objects a change affects are
 * requeued.
 */
import type { KubeObject } from '../../contract';
import type { ClusterConnection } from '../../cluster/connection';
import { diffObjects } from './diff';
import { childRef, OwnerIndex, type ChildWriter } from './children';
import {
  Controller,
  type ControllerOptions,
  type ReconcileFailure,
  type ReconcilerStats,
} from './controller';
import { EventStream } from './events';
import { KindWatch } from './kind-watch';
import { gvkKey, KubeApi, objectGvk, type Gvk } from './kube-api';
import { LibrarySet, ReconcilerModule } from './modules';
import type { ReconcileCluster, ReconcileLimits } from './reconcile';
import { applyCrds, applyInputs } from './setup';
import { applyChangesNothing } from './unchanged-apply';
import type { RuntimeProject, RuntimeReconciler, SelectorCompiler } from './types';
import type { JsonObject } from './values';

export interface RuntimeOptions {
  connection: ClusterConnection;
  project: RuntimeProject;
  selectors: SelectorCompiler;
  /** Workers per reconciler (default 10, as Choreo). */
  concurrency?: number;
  limits?: ReconcileLimits;
  /** Backoff for requeues and retries (default 5 ms doubling to 1000 s). */
  backoff?: { baseDelayMs?: number; maxDelayMs?: number };
}

/** What a new project version changes, as reload/'s ProjectWatcher reports it. */
export interface RuntimeChanges {
  reconcilers: { added: string[]; changed: string[]; removed: string[] };
  crds: boolean;
  inputs: boolean;
}

export interface RuntimePending {
  writesInFlight: number;
  controllers: { reconciler: string; waiting: number; active: number; delayed: number }[];
  watches: { kind: string; synced: boolean; state: string; pendingEchoes: number }[];
}

export class ReconcilerRuntime {
  readonly api: KubeApi;
  readonly events: EventStream;
  readonly #failures = new Map<string, ReconcileFailure>();
  readonly #options: RuntimeOptions;
  readonly #watches = new Map<string, Promise<KindWatch>>();
  readonly #controllers = new Map<string, Controller>();
  readonly #owners = new OwnerIndex();
  #project: RuntimeProject;
  #libraries: LibrarySet;
  /** One module per version of a reconciler (a reload brings new spec objects). */
  #modules = new WeakMap<RuntimeReconciler, ReconcilerModule>();
  #statusKinds = new Set<string>();
  #quiescentWaiters: (() => void)[] = [];
  #checkScheduled = false;
  #writesInFlight = 0;
  readonly #writes = { sent: 0, unchanged: 0 };
  #disposed = false;

  constructor(options: RuntimeOptions) {
    this.#options = options;
    this.api = new KubeApi(options.connection);
    this.events = new EventStream(options.connection.context);
    this.#project = options.project;
    this.#libraries = new LibrarySet(options.project.libraries);
    this.#indexCrds();
  }

  get project(): RuntimeProject {
    return this.#project;
  }

  /** Starts a controller per reconciler; resolves when every informer has listed. */
  async start(): Promise<void> {
    for (const spec of this.#project.reconcilers) await this.#startController(spec);
    await this.whenSynced();
  }

  async whenSynced(): Promise<void> {
    const watches = await Promise.all(this.#watches.values());
    await Promise.all(watches.map((w) => w.informer.whenSynced()));
  }

  /** The last failure of each object whose reconcile failed (fatal, Starlark error, bad result). */
  get failures(): ReconcileFailure[] {
    return [...this.#failures.values()];
  }

  /** Statistics per reconciler, in project order. */
  stats(): Map<string, ReconcilerStats> {
    const out = new Map<string, ReconcilerStats>();
    for (const [name, c] of this.#controllers) out.set(name, { ...c.stats });
    return out;
  }

  /** Writes (applies and deletes) sent, and applies not sent because they changed nothing. */
  writes(): { sent: number; unchanged: number } {
    return { ...this.#writes };
  }

  /** Whether nothing is left to do: see the file comment. */
  get quiescent(): boolean {
    if (this.#writesInFlight > 0) return false;
    for (const c of this.#controllers.values()) if (!c.idle) return false;
    for (const w of this.#settledWatches) {
      if (!w.informer.synced || w.pendingEchoes > 0) return false;
    }
    return true;
  }

  readonly #settledWatches = new Set<KindWatch>();

  /** What keeps the system from being quiescent right now (for diagnostics and progress). */
  pending(): RuntimePending {
    return {
      writesInFlight: this.#writesInFlight,
      controllers: [...this.#controllers.values()].map((c) => ({
        reconciler: c.name,
        waiting: c.queue.length,
        active: c.queue.processing,
        delayed: c.queue.delayed,
      })),
      watches: [...this.#settledWatches].map((w) => ({
        kind: gvkKey(w.gvk),
        synced: w.informer.synced,
        state: w.informer.status.state,
        pendingEchoes: w.pendingEchoes,
      })),
    };
  }

  /** Resolves the next time the system is quiescent (at once when it is). */
  whenQuiescent(): Promise<void> {
    return new Promise((resolve) => {
      this.#quiescentWaiters.push(resolve);
      this.#scheduleCheck();
    });
  }

  #scheduleCheck(): void {
    if (this.#checkScheduled || this.#quiescentWaiters.length === 0) return;
    this.#checkScheduled = true;
    setImmediate(() => {
      this.#checkScheduled = false;
      if (this.#quiescentWaiters.length > 0 && this.quiescent)
        for (const resolve of this.#quiescentWaiters.splice(0)) resolve();
    });
  }

  /**
   * Counts a write made outside the runtime (inputs applied, a test's change) as pending until
   * its watch event arrives, so `whenQuiescent` includes what it triggers.
   */
  async expectWrite(obj: KubeObject): Promise<void> {
    if (!obj.metadata?.name || !obj.apiVersion || !obj.kind) return;
    const w = this.#watches.get(gvkKey(objectGvk(obj as JsonObject, 'write')));
    if (w)
      (await w).expectEcho(obj.metadata.namespace, obj.metadata.name, obj.metadata.resourceVersion);
    this.#scheduleCheck();
  }

  #watch(gvk: Gvk): Promise<KindWatch> {
    const key = gvkKey(gvk);
    let w = this.#watches.get(key);
    if (!w) {
      w = KindWatch.open(this.api, this.#options.connection, gvk).then((watch) => {
        watch.onSettle = () => this.#scheduleCheck();
        this.#settledWatches.add(watch);
        watch.informer.on('status', () => this.#scheduleCheck());
        watch.informer.whenSynced().then(
          () => this.#scheduleCheck(),
          () => undefined,
        );
        return watch;
      });
      w.catch(() => this.#watches.delete(key));
      this.#watches.set(key, w);
    }
    return w;
  }

  async #ownedWatch(gvk: Gvk): Promise<KindWatch> {
    const w = await this.#watch(gvk);
    if (!this.#owners.tracks(gvk)) {
      this.#owners.track(gvk);
      w.handle({
        added: (o) => this.#owners.set(o),
        modified: (o, prev) => this.#owners.set(o, prev),
        deleted: (o) => this.#owners.remove(o),
        reset: (items) => {
          this.#owners.resetKind(gvk);
          for (const o of items) this.#owners.set(o);
        },
      });
    }
    return w;
  }

  async #startController(spec: RuntimeReconciler): Promise<Controller> {
    const controller = new Controller(await this.#controllerOptions(spec));
    this.#controllers.set(spec.name, controller);
    return controller;
  }

  async #controllerOptions(spec: RuntimeReconciler): Promise<ControllerOptions> {
    const s = this.#options.selectors;
    const forWatch = await this.#watch(spec.for);
    const ownWatches = await Promise.all(spec.owns.map((g) => this.#ownedWatch(g)));
    const watchWatches = await Promise.all(
      spec.watches.map(async (w) => ({
        watch: await this.#watch(w),
        // a watch's selector is a join (CHOREO.md, "Selectors"): compileJoin decides it all
        matches: () => true,
        join: s.compileJoin(w),
      })),
    );
    return {
      spec,
      forWatch,
      ownWatches,
      watchWatches,
      forMatches: s.compileSelector(spec.for.selector),
      concurrency: this.#options.concurrency ?? 10,
      ...(this.#options.backoff ? { queue: this.#options.backoff } : {}),
      events: this.events,
      reconcileFor: (reconcileId) => ({
        module: () => this.#module(spec),
        cluster: this.#cluster(spec, forWatch, reconcileId),
        ...(this.#options.limits ? { limits: this.#options.limits } : {}),
      }),
      onFailure: (f) => this.#failures.set(`${f.reconciler}\0${f.object}`, f),
      onChange: () => this.#scheduleCheck(),
    };
  }

  #module(spec: RuntimeReconciler): ReconcilerModule {
    let m = this.#modules.get(spec);
    if (!m) {
      m = new ReconcilerModule(spec.starPath, spec.source, this.#libraries);
      this.#modules.set(spec, m);
    }
    return m;
  }

  #indexCrds(): void {
    this.#statusKinds = statusSubresourceKinds(this.#project);
  }

  /** The cluster as one reconcile of `spec` sees it, reporting to the event stream. */
  #cluster(spec: RuntimeReconciler, forWatch: KindWatch, reconcileId: string): ReconcileCluster {
    const api = this.api;
    const events = this.events;
    const manager = spec.name;
    let object = '';
    const call = (builtin: string) => ({ builtin });
    const listener = () =>
      events.listening
        ? (summary: Parameters<NonNullable<Parameters<KubeApi['get']>[4]>>[0]) =>
            events.emit({
              type: 'client-call',
              reconciler: manager,
              object,
              reconcileId,
              call: summary,
            })
        : undefined;
    const written = async (obj: KubeObject | undefined) => {
      if (!obj?.metadata?.name) return;
      const w = this.#watches.get(gvkKey(objectGvk(obj as JsonObject, 'write')));
      if (w)
        (await w).expectEcho(
          obj.metadata.namespace,
          obj.metadata.name,
          obj.metadata.resourceVersion,
        );
    };
    // The cached object, when applying `obj` would change nothing (unchanged-apply.ts): the
    // write is then not sent. Only a cache that holds this runtime's last write of the object.
    const unchanged = async (
      obj: JsonObject,
      builtin: string,
      status: boolean,
    ): Promise<KubeObject | undefined> => {
      const meta = obj.metadata as { name?: string; namespace?: string } | undefined;
      if (!meta?.name || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string')
        return undefined;
      const gvk = objectGvk(obj, builtin);
      const pending = this.#watches.get(gvkKey(gvk));
      if (!pending) return undefined;
      const w = await pending;
      if (!w.informer.synced || w.awaitingEcho(meta.namespace, meta.name)) return undefined;
      const cached = w.get(meta.namespace, meta.name);
      const subresource = status ? ('status' as const) : undefined;
      if (!cached || !applyChangesNothing(obj, cached as JsonObject, manager, subresource))
        return undefined;
      this.#writes.unchanged++;
      listener()?.({
        builtin,
        verb: status ? 'apply-status' : 'apply',
        kind: gvk.kind,
        ...(meta.namespace ? { namespace: meta.namespace } : {}),
        name: meta.name,
        status: 200,
        durationMs: 0,
        unchanged: true,
      });
      return cached;
    };
    const tracked = async <T>(fn: () => Promise<T>): Promise<T> => {
      this.#writesInFlight++;
      try {
        return await fn();
      } finally {
        this.#writesInFlight--;
        this.#scheduleCheck();
      }
    };
    const childWriter: ChildWriter = {
      apply: (child, existing) =>
        tracked(async () => {
          let result = await unchanged(child, 'client_apply', false);
          if (!result) {
            this.#writes.sent++;
            result = await api.apply(child, { manager }, call('client_apply'), listener());
            result.apiVersion ??= child.apiVersion as string;
            result.kind ??= child.kind as string;
            await written(result);
          }
          if (events.listening)
            events.emit({
              type: 'child-applied',
              reconciler: manager,
              object,
              reconcileId,
              child: childRef(result),
              diff: diffObjects(existing, result),
            });
        }),
      delete: (child) =>
        tracked(async () => {
          const gvk = objectGvk(child as JsonObject, 'client_delete');
          const meta = child.metadata ?? {};
          this.#writes.sent++;
          const result = await api.delete(
            gvk,
            meta.namespace,
            meta.name ?? '',
            {},
            call('client_delete'),
            listener(),
          );
          if (result?.metadata?.name) {
            result.apiVersion ??= child.apiVersion;
            result.kind ??= child.kind;
            if (result.kind !== 'Status') await written(result);
          }
          if (events.listening)
            events.emit({
              type: 'child-deleted',
              reconciler: manager,
              object,
              reconcileId,
              child: childRef(child),
            });
        }),
    };
    return {
      readFor: async (namespace, name) => {
        object = namespace ? `${namespace}/${name}` : name;
        // The cache, unless it has not caught up with this runtime's own last write of it.
        if (forWatch.informer.synced && !forWatch.awaitingEcho(namespace, name)) {
          const cached = forWatch.get(namespace, name);
          return cached ? structuredClone(cached) : undefined;
        }
        return api.get(spec.for, namespace, name, call('reconcile'), listener());
      },
      get: (gvk, namespace, name, builtin) =>
        api.get(gvk, namespace, name, call(builtin), listener()),
      list: async (gvk, namespace, builtin) =>
        (await api.list(gvk, namespace, call(builtin), listener())).items,
      apply: (obj, builtin, status) =>
        tracked(async () => {
          const cached = await unchanged(obj, builtin, status);
          if (cached) return structuredClone(cached);
          this.#writes.sent++;
          const result = await api.apply(
            obj,
            { manager, ...(status ? { subresource: 'status' as const } : {}) },
            call(builtin),
            listener(),
          );
          result.apiVersion ??= obj.apiVersion as string;
          result.kind ??= obj.kind as string;
          await written(result);
          return result;
        }),
      children: this.#owners,
      childWriter,
      hasStatusSubresource: (gvk) => this.#statusKinds.has(gvkKey(gvk)),
      compileMatch: (match) => this.#options.selectors.compileSelector({ match }),
    };
  }

  /**
   * Hot reload: runs `project` from now on (see reload.ts for the ProjectWatcher side).
   *
   * - a reconciler `added` starts: its For objects are queued;
   * - one `changed` keeps its controller — queue, delayed requeues, statistics — and runs its new
   *   code and config from the next reconcile; its For objects are requeued at once with their
   *   backoff reset, and its earlier failures are forgotten (a fix is what they wait for). If
   *   its For kind changed, it gets a new controller (the old queue's keys name other objects);
   * - one `removed` stops; its failures are forgotten;
   * - CRDs changed: they are applied again (awaited until Established); the reconcilers whose
   *   For or Owns kind a changed CRD defines have their For objects requeued;
   * - inputs changed: they are applied again; what that changes reaches the reconcilers through
   *   their watches as any other change does.
   *
   * Nothing else is requeued. Returns how many For objects of each reconciler were queued.
   */
  async reload(project: RuntimeProject, changes: RuntimeChanges): Promise<Record<string, number>> {
    const before = this.#project;
    this.#project = project;
    this.#indexCrds();
    this.#libraries = new LibrarySet(project.libraries);
    const requeued: Record<string, number> = {};
    const forget = (name: string) => {
      for (const [key, f] of this.#failures) if (f.reconciler === name) this.#failures.delete(key);
    };
    for (const name of changes.reconcilers.removed) {
      const c = this.#controllers.get(name);
      if (!c) continue;
      c.dispose();
      this.#controllers.delete(name);
      forget(name);
    }
    if (changes.crds) await applyCrds(this.api, project);
    const crdKinds = changes.crds ? changedCrdKinds(before, project) : new Set<string>();
    const changed = new Set(changes.reconcilers.changed);
    for (const spec of project.reconcilers) {
      const old = this.#controllers.get(spec.name);
      if (!old) {
        requeued[spec.name] = (await this.#startController(spec)).forKeys().length;
      } else if (changed.has(spec.name)) {
        forget(spec.name);
        if (gvkKey(old.spec.for) === gvkKey(spec.for)) {
          requeued[spec.name] = old.update(await this.#controllerOptions(spec));
        } else {
          old.dispose();
          const next = await this.#startController(spec);
          Object.assign(next.stats, old.stats);
          requeued[spec.name] = next.forKeys().length;
        }
      } else if ([spec.for, ...spec.owns].some((g) => crdKinds.has(gvkKey(g)))) {
        requeued[spec.name] = old.requeueWhere(() => true, 'CRD changed');
      }
    }
    if (changes.inputs)
      for (const written of await applyInputs(this.api, project)) await this.expectWrite(written);
    await this.whenSynced();
    this.#scheduleCheck();
    return requeued;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const c of this.#controllers.values()) c.dispose();
    this.#controllers.clear();
    for (const w of this.#watches.values())
      void w.then(
        (x) => x.dispose(),
        () => undefined,
      );
    this.#watches.clear();
    this.events.dispose();
    for (const resolve of this.#quiescentWaiters.splice(0)) resolve();
  }
}

/** The group/version/kind keys of the CRDs that differ between two project versions. */
function changedCrdKinds(before: RuntimeProject, after: RuntimeProject): Set<string> {
  const byName = (p: RuntimeProject) =>
    new Map(
      p.crds.map((c) => [
        String((c.object as { metadata?: { name?: string } }).metadata?.name),
        c.object,
      ]),
    );
  const old = byName(before);
  const now = byName(after);
  const out = new Set<string>();
  for (const name of new Set([...old.keys(), ...now.keys()])) {
    const a = old.get(name);
    const b = now.get(name);
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    for (const crd of [a, b]) {
      const spec = (crd as { spec?: CrdSpec } | undefined)?.spec;
      if (!spec?.group || !spec.names?.kind) continue;
      for (const v of spec.versions ?? [])
        out.add(gvkKey({ group: spec.group, version: v.name, kind: spec.names.kind }));
    }
  }
  return out;
}

/** `group/version/kind` of every project CRD version with a status subresource. */
export function statusSubresourceKinds(project: RuntimeProject): Set<string> {
  const out = new Set<string>();
  for (const crd of project.crds) {
    const spec = (crd.object as { spec?: CrdSpec }).spec;
    if (!spec?.group || !spec.names?.kind) continue;
    for (const v of spec.versions ?? [])
      if (v.subresources?.status !== undefined)
        out.add(gvkKey({ group: spec.group, version: v.name, kind: spec.names.kind }));
  }
  return out;
}

interface CrdSpec {
  group?: string;
  names?: { kind?: string };
  versions?: { name: string; subresources?: { status?: unknown } }[];
}
