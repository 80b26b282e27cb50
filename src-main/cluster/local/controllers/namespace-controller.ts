import type { RevisionLog, StoreEvent } from '../storage/revision-log';
import type { KubeObject } from '../api/objects';
import type { ObjectRegistry, Scope } from '../api/registry';
import { keyPrefix, type ResourceCatalog } from '../api/resource-types';
import { ApiError } from '../api/status';
import { storageTypeOf } from './object-keys';
import type { WorkQueue } from './work-queue';

const system = {
  dryRun: false,
  manager: 'namespace-controller',
  fieldValidation: 'Ignore' as const,
};
const namespacePrefix = '/core/namespaces/';

/**
 * Namespace deletion, as kube-controller-manager's namespace controller does it: once a namespace
 * is terminating, delete everything in it, wait until it is gone (objects with finalizers linger),
 * then drop the `kubernetes` finalizer and remove the namespace.
 */
export class NamespaceController {
  private readonly unsubscribe: () => void;

  constructor(
    private readonly log: RevisionLog,
    private readonly registry: ObjectRegistry,
    private readonly catalog: ResourceCatalog,
    private readonly queue: WorkQueue,
  ) {
    for (const stored of log.range(namespacePrefix)) {
      if (stored.value.includes('"deletionTimestamp"'))
        this.enqueue(stored.key.slice(namespacePrefix.length));
    }
    this.unsubscribe = log.subscribe((event) => this.onEvent(event));
  }

  dispose(): void {
    this.unsubscribe();
  }

  private onEvent(event: StoreEvent): void {
    if (event.key.startsWith(namespacePrefix)) {
      if (event.type !== 'DELETED' && event.value.includes('"deletionTimestamp"')) {
        this.enqueue(event.key.slice(namespacePrefix.length));
      }
      return;
    }
    if (event.type !== 'DELETED') return;
    const parts = event.key.split('/');
    if (parts.length !== 5) return; // cluster-scoped
    const ns = parts[3]!;
    const stored = this.log.get(namespacePrefix + ns);
    if (stored?.value.includes('"deletionTimestamp"')) this.enqueue(ns);
  }

  private enqueue(name: string): void {
    this.queue.add(`namespace/${name}`, () => this.reconcile(name));
  }

  private reconcile(name: string): void {
    const nsScope: Scope = { type: this.registry.namespaceType };
    const stored = this.registry.getStored(nsScope, name);
    if (!stored) return;
    const namespace = JSON.parse(stored.value) as KubeObject;
    if (!namespace.metadata.deletionTimestamp) return;
    let remaining = 0;
    const seen = new Set<string>();
    for (const t of this.catalog.all()) {
      if (!t.namespaced || seen.has(`${t.group}/${t.resource}`)) continue;
      seen.add(`${t.group}/${t.resource}`);
      const type = storageTypeOf(this.catalog, t.group, t.resource)!;
      for (const item of this.log.range(keyPrefix(type, name))) {
        remaining++;
        const object = JSON.parse(item.value) as KubeObject;
        if (object.metadata.deletionTimestamp) continue;
        try {
          this.registry.delete({ type, namespace: name }, object.metadata.name!, {
            dryRun: false,
            propagationPolicy: 'Background',
          });
        } catch (err) {
          if (!(err instanceof ApiError && err.code === 404)) throw err;
        }
      }
    }
    if (remaining > 0 && this.contentLeft(name)) return;
    const spec = (namespace.spec ?? {}) as { finalizers?: string[] };
    let current = namespace;
    if (spec.finalizers?.includes('kubernetes')) {
      const finalizers = spec.finalizers.filter((f) => f !== 'kubernetes');
      const result = this.registry.systemUpdate(
        nsScope,
        namespace,
        { ...namespace, spec: { ...spec, finalizers } },
        system,
      );
      current = result.object;
    }
    if (
      (current.metadata.finalizers ?? []).length === 0 &&
      ((current.spec as typeof spec)?.finalizers ?? []).length === 0
    ) {
      this.registry.purge(nsScope, name);
    }
  }

  private contentLeft(name: string): boolean {
    const seen = new Set<string>();
    for (const t of this.catalog.all()) {
      if (!t.namespaced || seen.has(`${t.group}/${t.resource}`)) continue;
      seen.add(`${t.group}/${t.resource}`);
      if (this.log.range(keyPrefix(t, name), { limit: 1 }).length > 0) return true;
    }
    return false;
  }
}
