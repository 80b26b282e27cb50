import type { KubeConfig } from '@kubernetes/client-node';
import type { KindInfo, KubeObject } from '../contract';
import { objectListWatch, type Collection } from './collections';
import { discoverKinds } from './discovery';
import { Emitter } from './emitter';
import { KubeHttp, type KubeTransport } from './http';
import { Informer, type ListWatch } from './informer';
import { ObjectOperations } from './objects';

export interface ConnectionEvents {
  /** Discovery ran again (a CustomResourceDefinition changed) and the kinds differ. */
  kinds: (kinds: KindInfo[]) => void;
}

/** A shared informer handed out by `ClusterConnection.informer`; release it when done. */
export interface InformerLease<T> {
  informer: Informer<T>;
  release(): void;
}

const crds: Collection = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  resource: 'customresourcedefinitions',
  kind: 'CustomResourceDefinition',
};

/**
 * Everything Starling does with one context's cluster: HTTP with its credentials, the server
 * version, discovery (refreshed when CRDs change), shared informers (one per collection and
 * format, reference-counted) and single-object operations. Disposing it stops every watch.
 */
export class ClusterConnection extends Emitter<ConnectionEvents> {
  readonly context: string;
  readonly http: KubeHttp;
  readonly objects: ObjectOperations;
  readonly #informers = new Map<string, { informer: Informer<unknown>; leases: number }>();
  #kinds: Promise<KindInfo[]> | undefined;
  #crdWatch: InformerLease<KubeObject> | undefined;
  #rediscoverTimer: NodeJS.Timeout | undefined;
  #disposed = false;

  /** `source`: the context's KubeConfig (HTTPS), or a transport (the in-process local cluster). */
  constructor(context: string, source: KubeConfig | KubeTransport) {
    super();
    this.context = context;
    this.http = new KubeHttp(source, context);
    this.objects = new ObjectOperations(this.http, () => this.kinds());
  }

  /** The server's `gitVersion` (`v1.33.2`); fails fast when the server is unreachable. */
  async serverVersion(): Promise<string> {
    const v = await this.http.request<{ gitVersion?: string }>({
      path: '/version',
      timeoutMs: 8_000,
    });
    return v.gitVersion ?? 'unknown';
  }

  /** The kinds the server serves, discovered once and again whenever CRDs change. */
  kinds(): Promise<KindInfo[]> {
    if (!this.#kinds) {
      const attempt = this.#discover();
      this.#kinds = attempt;
      attempt.catch(() => {
        if (this.#kinds === attempt) this.#kinds = undefined; // try again next time
      });
    }
    return this.#kinds;
  }

  /**
   * Keeps the kinds current: watches CustomResourceDefinitions and re-runs discovery (debounced)
   * when one changes. Returns the function that stops listening; the CRD watch stops with the
   * last listener.
   */
  watchKinds(listener: (kinds: KindInfo[]) => void): () => void {
    const off = this.on('kinds', listener);
    if (!this.#crdWatch) {
      this.#crdWatch = this.informer(crds, 'objects', () => objectListWatch(this.http, crds));
      const informer = this.#crdWatch.informer;
      // Also on the first list: a CRD may have appeared since the kinds were discovered.
      informer.on('reset', () => this.#scheduleRediscovery());
      informer.on('added', () => this.#scheduleRediscovery());
      informer.on('modified', () => this.#scheduleRediscovery());
      informer.on('deleted', () => this.#scheduleRediscovery());
    }
    return () => {
      off();
      if (this.listenerCount('kinds') === 0 && this.#crdWatch) {
        this.#crdWatch.release();
        this.#crdWatch = undefined;
      }
    };
  }

  /**
   * A shared informer for a collection (all namespaces when `namespace` is ''), created and
   * started by the first lease and disposed when the last lease is released. `format` tells
   * apart informers of the same collection that hold different things (objects, table rows).
   */
  informer<T>(c: Collection, format: string, source: () => ListWatch<T>): InformerLease<T> {
    const key = `${format} ${c.group}/${c.version}/${c.resource} ${c.namespace ?? ''}`;
    let entry = this.#informers.get(key);
    if (!entry) {
      entry = { informer: new Informer<T>(source()) as Informer<unknown>, leases: 0 };
      this.#informers.set(key, entry);
      entry.informer.start();
    }
    const held = entry;
    held.leases++;
    let released = false;
    return {
      informer: held.informer as Informer<T>,
      release: () => {
        if (released) return;
        released = true;
        held.leases--;
        if (held.leases === 0 && this.#informers.get(key) === held) {
          this.#informers.delete(key);
          held.informer.dispose();
        }
      },
    };
  }

  /** How many informers are running (for tests and diagnostics). */
  get informerCount(): number {
    return this.#informers.size;
  }

  async #discover(): Promise<KindInfo[]> {
    const list = await this.http
      .request<{ items?: KubeObject[] }>({
        path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
        accept: 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json',
        timeoutMs: 15_000,
      })
      .catch(() => ({ items: [] as KubeObject[] }));
    const custom = new Set((list.items ?? []).map((c) => c.metadata?.name ?? ''));
    return discoverKinds(this.http, custom);
  }

  #scheduleRediscovery(): void {
    clearTimeout(this.#rediscoverTimer);
    this.#rediscoverTimer = setTimeout(() => {
      if (this.#disposed) return;
      const previous = this.#kinds;
      const next = this.#discover();
      next.then(
        async (kinds) => {
          if (this.#disposed) return;
          const before = previous ? await previous.catch(() => []) : [];
          this.#kinds = Promise.resolve(kinds);
          if (JSON.stringify(before) !== JSON.stringify(kinds)) this.emit('kinds', kinds);
        },
        () => undefined, // the next CRD change or request tries again
      );
    }, 300);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    clearTimeout(this.#rediscoverTimer);
    for (const { informer } of this.#informers.values()) informer.dispose();
    this.#informers.clear();
    this.removeAllListeners();
    this.http.dispose();
  }
}
