import YAML from 'yaml';
import type {
  ApplyOptions,
  ApplyPreview,
  KindInfo,
  KubeObject,
  ObjectCondition,
  ObjectDocument,
  ObjectEvent,
  ObjectLink,
  ObjectRef,
  ObjectRelations,
} from '../contract';
import { ClusterError } from './errors';
import { collectionPath, type Collection } from './collections';
import type { KubeHttp } from './http';

/** The field manager Starling's edits are recorded under. */
export const fieldManager = 'starling';

/**
 * Reading and changing single objects: get, server-side apply (dry run first), delete, and what
 * the detail view shows about an object (events, conditions, owners and children).
 */
export class ObjectOperations {
  readonly #http: KubeHttp;
  readonly #kinds: () => Promise<KindInfo[]>;

  constructor(http: KubeHttp, kinds: () => Promise<KindInfo[]>) {
    this.#http = http;
    this.#kinds = kinds;
  }

  async get(ref: ObjectRef): Promise<ObjectDocument> {
    const kind = await this.#kindOf(ref);
    const object = await this.#http.request<KubeObject>({
      path: collectionPath({ ...ref, kind: kind.kind }, ref.name),
      target: this.#target(ref, kind),
    });
    return this.#document(ref, kind, object);
  }

  /** A dry-run server-side apply: the live object and what it would become. */
  async previewApply(ref: ObjectRef, yaml: string, options: ApplyOptions): Promise<ApplyPreview> {
    const kind = await this.#kindOf(ref);
    const edited = parseEditedYaml(yaml, ref, kind);
    const live = await this.#http.request<KubeObject>({
      path: collectionPath({ ...ref, kind: kind.kind }, ref.name),
      target: this.#target(ref, kind),
    });
    const before = toYaml(forDiff(live));
    try {
      const result = await this.#apply(ref, kind, edited, options, true);
      const after = toYaml(forDiff(result));
      return { before, after, changed: before !== after, conflicts: [] };
    } catch (err) {
      if (!(err instanceof ClusterError && err.code === 409 && err.details?.length)) throw err;
      // Other managers own fields this edit changes: show what taking them over would do.
      const forced = await this.#apply(ref, kind, edited, { force: true }, true);
      const after = toYaml(forDiff(forced));
      return { before, after, changed: before !== after, conflicts: err.details };
    }
  }

  async apply(ref: ObjectRef, yaml: string, options: ApplyOptions): Promise<ObjectDocument> {
    const kind = await this.#kindOf(ref);
    const edited = parseEditedYaml(yaml, ref, kind);
    const result = await this.#apply(ref, kind, edited, options, false);
    return this.#document(ref, kind, result);
  }

  async delete(ref: ObjectRef): Promise<void> {
    const kind = await this.#kindOf(ref);
    await this.#http.request({
      method: 'DELETE',
      path: collectionPath({ ...ref, kind: kind.kind }, ref.name),
      body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' },
      target: this.#target(ref, kind),
    });
  }

  async events(ref: ObjectRef): Promise<ObjectEvent[]> {
    const kind = await this.#kindOf(ref);
    const selector = [
      `involvedObject.name=${ref.name}`,
      `involvedObject.kind=${kind.kind}`,
      ...(ref.namespace ? [`involvedObject.namespace=${ref.namespace}`] : []),
    ].join(',');
    const events: Collection = {
      group: '',
      version: 'v1',
      resource: 'events',
      kind: 'Event',
      namespace: ref.namespace ?? '',
    };
    interface RawEvent {
      type?: string;
      reason?: string;
      message?: string;
      count?: number;
      source?: { component?: string };
      reportingComponent?: string;
      firstTimestamp?: string;
      lastTimestamp?: string;
      eventTime?: string;
      metadata?: { creationTimestamp?: string };
      involvedObject?: { name?: string; kind?: string };
    }
    let items: RawEvent[];
    try {
      const list = await this.#http.request<{ items?: RawEvent[] }>({
        path: collectionPath(events),
        query: { fieldSelector: selector },
        target: { kind: 'Event', ...(ref.namespace ? { namespace: ref.namespace } : {}) },
      });
      items = list.items ?? [];
    } catch (err) {
      // A server that does not support this field selector: filter here instead.
      if (!(err instanceof ClusterError) || err.code !== 400) throw err;
      const list = await this.#http.request<{ items?: RawEvent[] }>({
        path: collectionPath(events),
      });
      items = list.items ?? [];
    }
    return items
      .filter((e) => e.involvedObject?.name === ref.name && e.involvedObject?.kind === kind.kind)
      .map((e) => {
        const first = e.firstTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? '';
        return {
          type: e.type ?? 'Normal',
          reason: e.reason ?? '',
          message: e.message ?? '',
          count: e.count ?? 1,
          source: e.source?.component ?? e.reportingComponent ?? '',
          firstSeen: first,
          lastSeen: e.lastTimestamp ?? e.eventTime ?? first,
        };
      })
      .sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
  }

  async conditions(ref: ObjectRef): Promise<ObjectCondition[]> {
    const { object } = await this.get(ref);
    return conditionsOf(object);
  }

  /**
   * Owners from the object's ownerReferences; children by listing the metadata of every kind
   * that could hold them (the object's namespace for a namespaced object, everything for a
   * cluster-scoped one) and keeping those that name this object's uid.
   */
  async relations(ref: ObjectRef): Promise<ObjectRelations> {
    const [{ object }, kinds] = await Promise.all([this.get(ref), this.#kinds()]);
    const uid = object.metadata?.uid ?? '';
    const namespace = object.metadata?.namespace ?? '';
    const owners = (object.metadata?.ownerReferences ?? []).flatMap((o): ObjectLink[] => {
      const [group, version] = splitApiVersion(o.apiVersion);
      const k = kinds.find((x) => x.group === group && x.kind === o.kind);
      if (!k) return [];
      const ownerRef: ObjectRef = {
        context: ref.context,
        group,
        version: k.version ?? version,
        resource: k.resource,
        name: o.name,
      };
      if (k.namespaced) ownerRef.namespace = namespace;
      return [{ ref: ownerRef, kind: o.kind, uid: o.uid, controller: o.controller === true }];
    });
    const candidates = kinds.filter(
      (k) =>
        k.verbs.includes('list') && k.resource !== 'events' && (namespace ? k.namespaced : true),
    );
    const children: ObjectLink[] = [];
    await forEachLimited(candidates, 6, async (k) => {
      let list: { items?: KubeObject[] };
      try {
        list = await this.#http.request({
          path: collectionPath({ ...k, namespace }),
          accept:
            'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json',
          timeoutMs: 10_000,
        });
      } catch {
        return; // a kind we may not list (RBAC) or that failed hides only its own children
      }
      for (const item of list.items ?? []) {
        const owned = item.metadata?.ownerReferences?.find((o) => o.uid === uid);
        if (!owned || !item.metadata?.name) continue;
        const childRef: ObjectRef = {
          context: ref.context,
          group: k.group,
          version: k.version,
          resource: k.resource,
          name: item.metadata.name,
        };
        if (item.metadata.namespace) childRef.namespace = item.metadata.namespace;
        children.push({
          ref: childRef,
          kind: k.kind,
          uid: item.metadata.uid ?? '',
          controller: owned.controller === true,
        });
      }
    });
    children.sort((a, b) => a.kind.localeCompare(b.kind) || a.ref.name.localeCompare(b.ref.name));
    return { owners, children };
  }

  async #apply(
    ref: ObjectRef,
    kind: KindInfo,
    edited: KubeObject,
    options: ApplyOptions,
    dryRun: boolean,
  ) {
    return this.#http.request<KubeObject>({
      method: 'PATCH',
      path: collectionPath({ ...ref, kind: kind.kind }, ref.name),
      query: { fieldManager, force: options.force, ...(dryRun ? { dryRun: 'All' } : {}) },
      body: JSON.stringify(edited),
      contentType: 'application/apply-patch+yaml',
      target: this.#target(ref, kind),
    });
  }

  async #kindOf(ref: ObjectRef): Promise<KindInfo> {
    const kinds = await this.#kinds();
    const kind = kinds.find((k) => k.group === ref.group && k.resource === ref.resource);
    if (!kind) {
      throw new ClusterError(
        `cluster "${ref.context}": the server does not serve ${ref.resource}${ref.group ? `.${ref.group}` : ''}`,
        { cluster: ref.context },
        {
          name: 'KubernetesApiError',
          code: 404,
          reason: 'NotFound',
          hint: 'the kind may have been removed (its CRD deleted); pick another kind',
        },
      );
    }
    return kind;
  }

  #target(ref: ObjectRef, kind: KindInfo) {
    return {
      kind: kind.kind,
      name: ref.name,
      ...(ref.namespace ? { namespace: ref.namespace } : {}),
    };
  }

  #document(ref: ObjectRef, kind: KindInfo, object: KubeObject): ObjectDocument {
    const shown = withoutManagedFields(object);
    return {
      ref,
      kind: kind.kind,
      apiVersion:
        object.apiVersion ?? (kind.group ? `${kind.group}/${kind.version}` : kind.version),
      yaml: toYaml(shown),
      object: shown,
    };
  }
}

