/**
 * The Starlark host reconciles run on: a StarlarkHost whose workers carry the reconcile builtins
 * (reconcile-worker.ts). One per process is enough — every runtime, dry run and debug session
 * shares `reconcileHost()` unless it is given its own. Idle workers do not keep the process
 * alive, so the shared host needs no disposing; one made with `new ReconcileHost` does.
 */
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StarlarkHost } from '../../host/host';
import { workerScript } from '../../host/worker-script';

export interface ReconcileHostOptions {
  /**
   * Reconciles running Starlark at once, one worker each (default: twice the CPUs, at least 4 —
   * a reconcile blocked on a cluster call holds its worker, and the CPUs are shared with the
   * cluster I/O of the main thread).
   */
  workers?: number;
}

const runtimeDir = dirname(fileURLToPath(import.meta.url));

export class ReconcileHost {
  readonly starlark: StarlarkHost;

  constructor(options: ReconcileHostOptions = {}) {
    this.starlark = new StarlarkHost({
      maxWorkers: options.workers ?? Math.max(4, 2 * availableParallelism()),
      minWorkers: 1,
      workerScript: reconcileWorkerScript(),
    });
  }

  dispose(): Promise<void> {
    return this.starlark.dispose();
  }
}

/** The reconcile worker's script: built beside this code, or bundled from the sources. */
function reconcileWorkerScript(): Promise<URL> {
  return workerScript({
    builtName: 'reconcile-worker.js',
    here: import.meta.url,
    source: join(runtimeDir, 'reconcile-worker.ts'),
    sourceDirs: ['.', '../../host', '../../starlark', '../../util'].map((d) => join(runtimeDir, d)),
  });
}

let shared: ReconcileHost | undefined;
let sharedOptions: ReconcileHostOptions = {};

/** The process's reconcile host, started on first use. */
export function reconcileHost(): ReconcileHost {
  shared ??= new ReconcileHost(sharedOptions);
  return shared;
}

/** Options of the shared host (before its first use, e.g. by `starling run --workers`). */
export function configureReconcileHost(options: ReconcileHostOptions): void {
  if (shared) throw new Error('the reconcile host has started already');
  sharedOptions = options;
}
