/**
 * One reconciler's controller: event handlers on its For, Owns and Watches kinds feed a work
 * queue; up to `concurrency` workers take keys and reconcile them, never the same key twice at
 * once. What a reconcile's outcome does to the queue follows client-go and Choreo:
 * done → forget (and requeueAfter when asked); a message → requeue after requeueAfter or with
 * backoff; an API error while writing → backoff; fatal or a Starlark error → dropped.
 */
import type { KubeObject } from '../../contract';
import type { KindHandlers, KindWatch } from './kind-watch';
import type { EventStream } from './events';
import { apiVersionOf, type Gvk } from './kube-api';
import { reconcile, type Reconcile, type ReconcileOutcome } from './reconcile';
import type { JoinMatcher, ObjectMatcher, RuntimeReconciler } from './types';
import { WorkQueue, type WorkQueueOptions } from './work-queue';

export interface ReconcilerStats {
  start: number;
  stop: number;
  requeue: number;
  error: number;
  /** Milliseconds spent in reconciles. */
  timeMs: number;
}

export interface ReconcileFailure {
  reconciler: string;
  object: string;
  message: string;
}

export interface ControllerOptions {
  spec: RuntimeReconciler;
  forWatch: KindWatch;
  ownWatches: KindWatch[];
  watchWatches: { watch: KindWatch; matches: ObjectMatcher; join: JoinMatcher }[];
  forMatches: ObjectMatcher;
  concurrency: number;
  queue?: WorkQueueOptions;
  events: EventStream;
  /** The reconcile of one key (the runtime binds the cluster, module and limits). */
  reconcileFor: (reconcileId: string) => Omit<Reconcile, 'reconciler'>;
  onFailure: (failure: ReconcileFailure) => void;
  onChange: () => void;
}

let reconcileCounter = 0;

export class Controller {
  readonly name: string;
  readonly queue: WorkQueue;
  readonly stats: ReconcilerStats = { start: 0, stop: 0, requeue: 0, error: 0, timeMs: 0 };
  #options: ControllerOptions;
  #active = 0;
  #offs: (() => void)[] = [];
  #disposed = false;
  /** The reason given to objects queued by a cache's reset (a list, or a reload). */
  #resetReason: string | undefined;

  constructor(options: ControllerOptions) {
    this.#options = options;
    this.name = options.spec.name;
    this.queue = new WorkQueue(options.queue);
    this.queue.onChange = () => {
      this.#pump();
      options.onChange();
    };
    this.#subscribe();
  }

  get spec(): RuntimeReconciler {
    return this.#options.spec;
  }

  get idle(): boolean {
    return this.queue.idle && this.#active === 0;
  }

