import { builtinSchema, type JSONSchemaProps, type KindSchema } from '../merge/index';

/**
 * The kinds the local cluster serves: a few built-ins and whatever the established
 * CustomResourceDefinitions define. Discovery, OpenAPI, routing and storage all read this catalog.
 */

export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

export interface ScaleSubresource {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** A JSON schema in the OpenAPI v3 subset the API server uses (with `x-kubernetes-*`). */
export type JsonSchema = Record<string, unknown>;

export interface ResourceType {
  /** '' for the core group. */
  group: string;
  version: string;
  /** The plural name in URLs. */
  resource: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames: readonly string[];
  categories: readonly string[];
  statusSubresource: boolean;
  scale?: ScaleSubresource;
  /** Whether spec changes bump metadata.generation (custom resources, CRDs). */
  tracksGeneration: boolean;
  /** The version objects are stored in (custom resources convert by apiVersion alone). */
  storageVersion: string;
  /** A custom resource version's openAPIV3Schema as written (validation, OpenAPI). */
  schema?: JsonSchema;
  /** The whole object's schema for typing fields (managedFields, apply). */
  fieldSchema: JSONSchemaProps;
  /** A built-in kind's Go type (decoding, defaults, the JSON the server writes). */
  builtin?: KindSchema;
  /** A custom resource version's structural schema (pruning, defaulting, validation). */
  validation?: JSONSchemaProps;
  /**
   * The revision from which stored custom resources were written under the current schema:
   * older ones are pruned and defaulted again when read, as the API server does on every read.
   */
  schemaRevision?: number;
  printerColumns?: readonly PrinterColumn[];
  /** The name of the CustomResourceDefinition that defines it. */
  definedBy?: string;
}

export function apiVersionOf(type: { group: string; version: string }): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** The storage key prefix shared by every version of a resource. */
export function keyPrefix(type: ResourceType, namespace?: string): string {
  const base = `/${type.group || 'core'}/${type.resource}/`;
  return namespace === undefined ? base : `${base}${namespace}/`;
}

export function objectKey(type: ResourceType, namespace: string | undefined, name: string): string {
  return type.namespaced ? `${keyPrefix(type, namespace)}${name}` : `${keyPrefix(type)}${name}`;
}

/** Where kube-apiserver keeps an object in etcd (it shows in some of its error messages). */
export function etcdKey(type: ResourceType, namespace: string | undefined, name: string): string {
  const group = type.group ? `${type.group}/` : '';
  const ns = type.namespaced && namespace !== undefined ? `${namespace}/` : '';
  return `/registry/${group}${type.resource}/${ns}${name}`;
}

const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
export const resourceVerbs: readonly string[] = verbs;

function builtin(
  partial: Omit<
    ResourceType,
    | 'listKind'
    | 'storageVersion'
    | 'categories'
    | 'statusSubresource'
    | 'tracksGeneration'
    | 'fieldSchema'
  > &
    Partial<ResourceType>,
): ResourceType {
  const known = builtinSchema(partial.group, partial.version, partial.kind);
  if (!known) throw new Error(`no schema for the built-in kind ${partial.kind}`);
  return {
    fieldSchema: known.schema,
    builtin: known,
    listKind: `${partial.kind}List`,
    storageVersion: partial.version,
    categories: [],
    statusSubresource: false,
    tracksGeneration: false,
    ...partial,
  };
}

export const builtinTypes: readonly ResourceType[] = [
  builtin({
    group: '',
    version: 'v1',
    resource: 'namespaces',
    singular: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    statusSubresource: true,
  }),
  builtin({
    group: '',
    version: 'v1',
    resource: 'configmaps',
    singular: 'configmap',
    kind: 'ConfigMap',
    namespaced: true,
    shortNames: ['cm'],
  }),
  builtin({
    group: '',
    version: 'v1',
    resource: 'secrets',
    singular: 'secret',
    kind: 'Secret',
    namespaced: true,
    shortNames: [],
  }),
  builtin({
    group: '',
    version: 'v1',
    resource: 'events',
    singular: 'event',
    kind: 'Event',
    namespaced: true,
    shortNames: ['ev'],
  }),
  builtin({
    group: 'apiextensions.k8s.io',
    version: 'v1',
    resource: 'customresourcedefinitions',
    singular: 'customresourcedefinition',
    kind: 'CustomResourceDefinition',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    statusSubresource: true,
    tracksGeneration: true,
  }),
];

/** Every kind served now: the built-ins plus the resources of established CRDs. */
export class ResourceCatalog {
  private types: ResourceType[] = [...builtinTypes];
  private byPath = new Map<string, ResourceType>();
  private changeListeners = new Set<() => void>();

  constructor() {
    this.reindex();
  }

  all(): readonly ResourceType[] {
    return this.types;
  }

  find(group: string, version: string, resource: string): ResourceType | undefined {
    return this.byPath.get(`${group}/${version}/${resource}`);
  }

  /** The served type for an apiVersion and kind (used for objects in request bodies). */
  findKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.types.find((t) => apiVersionOf(t) === apiVersion && t.kind === kind);
  }

  /** Every served version of one resource (group and plural). */
  versionsOf(group: string, resource: string): ResourceType[] {
    return this.types.filter((t) => t.group === group && t.resource === resource);
  }

  /** Replaces the resources a CRD defines (an empty list removes them). */
  setDefinedBy(crdName: string, types: ResourceType[]): void {
    this.types = [...this.types.filter((t) => t.definedBy !== crdName), ...types];
    this.reindex();
    for (const listener of this.changeListeners) listener();
  }

  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private reindex(): void {
    this.byPath = new Map(this.types.map((t) => [`${t.group}/${t.version}/${t.resource}`, t]));
  }
}
