/**
 * The runtime's Kubernetes calls on one cluster: kinds resolved by discovery (again when a kind
 * is unknown, e.g. right after its CRD was applied), get/list/apply/delete with the errors naming
 * cluster/kind/namespace/name, every call reported with its duration and status, and an
 * optional server-side dry run (`dryRun=All`) for every write.
 */
import type { KindInfo, KubeObject } from '../../contract';
import type { ClientCallSummary } from '../../contract/runtime';
import { ClusterError } from '../../cluster/errors';
import { collectionPath, type Collection } from '../../cluster/collections';
import type { ClusterConnection } from '../../cluster/connection';
import { discoverKinds } from '../../cluster/discovery';
import type { JsonObject } from './values';

export interface Gvk {
  group: string;
  version: string;
  kind: string;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function apiVersionOf(gvk: { group: string; version: string }): string {
  return gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
}

export function gvkKey(gvk: Gvk): string {
  return `${gvk.group}/${gvk.version}/${gvk.kind}`;
}

export function objectGvk(obj: JsonObject, what: string): Gvk {
  const apiVersion = obj.apiVersion;
  const kind = obj.kind;
  if (typeof apiVersion !== 'string' || !apiVersion || typeof kind !== 'string' || !kind)
    throw new Error(`${what}: the object has no apiVersion and kind`);
  return { ...splitApiVersion(apiVersion), kind };
}

/** What an API call is about, and whether it was a write (dry-run-able). */
export interface CallInfo {
  builtin: string;
}

export type CallListener = (call: ClientCallSummary) => void;

export interface ApplyOptions {
  manager: string;
  subresource?: 'status';
  force?: boolean;
  dryRun?: boolean;
}

export class KubeApi {
  readonly connection: ClusterConnection;
  #kinds = new Map<string, KindInfo>();
  #discovering: Promise<void> | undefined;
  #discoveredAt = 0;

  constructor(connection: ClusterConnection) {
    this.connection = connection;
  }

  get cluster(): string {
    return this.connection.context;
  }

  /**
   * The kind's discovery record; discovers again when it is unknown — at most every 250 ms, so a
   * call within that window of the last discovery waits for the next one rather than failing on
   * an answer older than the call (a kind served a moment ago, e.g. right after its CRD).
   */
  async kind(gvk: Gvk): Promise<KindInfo> {
    const key = gvkKey(gvk);
    let info = this.#kinds.get(key);
    if (info) return info;
    await this.rediscover(false);
    info = this.#kinds.get(key);
    if (info) return info;
    throw new ClusterError(
      `cluster "${this.cluster}": the server does not serve kind ${gvk.kind} in ${apiVersionOf(gvk)}`,
      { cluster: this.cluster, kind: gvk.kind },
      {
        name: 'KubernetesApiError',
        code: 404,
        reason: 'NotFound',
        hint: 'apply its CustomResourceDefinition (the project crds/ folder) and wait until it is Established',
      },
    );
  }

  /** Discovers the served kinds again (`force`: even when done a moment ago). */
  async rediscover(force: boolean): Promise<void> {
    // A forced discovery must see the server as it is now, not an answer already on its way.
    if (this.#discovering && force) await this.#discovering.catch(() => undefined);
    if (!force) {
      const wait = this.#discoveredAt + 250 - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    if (this.#discovering) return this.#discovering;
    this.#discovering = (async () => {
      try {
        const kinds = await discoverKinds(this.connection.http, new Set());
        const next = new Map<string, KindInfo>();
        for (const k of kinds) next.set(gvkKey(k), k);
        // discovery lists each kind once, in its preferred version: keep other versions known
        for (const [key, k] of this.#kinds) if (!next.has(key)) next.set(key, k);
        this.#kinds = next;
        this.#discoveredAt = Date.now();
      } finally {
        this.#discovering = undefined;
      }
    })();
    return this.#discovering;
  }

  /** Whether the last discovery listed the kind in this version. */
  knows(gvk: Gvk): boolean {
    return this.#kinds.has(gvkKey(gvk));
  }

  /** Tells the API a kind exists in a version discovery may not list (another served version). */
  learn(gvk: Gvk, like: KindInfo): void {
    this.#kinds.set(gvkKey(gvk), { ...like, version: gvk.version });
  }

  async collection(gvk: Gvk, namespace?: string): Promise<Collection & { namespaced: boolean }> {
    const info = await this.kind(gvk);
    return {
      group: gvk.group,
      version: gvk.version,
      resource: info.resource,
      kind: gvk.kind,
      namespace: info.namespaced ? (namespace ?? '') : '',
      namespaced: info.namespaced,
    };
  }

  async get(
    gvk: Gvk,
    namespace: string | undefined,
    name: string,
    call: CallInfo,
    listener?: CallListener,
  ): Promise<KubeObject | undefined> {
    const c = await this.collection(gvk, namespace);
    try {
      return await this.#timed('get', c, name, call, listener, () =>
        this.connection.http.request<KubeObject>({
          path: collectionPath(c, name),
          target: target(c, name),
        }),
      );
    } catch (err) {
      if (err instanceof ClusterError && err.code === 404) return undefined;
      throw err;
    }
  }