  /**
   * Hot reload: runs the reconciler's new version from now on, keeping this controller's queue
   * (waiting keys, delayed requeues) and statistics. Reconciles in flight finish with the old
   * code. Every For object is requeued at once with its backoff reset — the new code is what it
   * waits for — and the watches are subscribed anew (the new config may watch other kinds).
   * Returns how many For objects it covers. The For kind must be the same.
   */
  update(options: ControllerOptions): number {
    for (const off of this.#offs) off();
    this.#offs = [];
    this.#options = options;
    const keys = options.forWatch.informer
      .items()
      .filter((obj) => options.forMatches(obj))
      .map(keyOf);
    for (const key of keys) this.queue.forget(key);
    this.#resetReason = 'reconciler reloaded';
    try {
      this.#subscribe();
    } finally {
      this.#resetReason = undefined;
    }
    this.#pump();
    return keys.length;
  }

  /** The For objects its selector matches, as keys. */
  forKeys(): string[] {
    return this.#options.forWatch.informer
      .items()
      .filter((obj) => this.#options.forMatches(obj))
      .map(keyOf);
  }

  /** Requeues the For objects (matching the For selector) for which `which` is true. */
  requeueWhere(which: (obj: KubeObject) => boolean, reason: string): number {
    let n = 0;
    for (const obj of this.#options.forWatch.informer.items())
      if (this.#options.forMatches(obj) && which(obj) && this.#add(keyOf(obj), reason)) n++;
    return n;
  }

  #add(key: string, reason: string): boolean {
    if (this.#disposed || this.queue.waiting(key)) return false;
    if (this.#options.events.listening)
      this.#options.events.emit({ type: 'queued', reconciler: this.name, object: key, reason });
    return this.queue.add(key);
  }

  #subscribe(): void {
    const o = this.#options;
    const forHandlers: KindHandlers = {
      added: (obj) => o.forMatches(obj) && this.#add(keyOf(obj), 'added'),
      modified: (obj) => o.forMatches(obj) && this.#add(keyOf(obj), 'modified'),
      deleted: (obj) => o.forMatches(obj) && this.#add(keyOf(obj), 'deleted'),
      reset: (items) => {
        const reason = this.#resetReason ?? 'listed';
        for (const obj of items) if (o.forMatches(obj)) this.#add(keyOf(obj), reason);
      },
    };
    this.#offs.push(o.forWatch.handle(forHandlers));
    const forApiVersion = apiVersionOf(o.spec.for);
    const ownerKey = (obj: KubeObject) => {
      for (const ref of obj.metadata?.ownerReferences ?? []) {
        if (ref.apiVersion !== forApiVersion || ref.kind !== o.spec.for.kind) continue;
        const ns = o.forWatch.namespaced ? obj.metadata?.namespace : undefined;
        this.#add(ns ? `${ns}/${ref.name}` : ref.name, `child ${obj.kind} ${keyOf(obj)} changed`);
      }
    };
    for (const w of o.ownWatches) {
      this.#offs.push(
        w.handle({
          added: ownerKey,
          modified: ownerKey,
          deleted: ownerKey,
          reset: (items) => {
            for (const obj of items) ownerKey(obj);
            // Children that vanished while the watch was down: their owners are requeued too.
            this.requeueWhere(() => true, this.#resetReason ?? `${w.gvk.kind} relisted`);
          },
        }),
      );
    }
    for (const { watch, matches, join } of o.watchWatches) {
      const related = (watched: KubeObject) => {
        if (!matches(watched)) return;
        this.requeueWhere(
          (f) => join(watched, f),
          `watched ${watched.kind} ${keyOf(watched)} changed`,
        );
      };
      this.#offs.push(
        watch.handle({
          added: related,
          modified: (obj, prev) => {
            related(obj);
            related(prev);
          },
          deleted: related,
          reset: () =>
            this.requeueWhere(() => true, this.#resetReason ?? `${watch.gvk.kind} relisted`),
        }),
      );
    }
  }

  #pump(): void {
    while (!this.#disposed && this.#active < this.#options.concurrency) {
      const key = this.queue.take();
      if (key === undefined) return;
      this.#active++;
      void this.#process(key).finally(() => {
        this.#active--;
        this.queue.done(key);
      });
    }
  }

  async #process(key: string): Promise<void> {
    const o = this.#options;
    const events = o.events;
    const reconcileId = `${this.name}#${++reconcileCounter}`;
    const base = { reconciler: this.name, object: key, reconcileId };
    const slash = key.indexOf('/');
    const [namespace, name] =
      slash < 0 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
    this.stats.start++;
    if (events.listening)
      events.emit({ type: 'started', ...base, attempt: this.queue.failures(key) + 1 });
    const started = performance.now();
    let outcome: ReconcileOutcome;
    try {
      outcome = await reconcile(
        { ...o.reconcileFor(reconcileId), reconciler: o.spec },
        namespace,
        name,
      );
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      outcome = { type: 'retry', message: `internal error: ${error.message}`, error };
    }
    const durationMs = Math.round((performance.now() - started) * 100) / 100;
    this.stats.timeMs += durationMs;
    if (this.#disposed) return;
    this.#settle(key, outcome, base);
    if (events.listening) {
      const result =
        outcome.type === 'done' ? 'success' : outcome.type === 'failed' ? 'error' : 'requeue';
      events.emit({ type: 'finished', ...base, outcome: result, durationMs });
    }
  }

  #settle(
    key: string,
    outcome: ReconcileOutcome,
    base: { reconciler: string; object: string; reconcileId: string },
  ) {
    const events = this.#options.events;
    const requeue = (afterMs: number, reason: string) => {
      this.stats.requeue++;
      if (events.listening) events.emit({ type: 'requeue', ...base, afterMs, reason });
    };
    switch (outcome.type) {
      case 'done':
        this.stats.stop++;
        this.queue.forget(key);
        if (outcome.requeueAfterMs) {
          this.queue.addAfter(key, outcome.requeueAfterMs);
          requeue(outcome.requeueAfterMs, 'requeueAfter');
        }
        return;
      case 'requeue':
        if (outcome.afterMs) {
          this.queue.forget(key);
          this.queue.addAfter(key, outcome.afterMs);
          requeue(outcome.afterMs, outcome.message);
        } else requeue(this.queue.addRateLimited(key), outcome.message);
        return;
      case 'retry':
        if (events.listening)
          events.emit({ type: 'error', ...base, error: errorShape(outcome.error), backtrace: [] });
        requeue(this.queue.addRateLimited(key), outcome.message);
        return;
      case 'failed':
        this.stats.error++;
        this.queue.forget(key);
        this.#options.onFailure({ reconciler: this.name, object: key, message: outcome.message });
        if (events.listening)
          events.emit({
            type: 'error',
            ...base,
            error: errorShape(outcome.error),
            backtrace: outcome.backtrace ?? [],
          });
    }
  }

  dispose(): void {
    this.#disposed = true;
    for (const off of this.#offs) off();
    this.#offs = [];
    this.queue.dispose();
  }
}

export function keyOf(obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  const name = obj.metadata?.name ?? '';
  return ns ? `${ns}/${name}` : name;
}

export function errorShape(err: Error): {
  name: string;
  message: string;
  code?: number;
  reason?: string;
  hint?: string;
  target?: { cluster: string; kind?: string; namespace?: string; name?: string };
} {
  const e = err as Error & {
    code?: number;
    reason?: string;
    hint?: string;
    target?: { cluster: string };
  };
  return {
    name: e.name,
    message: e.message,
    ...(typeof e.code === 'number' ? { code: e.code } : {}),
    ...(e.reason ? { reason: e.reason } : {}),
    ...(e.hint ? { hint: e.hint } : {}),
    ...(e.target ? { target: e.target } : {}),
  };
}

export type { Gvk };
