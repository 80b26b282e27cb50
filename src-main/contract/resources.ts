import type { ErrorShape } from './errors';

/** A Kubernetes object as JSON. Its fields are the cluster's data, passed as they are. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  [field: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** One kind a cluster serves, found by discovery (built-in and CustomResourceDefinition kinds). */
export interface KindInfo {
  /** '' for the core group. */
  group: string;
  version: string;
  kind: string;
  /** The plural resource name used in URLs: `namespaces`, `configmaps`. */
  resource: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  categories: string[];
  /** Whether a CustomResourceDefinition defines it (rather than the API server itself). */
  custom: boolean;
}

/** Which collection of objects: one kind in one context, in one namespace or all of them. */
export interface CollectionRef {
  context: string;
  group: string;
  version: string;
  resource: string;
  /** Absent or '' for all namespaces (and for cluster-scoped kinds). */
  namespace?: string;
}

/** One object: its collection and its name. */
export interface ObjectRef extends CollectionRef {
  name: string;
}

/** A column of the server's Table format (`kubectl get`'s printer columns). */
export interface TableColumn {
  name: string;
  /** `string`, `integer`, `number`, `boolean` or `date` (dates become ages). */
  type: string;
  format: string;
  description: string;
  /** 0 for the columns `kubectl get` shows, higher for `-o wide`. */
  priority: number;
}

export type TableCell = string | number | boolean | null;

export interface TableRow {
  /** `namespace/name`, or `name` for cluster-scoped objects: the row's identity in a table. */
  key: string;
  uid: string;
  name: string;
  namespace: string;
  resourceVersion: string;
  /** One per column, in the column order. `date` cells hold an ISO 8601 timestamp. */
  cells: TableCell[];
}

/**
 * A live table's stream (`deleted` lists row keys): `reset` first (and again after every relist), then batches of `changed`
 * as watch events arrive. `status` says when the watch is retrying and why. A large reset comes
 * in two parts so the first screen of rows can show at once: the reset carries the first rows
 * with `more: true`, and the rest follow right after as one `changed`.
 */
export type TableEvent =
  | {
      type: 'reset';
      columns: TableColumn[];
      rows: TableRow[];
      resourceVersion: string;
      /** The rest of the rows follow as the next `changed` event. */
      more?: true;
    }
  | { type: 'changed'; upserted: TableRow[]; deleted: string[]; resourceVersion: string }
  | { type: 'status'; state: 'live' | 'retrying'; error?: ErrorShape };

/** An object for the detail view: its YAML (without managedFields) and the parsed object. */
export interface ObjectDocument {
  ref: ObjectRef;
  kind: string;
  apiVersion: string;
  yaml: string;
  object: KubeObject;
}

/** A core/v1 or events.k8s.io event about one object. */
export interface ObjectEvent {
  type: string;
  reason: string;
  message: string;
  count: number;
  source: string;
  firstSeen: string;
  lastSeen: string;
}

/** A `status.conditions` entry. */
export interface ObjectCondition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastTransitionTime: string;
  observedGeneration?: number;
}

/** A link to another object, for the owner and children lists. */
export interface ObjectLink {
  ref: ObjectRef;
  kind: string;
  uid: string;
  /** Whether this owner reference is the controller. */
  controller: boolean;
}

export interface ObjectRelations {
  owners: ObjectLink[];
  /** Objects whose ownerReferences name this object, among the kinds Starling could list. */
  children: ObjectLink[];
}

/**
 * What a server-side apply would do, from a dry run: the live object and the result, both as
 * YAML without managedFields, for a diff. `conflicts` lists the fields other managers own that
 * the edit changes (apply again with `force` to take them).
 */
export interface ApplyPreview {
  before: string;
  after: string;
  changed: boolean;
  conflicts: string[];
}

export interface ApplyOptions {
  /** Take ownership of fields other managers own (kubectl's `--force-conflicts`). */
  force: boolean;
}

export interface ResourceChannels {
  'resources:kinds': (context: string) => KindInfo[];
  'resources:get': (ref: ObjectRef) => ObjectDocument;
  'resources:events': (ref: ObjectRef) => ObjectEvent[];
  'resources:conditions': (ref: ObjectRef) => ObjectCondition[];
  'resources:relations': (ref: ObjectRef) => ObjectRelations;
  /** A dry-run server-side apply of the edited YAML: the diff to show before applying. */
  'resources:preview-apply': (ref: ObjectRef, yaml: string, options: ApplyOptions) => ApplyPreview;
  /** A server-side apply (field manager `starling`); returns the object as stored. */
  'resources:apply': (ref: ObjectRef, yaml: string, options: ApplyOptions) => ObjectDocument;
  'resources:delete': (ref: ObjectRef) => void;
}

export interface ResourceEvents {
  /** The kinds of a context; again whenever CustomResourceDefinitions change. */
  'resources:kinds-changed': { params: { context: string }; event: KindInfo[] };
  /** A live table of one collection, in the server's Table format. */
  'resources:table': { params: CollectionRef; event: TableEvent };
}
