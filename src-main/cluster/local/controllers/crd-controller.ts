import type { RevisionLog, StoreEvent } from '../storage/revision-log';
import { crdCleanupFinalizer } from '../api/kinds';
import { deepEqual, isPlainObject, timestamp, type KubeObject } from '../api/objects';
import type { ObjectRegistry, Scope } from '../api/registry';
import {
  builtinTypes,
  keyPrefix,
  type PrinterColumn,
  type ResourceCatalog,
  type ResourceType,
} from '../api/resource-types';
import type { WorkQueue } from './work-queue';
import { crdVersionSchema, customResourceSchema, type JsonObject } from '../merge/index';

const crdType = builtinTypes.find((t) => t.resource === 'customresourcedefinitions')!;
const crdPrefix = keyPrefix(crdType);
const system = { dryRun: false, manager: 'kube-apiserver', fieldValidation: 'Ignore' as const };

/**
 * Serves what CustomResourceDefinitions define: registers their resources in the catalog, marks
 * them NamesAccepted and Established, and on deletion removes every custom object before letting
 * the definition go (the `customresourcecleanup` finalizer).
 */
export class CrdController {
  private readonly unsubscribe: () => void;
  /** Per CRD: the generation served and the revision from which objects follow its schema. */
  private readonly schemas = new Map<string, { generation: number; since: number }>();

  constructor(
    private readonly log: RevisionLog,
    private readonly registry: ObjectRegistry,
    private readonly catalog: ResourceCatalog,
    private readonly queue: WorkQueue,
  ) {
    for (const stored of log.range(crdPrefix)) {
      this.serve(JSON.parse(stored.value) as KubeObject, stored.rev);
    }
    this.unsubscribe = log.subscribe((event) => this.onEvent(event));
    for (const stored of log.range(crdPrefix)) this.enqueue(JSON.parse(stored.value) as KubeObject);
  }

  dispose(): void {
    this.unsubscribe();
  }

  private onEvent(event: StoreEvent): void {
    if (!event.key.startsWith(crdPrefix)) {
      if (event.type === 'DELETED') {
        const [, group, resource] = event.key.split('/');
        if (group && group !== 'core' && resource) this.objectDeleted(group, resource);
      }
      return;
    }
    const crd = JSON.parse(event.value) as KubeObject;
    if (event.type === 'DELETED') {
      this.schemas.delete(crd.metadata.name!);
      this.catalog.setDefinedBy(crd.metadata.name!, []);
      return;
    }
    this.serve(crd, event.rev);
    this.enqueue(crd);
  }

  private enqueue(crd: KubeObject): void {
    const name = crd.metadata.name!;
    this.queue.add(`crd/${name}`, () => this.reconcile(name));
  }

  /**
   * Serves what a CRD defines. Objects written before its schema last changed (a new
   * generation; on start-up, any revision before the CRD's) are pruned and defaulted when read.
   */
  private serve(crd: KubeObject, rev: number): void {
    const name = crd.metadata.name!;
    const generation = crd.metadata.generation ?? 0;
    let schema = this.schemas.get(name);
    if (!schema || schema.generation !== generation) {
      schema = { generation, since: rev };
      this.schemas.set(name, schema);
    }
    this.catalog.setDefinedBy(name, typesOf(crd, schema.since));
  }

  private reconcile(name: string): void {
    const scope: Scope = { type: crdType };
    const stored = this.registry.getStored(scope, name);
    if (!stored) return;
    const crd = JSON.parse(stored.value) as KubeObject;
    if (crd.metadata.deletionTimestamp) return this.cleanUp(crd);
    const spec = crd.spec as CrdSpec;
    const status = isPlainObject(crd.status) ? { ...crd.status } : {};
    const now = timestamp();
    const conditions = Array.isArray(status.conditions)
      ? [...(status.conditions as Condition[])]
      : [];
    setCondition(
      conditions,
      {
        type: 'NamesAccepted',
        status: 'True',
        reason: 'NoConflicts',
        message: 'no conflicts found',
      },
      now,
    );
    setCondition(
      conditions,
      {
        type: 'Established',
        status: 'True',
        reason: 'InitialNamesAccepted',
        message: 'the initial names have been accepted',
      },
      now,
    );
    const storage = spec.versions.find((v) => v.storage)?.name;
    const storedVersions = [
      ...new Set([...((status.storedVersions as string[]) ?? []), ...(storage ? [storage] : [])]),
    ];
    const next = {
      ...status,
      conditions,
      acceptedNames: acceptedNames(spec),
      storedVersions,
    };
    if (deepEqual(next, crd.status)) return;
    this.registry.systemUpdate(
      { type: crdType, subresource: 'status' },
      crd,
      { ...crd, status: next },
      system,
    );
  }

