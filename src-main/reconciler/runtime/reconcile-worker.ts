/**
 * The entry point of the reconciler's Starlark workers (built as `reconcile-worker.js` beside
 * `host-worker.js`): a host worker with the reconcile builtins as an extension.
 */
import { startHostWorker } from '../../host/worker/start';
import { reconcileExtension, reconcileExtensionName } from './worker-extension';

startHostWorker(new Map([[reconcileExtensionName, reconcileExtension]]));
