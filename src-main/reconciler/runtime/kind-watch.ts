/**
 * One watched kind on one cluster: a lease on the connection's shared informer for it (one
 * informer per kind per cluster, however many reconcilers watch it), the objects normalised
 * (list items of built-in kinds come without apiVersion/kind), and the runtime's own writes
 * awaiting their echo.
 *
 * An echo is the watch event for a write the runtime made. Until it arrives, the informers have
 * not seen the write and the handlers it triggers have not queued anything yet, so the system
 * is not quiescent even when every queue is empty. A write's echo has arrived when the cache
 * holds that object at the written resourceVersion or later, or the informer has moved past it.
 */
import type { KubeObject } from '../../contract';
import { objectListWatch, objectKey } from '../../cluster/collections';
import type { ClusterConnection, InformerLease } from '../../cluster/connection';
import type { Informer } from '../../cluster/informer';
import { compareResourceVersions } from '../../cluster/resource-version';
import { apiVersionOf, type Gvk, type KubeApi } from './kube-api';

export interface KindHandlers {
  added?(obj: KubeObject): void;
  modified?(obj: KubeObject, previous: KubeObject): void;
  deleted?(obj: KubeObject): void;
  /** The cache was rebuilt from a list (first sync, or after 410 Gone). */
  reset?(items: readonly KubeObject[]): void;
}

export class KindWatch {
  readonly gvk: Gvk;
  readonly namespaced: boolean;
  readonly #lease: InformerLease<KubeObject>;
  readonly #echoes = new Map<string, string>();
  readonly #handlers = new Set<KindHandlers>();
  readonly #offs: (() => void)[] = [];
  onSettle: () => void = () => {};

  static async open(api: KubeApi, connection: ClusterConnection, gvk: Gvk): Promise<KindWatch> {
    const c = await api.collection(gvk, '');
    return new KindWatch(connection, gvk, c.namespaced, {
      group: c.group,
      version: c.version,
      resource: c.resource,
      kind: c.kind,
    });
  }

  private constructor(
    connection: ClusterConnection,
    gvk: Gvk,
    namespaced: boolean,
    c: { group: string; version: string; resource: string; kind: string },
  ) {
    this.gvk = gvk;
    this.namespaced = namespaced;
    this.#lease = connection.informer(c, 'objects', () => objectListWatch(connection.http, c));
    const inf = this.#lease.informer;
    const apiVersion = apiVersionOf(gvk);
    const norm = (o: KubeObject) => {
      o.apiVersion ??= apiVersion;
      o.kind ??= gvk.kind;
      return o;
    };
    this.#offs.push(
      inf.on('reset', (items) => {
        for (const o of items) norm(o);
        for (const h of this.#handlers) h.reset?.(items);
        this.#checkAllEchoes();
      }),
      inf.on('added', (o) => {
        norm(o);
        for (const h of this.#handlers) h.added?.(o);
        this.#checkEcho(o);
      }),
      inf.on('modified', (o, prev) => {
        norm(o);
        for (const h of this.#handlers) h.modified?.(o, prev);
        this.#checkEcho(o);
      }),
      inf.on('deleted', (o) => {
        norm(o);
        for (const h of this.#handlers) h.deleted?.(o);
        this.#checkEcho(o);
      }),
    );
  }

  get informer(): Informer<KubeObject> {
    return this.#lease.informer;
  }

  /** Adds handlers; when the cache is already full they get it as a reset at once. */
  handle(handlers: KindHandlers): () => void {
    this.#handlers.add(handlers);
    if (this.informer.synced) handlers.reset?.(this.informer.items());
    return () => this.#handlers.delete(handlers);
  }

  get handlerCount(): number {
    return this.#handlers.size;
  }

  keyOf(namespace: string | undefined, name: string): string {
    return objectKey(this.namespaced ? namespace : undefined, name);
  }

  get(namespace: string | undefined, name: string): KubeObject | undefined {
    return this.informer.get(this.keyOf(namespace, name));
  }

  /** Records a write the runtime made (its result's resourceVersion) to await its echo. */
  expectEcho(
    namespace: string | undefined,
    name: string,
    resourceVersion: string | undefined,
  ): void {
    if (!resourceVersion) return;
    const key = this.keyOf(namespace, name);
    if (this.#echoed(key, resourceVersion)) return;
    const pending = this.#echoes.get(key);
    if (!pending || (compareResourceVersions(resourceVersion, pending) ?? 1) > 0)
      this.#echoes.set(key, resourceVersion);
  }

  /** Whether a write the runtime made to this object has not come back on the watch yet. */
  awaitingEcho(namespace: string | undefined, name: string): boolean {
    return this.#echoes.has(this.keyOf(namespace, name));
  }

  /** Writes whose watch events have not arrived yet. */
  get pendingEchoes(): number {
    return this.#echoes.size;
  }

  #echoed(key: string, rv: string): boolean {
    const inf = this.informer;
    const seen = compareResourceVersions(inf.resourceVersion, rv);
    if (seen === undefined || seen >= 0) return true;
    const cached = inf.get(key);
    const vs = cached ? compareResourceVersions(cached.metadata?.resourceVersion ?? '', rv) : -1;
    return vs === undefined || vs >= 0;
  }

  #checkEcho(o: KubeObject): void {
    if (this.#echoes.size === 0) return;
    const key = objectKey(o.metadata?.namespace, o.metadata?.name ?? '');
    const rv = this.#echoes.get(key);
    if (rv === undefined) return;
    const vs = compareResourceVersions(o.metadata?.resourceVersion ?? '', rv);
    if (vs === undefined || vs >= 0 || this.#echoed(key, rv)) {
      this.#echoes.delete(key);
      if (this.#echoes.size === 0) this.onSettle();
    }
  }

  #checkAllEchoes(): void {
    for (const [key, rv] of this.#echoes) if (this.#echoed(key, rv)) this.#echoes.delete(key);
    this.onSettle();
  }

  dispose(): void {
    for (const off of this.#offs) off();
    this.#handlers.clear();
    this.#echoes.clear();
    this.#lease.release();
  }
}
