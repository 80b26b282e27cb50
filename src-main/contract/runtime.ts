import type { SourcePosition } from './editor';
import type { ErrorShape } from './errors';

/**
 * The live reconcile timeline (wave 2): a typed stream of what the reconciler runtime does. The
 * reconciler runtime emits these; the CLI prints them and the workbench shows them live.
 * Every event names its reconciler and the For object it is about.
 */
export type RuntimeEvent =
  | (RuntimeEventBase & { type: 'queued'; reason: string })
  | (RuntimeEventBase & { type: 'started'; attempt: number })
  | (RuntimeEventBase & { type: 'client-call'; call: ClientCallSummary })
  | (RuntimeEventBase & { type: 'child-applied'; child: ChildRef; diff: string })
  | (RuntimeEventBase & { type: 'child-deleted'; child: ChildRef })
  | (RuntimeEventBase & {
      type: 'finished';
      outcome: 'success' | 'requeue' | 'error';
      durationMs: number;
    })
  | (RuntimeEventBase & { type: 'requeue'; afterMs: number; reason: string })
  | (RuntimeEventBase & { type: 'error'; error: ErrorShape; backtrace: StarlarkFrame[] });

export interface RuntimeEventBase {
  /** Monotonic per run, so a timeline can be ordered and gaps noticed. */
  sequence: number;
  /** ISO 8601. */
  time: string;
  /** The context the reconciler runs against. */
  cluster: string;
  reconciler: string;
  /** The For object: `namespace/name` or `name`. */
  object: string;
  /** One reconcile of one object, shared by the events from `started` to `finished`. */
  reconcileId?: string;
}

export interface ClientCallSummary {
  /** The builtin that made the call: `client_get`, `client_apply`, … */
  builtin: string;
  verb: string;
  kind: string;
  namespace?: string;
  name?: string;
  /** The HTTP status, or 0 when the call did not reach the server. */
  status: number;
  durationMs: number;
  error?: string;
}

export interface ChildRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface StarlarkFrame {
  function: string;
  position: SourcePosition;
}

/** Which runtime events a subscriber wants: all of a project's, or one reconciler's. */
export interface RuntimeEventFilter {
  project: string;
  reconciler?: string;
}

export interface RuntimeChannels {
  /** Step-run one reconcile of one object without writing anything: the planned changes. */
  'runtime:dry-run': (
    project: string,
    reconciler: string,
    object: string,
  ) => { events: RuntimeEvent[]; diffs: { child: ChildRef; diff: string }[] };
}

export interface RuntimeEvents {
  'runtime:events': { params: RuntimeEventFilter; event: RuntimeEvent };
}
