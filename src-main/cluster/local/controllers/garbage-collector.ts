import type { RevisionLog, StoreEvent } from '../storage/revision-log';
import type { KubeObject, OwnerReference } from '../api/objects';
import { foregroundFinalizer, orphanFinalizer, type ObjectRegistry } from '../api/registry';
import { objectKey, type ResourceCatalog } from '../api/resource-types';
import { ApiError } from '../api/status';
import { scopeOfKey } from './object-keys';
import type { WorkQueue } from './work-queue';

const system = {
  dryRun: false,
  manager: 'generic-garbage-collector',
  fieldValidation: 'Ignore' as const,
};

/**
 * Owner-reference garbage collection, as kube-controller-manager's garbage collector does it:
 * a dependent whose owners are all gone is deleted (background), dangling references beside a
 * live owner are removed, an owner deleted in the foreground waits for its blocking dependents,
 * and an orphaning delete strips the references from the dependents first.
 */
export class GarbageCollector {
  /** owner uid → keys of objects that name it in ownerReferences. */
  private readonly dependents = new Map<string, Set<string>>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly log: RevisionLog,
    private readonly registry: ObjectRegistry,
    private readonly catalog: ResourceCatalog,
    private readonly queue: WorkQueue,
  ) {
    for (const stored of log.scan('/')) {
      if (
        !stored.value.includes('"ownerReferences"') &&
        !stored.value.includes('"deletionTimestamp"')
      )
        continue;
      const object = JSON.parse(stored.value) as KubeObject;
      this.index(stored.key, object, true);
      if (object.metadata.ownerReferences?.length) this.enqueueDependent(stored.key);
      if (object.metadata.deletionTimestamp) this.enqueueOwner(stored.key);
    }
    this.unsubscribe = log.subscribe((event) => this.onEvent(event));
  }

  dispose(): void {
    this.unsubscribe();
  }

  private index(key: string, object: KubeObject, add: boolean): void {
    for (const ref of object.metadata.ownerReferences ?? []) {
      let set = this.dependents.get(ref.uid);
      if (add) {
        if (!set) this.dependents.set(ref.uid, (set = new Set()));
        set.add(key);
      } else {
        set?.delete(key);
        if (set?.size === 0) this.dependents.delete(ref.uid);
      }
    }
  }

  private onEvent(event: StoreEvent): void {
    const hasOwners = event.value.includes('"ownerReferences"');
    const hadOwners = event.prev?.includes('"ownerReferences"') ?? false;
    if (hadOwners) this.index(event.key, JSON.parse(event.prev!) as KubeObject, false);
    if (event.type === 'DELETED') {
      const object = JSON.parse(event.value) as KubeObject;
      for (const key of this.dependents.get(object.metadata.uid ?? '') ?? [])
        this.enqueueDependent(key);
      for (const ref of object.metadata.ownerReferences ?? []) {
        const ownerKey = this.ownerKey(ref, object.metadata.namespace);
        if (ownerKey) this.enqueueOwner(ownerKey);
      }
      return;
    }
    if (hasOwners) {
      this.index(event.key, JSON.parse(event.value) as KubeObject, true);
      this.enqueueDependent(event.key);
    }
    if (
      event.value.includes(`"${foregroundFinalizer}"`) ||
      event.value.includes(`"${orphanFinalizer}"`)
    ) {
      this.enqueueOwner(event.key);
    }
  }

  private enqueueDependent(key: string): void {
    this.queue.add(`gc-dependent${key}`, () => this.attemptToDelete(key));
  }

  private enqueueOwner(key: string): void {
    this.queue.add(`gc-owner${key}`, () => this.processDeletingOwner(key));
  }

  private ownerKey(ref: OwnerReference, namespace: string | undefined): string | undefined {
    const type = this.catalog.findKind(ref.apiVersion, ref.kind);
    if (!type) return undefined;
    return objectKey(type, type.namespaced ? namespace : undefined, ref.name);
  }

  private lookUp(key: string): KubeObject | undefined {
    const stored = this.log.get(key);
    return stored ? (JSON.parse(stored.value) as KubeObject) : undefined;
  }

  private attemptToDelete(key: string): void {
    const object = this.lookUp(key);
    const where = scopeOfKey(this.catalog, key);
    if (!object || !where || object.metadata.deletionTimestamp) return;
    const refs = object.metadata.ownerReferences ?? [];
    if (refs.length === 0) return;
    const solid: OwnerReference[] = [];
    const gone: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    for (const ref of refs) {
      const ownerKey = this.ownerKey(ref, object.metadata.namespace);
      if (!ownerKey) {
        solid.push(ref); // an owner of a kind we don't serve: never collect on its account
        continue;
      }
      const owner = this.lookUp(ownerKey);
      if (!owner || owner.metadata.uid !== ref.uid) gone.push(ref);
      else if (
        owner.metadata.deletionTimestamp &&
        owner.metadata.finalizers?.includes(foregroundFinalizer)
      )
        waiting.push(ref);
      else solid.push(ref);
    }
    if (solid.length > 0) {
      if (gone.length + waiting.length === 0) return;
      const keep = new Set(solid.map((r) => r.uid));
      const ownerReferences = refs.filter((r) => keep.has(r.uid));
      this.registry.systemUpdate(
        where.scope,
        object,
        { ...object, metadata: { ...object.metadata, ownerReferences } },
        system,
      );
      return;
    }
    const blocking = waiting.some((r) => r.blockOwnerDeletion === true);
    this.deleteQuietly(where.scope, where.name, blocking ? 'Foreground' : 'Background');
  }

  private processDeletingOwner(key: string): void {
    const owner = this.lookUp(key);
    const where = scopeOfKey(this.catalog, key);
    if (!owner || !where || !owner.metadata.deletionTimestamp) return;
    const finalizers = owner.metadata.finalizers ?? [];
    const uid = owner.metadata.uid!;
    const dependents = [...(this.dependents.get(uid) ?? [])]
      .map((k) => ({ key: k, object: this.lookUp(k) }))
      .filter((d): d is { key: string; object: KubeObject } => d.object !== undefined);
    if (finalizers.includes(orphanFinalizer)) {
      for (const d of dependents) {
        const dw = scopeOfKey(this.catalog, d.key);
        if (!dw) continue;
        const ownerReferences = (d.object.metadata.ownerReferences ?? []).filter(
          (r) => r.uid !== uid,
        );
        const metadata: KubeObject['metadata'] = { ...d.object.metadata, ownerReferences };
        if (ownerReferences.length === 0) delete metadata.ownerReferences;
        this.registry.systemUpdate(dw.scope, d.object, { ...d.object, metadata }, system);
      }
      this.removeFinalizer(key, orphanFinalizer);
      return;
    }
    if (!finalizers.includes(foregroundFinalizer)) return;
    let blocking = 0;
    for (const d of dependents) {
      const ref = d.object.metadata.ownerReferences?.find((r) => r.uid === uid);
      if (!ref) continue;
      if (ref.blockOwnerDeletion === true) blocking++;
      if (!d.object.metadata.deletionTimestamp) {
        const dw = scopeOfKey(this.catalog, d.key);
        if (dw)
          this.deleteQuietly(
            dw.scope,
            dw.name,
            ref.blockOwnerDeletion ? 'Foreground' : 'Background',
          );
      }
    }
    if (blocking === 0) this.removeFinalizer(key, foregroundFinalizer);
  }

  private removeFinalizer(key: string, finalizer: string): void {
    const object = this.lookUp(key);
    const where = scopeOfKey(this.catalog, key);
    if (!object || !where) return;
    const finalizers = (object.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    this.registry.systemUpdate(
      where.scope,
      object,
      { ...object, metadata: { ...object.metadata, finalizers } },
      system,
    );
  }

  private deleteQuietly(
    scope: Parameters<ObjectRegistry['delete']>[0],
    name: string,
    propagationPolicy: 'Foreground' | 'Background',
  ): void {
    try {
      this.registry.delete(scope, name, { dryRun: false, propagationPolicy });
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 404)) throw err;
    }
  }
}
