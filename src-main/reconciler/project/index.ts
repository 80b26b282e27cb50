/**
 * Choreo projects: loading, problems, refs. See README.md.
 *
 *   const { project, problems } = await loadProject('path/to/project');
 *   if (problems.some((p) => p.severity === 'error')) ...;
 */
export { loadProject } from './load';
export { formatProblem, sortProblems } from './problems';
export { reconcileBuiltinNames } from './starlark-check';
export { libraryModuleName } from './crds';
export { displayGvk, splitApiVersion } from './kinds';
export type {
  Crd,
  ExpressionSelector,
  Gvk,
  JoinTerm,
  KubeObject,
  Library,
  LoadOptions,
  LoadResult,
  Manifest,
  OwnedResource,
  Position,
  Problem,
  Project,
  ReconcilerSpec,
  ResourceSelector,
  SelectorRequirement,
  SelectorSource,
  UpstreamRef,
} from './types';
