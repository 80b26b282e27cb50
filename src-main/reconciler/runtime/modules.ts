/**
 * A reconciler's Starlark code, ready to run on the reconcile host: the reconciler's file and
 * the `crds/` libraries it may load, by the name `load()` uses.
 *
 * Choreo executes the module (and its libraries) again for every reconcile. Module globals are
 * frozen after execution, so a reconcile cannot change them and nothing carries over; each
 * worker executes the top level once per source version and reuses its frozen globals (the
 * host's `keepGlobals`), which gives the same results — unless the top level itself calls a
 * cluster builtin: then it runs again per reconcile as in Choreo. (A `print` at top level
 * prints once per worker: a listed difference.) A debugged reconcile executes everything anew,
 * so breakpoints at top level are hit.
 */
import type { LoadedModule, RunLimits } from '../../host/host';
import type { DebugSession } from '../../host/debug/session';
import type { HostFunction } from '../../host/host';
import { reconcileHost, type ReconcileHost } from './reconcile-host';
import type { RuntimeLibrary } from './types';
import type { JsonObject } from './values';
import {
  reconcileExtensionName,
  type ReconcileInput,
  type ReconcileRunValue,
  type ServiceName,
} from './worker-extension';

/** A project version's libraries, and the host their reconciles run on. */
export class LibrarySet {
  readonly modules: Readonly<Record<string, LoadedModule>>;
  readonly host: ReconcileHost;

  constructor(
    libraries: ReadonlyMap<string, RuntimeLibrary>,
    host: ReconcileHost = reconcileHost(),
  ) {
    this.modules = Object.fromEntries(
      [...libraries].map(([name, l]) => [name, { path: l.path, source: l.source }]),
    );
    this.host = host;
  }
}

export interface ModuleRun {
  /** Names the thread in errors and the debugger. */
  name: string;
  self: JsonObject;
  input: ReconcileInput;
  services: Record<ServiceName, HostFunction>;
  limits: RunLimits;
  signal?: AbortSignal;
  debug?: DebugSession;
}

/** One reconciler's module, run once per reconcile on the host. */
export class ReconcilerModule {
  readonly path: string;
  readonly source: string;
  readonly libraries: LibrarySet;

  constructor(path: string, source: string, libraries: LibrarySet) {
    this.path = path;
    this.source = source;
    this.libraries = libraries;
  }

  /** Runs `reconcile(self)`; rejects with the host's StarlarkRunError. */
  async run(r: ModuleRun): Promise<ReconcileRunValue> {
    const { value } = await this.libraries.host.starlark.run({
      name: r.name,
      main: { path: this.path, source: this.source },
      modules: this.libraries.modules,
      call: { function: 'reconcile', args: [r.self] },
      libraries: [],
      limits: r.limits,
      keepGlobals: true,
      extension: { name: reconcileExtensionName, input: r.input, services: r.services },
      ...(r.signal ? { signal: r.signal } : {}),
      ...(r.debug ? { debug: r.debug } : {}),
    });
    return value as ReconcileRunValue;
  }
}
