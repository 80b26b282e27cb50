/**
 * What the runtime needs of a loaded project: the parts of reconciler-project's `Project`
 * (src-main/reconciler/project) that it reads, stated structurally so a `Project` is accepted
 * as it is, and tests can build one by hand.
 */
import type { Gvk } from './kube-api';
import type { JsonObject } from './values';

export interface RuntimeSelector extends Gvk {
  /** Missing: matches nothing; `{}`: everything. */
  selector?: { match?: Record<string, string>; matchExpressions?: unknown[] };
}

export interface RuntimeReconciler {
  name: string;
  starPath: string;
  source: string;
  conditionType?: string;
  specUpdate: boolean;
  for: RuntimeSelector;
  owns: Gvk[];
  watches: RuntimeSelector[];
}

export interface RuntimeLibrary {
  path: string;
  source: string;
}

export interface RuntimeCrd {
  object: JsonObject | Record<string, unknown>;
}

export interface RuntimeProject {
  dir: string;
  crds: RuntimeCrd[];
  libraries: ReadonlyMap<string, RuntimeLibrary>;
  reconcilers: RuntimeReconciler[];
  inputs: { object: Record<string, unknown> }[];
}

/** An object matcher: For and Watches selectors. */
export type ObjectMatcher = (obj: unknown) => boolean;
/** A watch join: does this change of a watched object concern that For object? */
export type JoinMatcher = (watched: unknown, forObject: unknown) => boolean;

/**
 * How selectors are compiled (reconciler-project's src-main/reconciler/selector): the runtime
 * takes them as a dependency so its tests can state plain matchers.
 */
export interface SelectorCompiler {
  compileSelector(selector: RuntimeSelector['selector']): ObjectMatcher;
  compileJoin(watch: RuntimeSelector): JoinMatcher;
}