/**
 * Parses the YAML a user edited. Errors give line:column; the object must still be the one being
 * edited (same kind, name and namespace), since applying it elsewhere would surprise.
 */
export function parseEditedYaml(yaml: string, ref: ObjectRef, kind: KindInfo): KubeObject {
  const doc = YAML.parseDocument(yaml, { prettyErrors: true });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    const where = pos ? `line ${pos.line}, column ${pos.col}` : 'the YAML';
    throw Object.assign(new Error(`${where}: ${first.message.split('\n')[0]}`), {
      name: 'YAMLError',
      target: {
        cluster: ref.context,
        kind: kind.kind,
        name: ref.name,
        ...(ref.namespace ? { namespace: ref.namespace } : {}),
      },
      hint: 'fix the YAML and try again; nothing was applied',
    });
  }
  const object = doc.toJS() as KubeObject | null;
  const fail = (message: string) =>
    Object.assign(new Error(message), {
      name: 'EditError',
      target: {
        cluster: ref.context,
        kind: kind.kind,
        name: ref.name,
        ...(ref.namespace ? { namespace: ref.namespace } : {}),
      },
      hint: 'an edit changes this object only; to create another, use kubectl or a project',
    });
  if (!object || typeof object !== 'object' || Array.isArray(object))
    throw fail('the YAML must be one object (a mapping)');
  if (object.kind !== kind.kind)
    throw fail(`the YAML is a ${String(object.kind)}, not a ${kind.kind}`);
  if (object.metadata?.name !== ref.name)
    throw fail(`the YAML names "${String(object.metadata?.name)}", not "${ref.name}"`);
  if (kind.namespaced && (object.metadata?.namespace ?? ref.namespace) !== ref.namespace) {
    throw fail(
      `the YAML is in namespace "${String(object.metadata?.namespace)}", not "${ref.namespace}"`,
    );
  }
  const meta = { ...object.metadata };
  delete meta['managedFields'];
  return { ...object, metadata: meta };
}

