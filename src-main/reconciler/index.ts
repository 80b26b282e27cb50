/**
 * The reconciler runtime (issue 8): see README.md. Project loading, selectors and hot-reload
 * decisions live in project/, selector/ and reload/; everything that runs reconciles is here.
 */
export { ReconcilerRuntime, type RuntimeOptions } from './runtime/runtime';
export type { ReconcilerStats, ReconcileFailure } from './runtime/controller';
export { reconcileBuiltins, reconcileBuiltinNames } from './runtime/builtins';
export { WorkQueue } from './runtime/work-queue';
export type { RuntimeProject, RuntimeReconciler, SelectorCompiler } from './runtime/types';