  /** Lists a kind in one namespace ('' or absent: all namespaces). */
  async list(
    gvk: Gvk,
    namespace: string | undefined,
    call: CallInfo,
    listener?: CallListener,
  ): Promise<{ items: KubeObject[]; resourceVersion: string }> {
    const c = await this.collection(gvk, namespace);
    return this.#timed('list', c, undefined, call, listener, async () => {
      const items: KubeObject[] = [];
      let resourceVersion = '';
      let continueToken: string | undefined;
      do {
        const page = await this.connection.http.request<{
          items?: KubeObject[];
          metadata?: { resourceVersion?: string; continue?: string };
        }>({
          path: collectionPath(c),
          query: { limit: 500, continue: continueToken },
          target: target(c),
        });
        for (const item of page.items ?? []) {
          item.apiVersion ??= apiVersionOf(gvk);
          item.kind ??= gvk.kind;
          items.push(item);
        }
        resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
        continueToken = page.metadata?.continue || undefined;
      } while (continueToken);
      return { items, resourceVersion };
    });
  }

  /** Server-side apply of `obj` (its apiVersion/kind/metadata.name say where). */
  async apply(
    obj: JsonObject,
    options: ApplyOptions,
    call: CallInfo,
    listener?: CallListener,
  ): Promise<KubeObject> {
    const gvk = objectGvk(obj, call.builtin);
    const metadata = (obj.metadata ?? {}) as { name?: string; namespace?: string };
    const name = metadata.name;
    if (!name)
      throw new ClusterError(
        `cluster "${this.cluster}": ${gvk.kind} without metadata.name cannot be applied`,
        { cluster: this.cluster, kind: gvk.kind },
        { name: 'KubernetesApiError', code: 422, reason: 'Invalid', hint: 'set metadata.name' },
      );
    const c = await this.collection(gvk, metadata.namespace);
    if (!c.namespaced && metadata.namespace) delete (obj.metadata as JsonObject).namespace;
    const path = collectionPath(c, name) + (options.subresource ? `/${options.subresource}` : '');
    return this.#timed(
      options.subresource ? 'apply-status' : 'apply',
      c,
      name,
      call,
      listener,
      () =>
        this.connection.http.request<KubeObject>({
          method: 'PATCH',
          path,
          query: {
            fieldManager: options.manager,
            force: options.force ?? true,
            dryRun: options.dryRun ? 'All' : undefined,
          },
          body: JSON.stringify(obj),
          contentType: 'application/apply-patch+yaml',
          target: target(c, name),
        }),
    );
  }

  /** Deletes an object; resolves with what the server answered (undefined: it was not there). */
  async delete(
    gvk: Gvk,
    namespace: string | undefined,
    name: string,
    options: { dryRun?: boolean; uid?: string },
    call: CallInfo,
    listener?: CallListener,
  ): Promise<KubeObject | undefined> {
    const c = await this.collection(gvk, namespace);
    try {
      return await this.#timed('delete', c, name, call, listener, () =>
        this.connection.http.request<KubeObject>({
          method: 'DELETE',
          path: collectionPath(c, name),
          query: { dryRun: options.dryRun ? 'All' : undefined },
          body: {
            kind: 'DeleteOptions',
            apiVersion: 'v1',
            propagationPolicy: 'Background',
            ...(options.uid ? { preconditions: { uid: options.uid } } : {}),
          },
          target: target(c, name),
        }),
      );
    } catch (err) {
      if (err instanceof ClusterError && err.code === 404) return undefined;
      throw err;
    }
  }

  async #timed<T>(
    verb: string,
    c: Collection,
    name: string | undefined,
    call: CallInfo,
    listener: CallListener | undefined,
    run: () => Promise<T>,
  ): Promise<T> {
    if (!listener) return run();
    const started = performance.now();
    const summary: ClientCallSummary = {
      builtin: call.builtin,
      verb,
      kind: c.kind,
      status: 200,
      durationMs: 0,
    };
    if (c.namespace) summary.namespace = c.namespace;
    if (name) summary.name = name;
    try {
      const result = await run();
      if (verb === 'apply' && result === undefined) summary.status = 201;
      return result;
    } catch (err) {
      summary.status = err instanceof ClusterError ? (err.code ?? 0) : 0;
      summary.error = err instanceof Error ? err.message : String(err);
      throw err;
    } finally {
      summary.durationMs = Math.round((performance.now() - started) * 100) / 100;
      listener(summary);
    }
  }
}

function target(c: Collection, name?: string): { kind: string; namespace?: string; name?: string } {
  return {
    kind: c.kind,
    ...(c.namespace ? { namespace: c.namespace } : {}),
    ...(name ? { name } : {}),
  };
}