export function conditionsOf(object: KubeObject): ObjectCondition[] {
  const status = object['status'] as { conditions?: Record<string, unknown>[] } | undefined;
  return (status?.conditions ?? []).map((c) => {
    const condition: ObjectCondition = {
      type: String(c['type'] ?? ''),
      status: String(c['status'] ?? ''),
      reason: String(c['reason'] ?? ''),
      message: String(c['message'] ?? ''),
      lastTransitionTime: String(c['lastTransitionTime'] ?? ''),
    };
    if (typeof c['observedGeneration'] === 'number')
      condition.observedGeneration = c['observedGeneration'];
    return condition;
  });
}

function withoutManagedFields(object: KubeObject): KubeObject {
  if (!object.metadata?.['managedFields']) return object;
  const meta = { ...object.metadata };
  delete meta['managedFields'];
  return { ...object, metadata: meta };
}

/** What the diff compares: no managedFields, and no resourceVersion (a dry run may not bump it). */
function forDiff(object: KubeObject): KubeObject {
  const meta = { ...object.metadata };
  delete meta['managedFields'];
  delete meta['resourceVersion'];
  return { ...object, metadata: meta };
}

export function toYaml(object: KubeObject): string {
  return YAML.stringify(object, { lineWidth: 0, aliasDuplicateObjects: false });
}

function splitApiVersion(apiVersion: string): [string, string] {
  const i = apiVersion.indexOf('/');
  return i < 0 ? ['', apiVersion] : [apiVersion.slice(0, i), apiVersion.slice(i + 1)];
}

async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(workers);
}