  private cleanUp(crd: KubeObject): void {
    if (!crd.metadata.finalizers?.includes(crdCleanupFinalizer)) return;
    const spec = crd.spec as CrdSpec;
    let remaining = 0;
    for (const type of typesOf(crd).filter((t) => t.version === t.storageVersion)) {
      const scope: Scope = { type };
      for (const item of this.log.range(keyPrefix(type))) {
        const object = JSON.parse(item.value) as KubeObject;
        remaining++;
        if (!object.metadata.deletionTimestamp) {
          this.registry.delete(
            { ...scope, namespace: object.metadata.namespace },
            object.metadata.name!,
            { dryRun: false },
          );
        }
      }
    }
    if (
      remaining > 0 &&
      this.log.range(`/${spec.group}/${spec.names.plural}/`, { limit: 1 }).length > 0
    ) {
      return; // the remaining objects have finalizers; their deletion enqueues us again
    }
    const finalizers = crd.metadata.finalizers.filter((f) => f !== crdCleanupFinalizer);
    this.registry.systemUpdate(
      { type: crdType },
      crd,
      { ...crd, metadata: { ...crd.metadata, finalizers } },
      system,
    );
  }

  /** Called when a custom object is deleted: a terminating CRD may now be able to go. */
  objectDeleted(group: string, resource: string): void {
    const name = `${resource}.${group}`;
    const stored = this.registry.getStored({ type: crdType }, name);
    if (stored && (JSON.parse(stored.value) as KubeObject).metadata.deletionTimestamp) {
      this.queue.add(`crd/${name}`, () => this.reconcile(name));
    }
  }
}

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastTransitionTime?: string;
}

function setCondition(conditions: Condition[], condition: Condition, now: string): void {
  const i = conditions.findIndex((c) => c.type === condition.type);
  const existing = conditions[i];
  if (existing && existing.status === condition.status) {
    conditions[i] = { ...condition, lastTransitionTime: existing.lastTransitionTime ?? now };
  } else if (existing) {
    conditions[i] = { ...condition, lastTransitionTime: now };
  } else {
    conditions.push({ ...condition, lastTransitionTime: now });
  }
}

interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema?: { openAPIV3Schema?: Record<string, unknown> };
  subresources?: {
    status?: object;
    scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
  };
  additionalPrinterColumns?: PrinterColumn[];
}

interface CrdSpec {
  group: string;
  scope: 'Namespaced' | 'Cluster';
  names: {
    plural: string;
    singular?: string;
    kind: string;
    listKind?: string;
    shortNames?: string[];
    categories?: string[];
  };
  versions: CrdVersion[];
}

function acceptedNames(spec: CrdSpec): Record<string, unknown> {
  const names: Record<string, unknown> = {
    plural: spec.names.plural,
    singular: spec.names.singular || spec.names.kind.toLowerCase(),
    kind: spec.names.kind,
    listKind: spec.names.listKind || `${spec.names.kind}List`,
  };
  if (spec.names.shortNames?.length) names.shortNames = spec.names.shortNames;
  if (spec.names.categories?.length) names.categories = spec.names.categories;
  return names;
}

/** The served resource types a CRD defines, one per served version. */
export function typesOf(crd: KubeObject, schemaRevision?: number): ResourceType[] {
  const spec = crd.spec as CrdSpec;
  if (!spec?.versions) return [];
  const storageVersion =
    spec.versions.find((v) => v.storage)?.name ?? spec.versions[0]?.name ?? 'v1';
  return spec.versions
    .filter((v) => v.served)
    .map((v) => {
      const type: ResourceType = {
        group: spec.group,
        version: v.name,
        resource: spec.names.plural,
        singular: spec.names.singular || spec.names.kind.toLowerCase(),
        kind: spec.names.kind,
        listKind: spec.names.listKind || `${spec.names.kind}List`,
        namespaced: spec.scope === 'Namespaced',
        shortNames: spec.names.shortNames ?? [],
        categories: spec.names.categories ?? [],
        statusSubresource: v.subresources?.status !== undefined,
        tracksGeneration: true,
        storageVersion,
        definedBy: crd.metadata.name!,
        fieldSchema: customResourceSchema(crd as unknown as JsonObject, v.name),
        validation: crdVersionSchema(crd as unknown as JsonObject, v.name),
      };
      if (schemaRevision !== undefined) type.schemaRevision = schemaRevision;
      if (v.subresources?.scale) type.scale = v.subresources.scale;
      if (v.schema?.openAPIV3Schema) type.schema = v.schema.openAPIV3Schema;
      if (v.additionalPrinterColumns) type.printerColumns = v.additionalPrinterColumns;
      return type;
    });
}
