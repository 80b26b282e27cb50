/**
 * A Choreo project as Starling loads it (../shared/CHOREO.md, "Project layout"). Everything the
 * runtime needs is read once by `loadProject`, with the place it came from, so a problem found
 * later (by the runtime, the editor, the linter) can still point at a file, line and column.
 */

/** A place in a project file. `file` is absolute; line and column are 1-based. */
export interface Position {
  file: string;
  line: number;
  col: number;
}

/** Something wrong with a project, where it is, and what to do about it. */
export interface Problem {
  file: string;
  line: number;
  col: number;
  severity: 'error' | 'warning';
  message: string;
  /** What to do about it. */
  hint?: string;
}

/** A Kubernetes object as plain JSON. */
export type KubeObject = Record<string, unknown> & {
  apiVersion?: string;
  kind?: string;
  metadata?: Record<string, unknown>;
};

export interface Gvk {
  /** `""` for the core group (`v1` objects). */
  group: string;
  version: string;
  kind: string;
}

/**
 * A selector as Choreo's config writes it (`selector.match`, `selector.matchExpressions`).
 * Each `match` key is a CEL expression on the object, each value the string it must equal.
 */
export interface ExpressionSelector {
  match?: Record<string, string>;
  matchExpressions?: SelectorRequirement[];
  /** Where each expression was written, for problems found when it is compiled. */
  source?: SelectorSource;
}

export interface SelectorRequirement {
  /** A CEL expression on the object, as for `match` keys. */
  expression: string;
  /** Equals, DoubleEquals, NotEquals, In, NotIn, Exists, DoesNotExist, GreaterThan, LessThan. */
  operator: string;
  values?: string[];
}

/** Positions of a selector's parts: the first character of each expression. */
export interface SelectorSource {
  /** The `selector:` key itself. */
  at: Position;
  /** Per `match` key: where the key and where the value start. */
  match: Record<
    string,
    { key: Position; value: Position; keyQuoted: boolean; valueQuoted: boolean }
  >;
  /** Per `matchExpressions` entry, in order: where its `expression` value starts. */
  matchExpressions: Position[];
}

/**
 * One term of a watches join (CHOREO.md, "Selectors"): `<watched>: <for>` requeues the For objects
 * whose `for` expression has the value the watched object's `watched` expression has. A term whose
 * right side is not an expression on the For object (`metadata.name: kubenet.default`) is a
 * `literal`: Choreo never matches it; Starling does what was meant — the watched object must have
 * that value, and every For object is requeued (`starling check` warns).
 */
export type JoinTerm =
  | { watched: string; forExpression: string; literal?: undefined }
  | { watched: string; literal: string; forExpression?: undefined };

/** A For or Watches entry of a reconciler config: a kind and which of its objects count. */
export interface ResourceSelector extends Gvk {
  /** Missing: matches nothing (as in Choreo). `{}`: matches everything. */
  selector?: ExpressionSelector;
  /** For watches: the selector's `match` as join terms (set by loadProject). */
  join?: JoinTerm[];
  /** Where the entry starts in config.yaml. */
  at: Position;
}

/** An Owns entry: a child kind. */
export interface OwnedResource extends Gvk {
  at: Position;
}

export interface ReconcilerSpec {
  /** `metadata.name`: identity, finalizer and server-side-apply field manager. */
  name: string;
  configPath: string;
  /** The one `.star` file beside config.yaml. */
  starPath: string;
  source: string;
  conditionType?: string;
  specUpdate: boolean;
  for: ResourceSelector;
  owns: OwnedResource[];
  watches: ResourceSelector[];
  /** Every library module the reconciler loads, directly or through other libraries. */
  loads: string[];
}

export interface Library {
  /** The name `load()` uses: `topo.kubenet.dev.topologies.star`. */
  module: string;
  /** `crds/topo.kubenet.dev_topologies.star` (absolute). */
  path: string;
  source: string;
  /** The modules this library loads directly. */
  loads: string[];
}

export interface Crd {
  group: string;
  kind: string;
  plural: string;
  scope: 'Namespaced' | 'Cluster';
  versions: { name: string; served: boolean; storage: boolean }[];
  /** Top-level properties of each version's schema (`spec`, `status`, …), when it has one. */
  topLevelFields?: string[];
  /** The whole CustomResourceDefinition, to apply. */
  object: KubeObject;
  /** Where its document starts. */
  at: Position;
}

/** An object from `in/` (or from an `all` ref's `in/`), to apply before reconcilers start. */
export interface Manifest {
  object: KubeObject;
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  at: Position;
}

/** An UpstreamRef from `refs/`, and where its files were taken from. */
export interface UpstreamRef {
  name: string;
  type: 'crd' | 'all';
  url: string;
  ref?: { type: 'hash' | 'tag'; name: string };
  directory?: string;
  includes?: string[];
  /** The checkout (under `.starling/refs/<hash>`) or the local folder the files come from. */
  path?: string;
  /** The commit checked out, for git refs. */
  commit?: string;
  at: Position;
}

export interface Project {
  /** Absolute. */
  dir: string;
  crds: Crd[];
  /** By module name, as `load()` names them. */
  libraries: Map<string, Library>;
  reconcilers: ReconcilerSpec[];
  inputs: Manifest[];
  refs: UpstreamRef[];
}

export interface LoadOptions {
  /** Where git refs are cloned: default `<project>/.starling/refs`. */
  refsCache?: string;
  /** Do not run git: refs not already in the cache are problems. */
  offline?: boolean;
}

export interface LoadResult {
  project: Project;
  problems: Problem[];
}
