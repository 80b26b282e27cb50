import type { SourcePosition } from './editor';
import type { ErrorShape } from './errors';
import type { ProjectProblem } from './projects';

/**
 * The live reconcile timeline and the step-run debugger (wave 2): the typed stream of what the
 * reconciler runtime does. The runtime emits it; `starling run` prints it (`--json`: one event
 * per line, exactly these objects); the workbench subscribes to `runtime:events`.
 *
 * Every event is plain JSON (no Dates, Maps or class instances), stamped with a `sequence` that
 * rises by one per event of a run, so a subscriber orders them and notices a gap. The events of
 * one reconcile share a `reconcileId` and come in this order:
 *
 *   queued*  →  started  →  (client-call | child-applied | child-deleted)*  →  error?  →
 *   requeue?  →  finished
 *
 * `queued` events come before `started` (the queue de-duplicates: several `queued` may lead to
 * one reconcile; a `queued` while that object is being reconciled leads to one more reconcile
 * after it). `error` is a Starlark error (with its backtrace) or a failure the reconcile reported
 * as fatal, or an API error that will be retried; `requeue` says when the object comes back.
 * `finished` always closes a `started`. A `reloaded` event (no reconciler, no object) comes when
 * a new project version has taken effect; the objects it requeued were queued with the reason
 * `reconciler reloaded` (they may start before the `reloaded` event) and run the new code, as
 * does every reconcile that starts after it.
 *
 * Nothing is built when nobody listens: diffs and call summaries cost nothing without a
 * subscriber.
 */
export type RuntimeEvent = ReconcileEvent | ReloadedEvent;

export type ReconcileEvent =
  | (ReconcileEventBase & { type: 'queued'; reason: string })
  | (ReconcileEventBase & { type: 'started'; attempt: number })
  | (ReconcileEventBase & { type: 'client-call'; call: ClientCallSummary })
  | (ReconcileEventBase & { type: 'child-applied'; child: ChildRef; diff: string })
  | (ReconcileEventBase & { type: 'child-deleted'; child: ChildRef })
  | (ReconcileEventBase & {
      type: 'finished';
      outcome: 'success' | 'requeue' | 'error';
      durationMs: number;
    })
  | (ReconcileEventBase & { type: 'requeue'; afterMs: number; reason: string })
  | (ReconcileEventBase & { type: 'error'; error: ErrorShape; backtrace: StarlarkFrame[] });

export interface RuntimeEventBase {
  /** Monotonic per run, so a timeline can be ordered and gaps noticed. */
  sequence: number;
  /** ISO 8601. */
  time: string;
  /** The context the reconciler runs against. */
  cluster: string;
}

export interface ReconcileEventBase extends RuntimeEventBase {
  reconciler: string;
  /** The For object: `namespace/name` or `name`. */
  object: string;
  /**
   * One reconcile of one object (`<reconciler>#<n>`), shared by the events from `started` to
   * `finished`; absent on `queued`, which comes before a reconcile exists.
   */
  reconcileId?: string;
}

/**
 * Hot reload: the project changed on disk. `rejected`: the new version has errors (`problems`)
 * and the last good one keeps running. Otherwise `reconcilers` says what took effect and
 * `requeued` how many For objects of each reconciler were queued because of it (only those a
 * change affects).
 */
export interface ReloadedEvent extends RuntimeEventBase {
  type: 'reloaded';
  rejected: boolean;
  problems: ProjectProblem[];
  reconcilers: { added: string[]; changed: string[]; removed: string[] };
  crds: boolean;
  inputs: boolean;
  requeued: Record<string, number>;
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
  /**
   * A write not sent: the object as the runtime's watch holds it shows the apply would change
   * nothing (`status` is then what the server would have answered, `durationMs` 0).
   */
  unchanged?: true;
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

/** A write a dry-run reconcile would make, as a diff of the object before and after. */
export interface PlannedChange {
  action: 'apply' | 'delete';
  child: ChildRef;
  /** Unified diff of the object's YAML (managedFields left out); empty when nothing changes. */
  diff: string;
}

export interface DryRunResult {
  outcome: 'done' | 'requeue' | 'retry' | 'failed';
  /** The reconcile's message (a requeue's or failure's reason). */
  message?: string;
  /** The reconcile's events, `started` to `finished`, as the live stream would have them. */
  events: ReconcileEvent[];
  diffs: PlannedChange[];
}

/**
 * The end of a step-run: a DAP `launch` of one reconcile of one live object (`starling dap`,
 * launch arguments `{ project, reconciler, namespace?, name, context? | kubeconfig? | local?,
 * dryRun? }`). When the reconcile has finished, the server sends an `output` event with
 * `category: "starling.dryRun"`, `output` this object as one line of JSON, and `data` the same
 * object; then `exited` (0 when the outcome is `done`) and `terminated`.
 */
export interface StepRunOutput {
  reconciler: string;
  /** The For object: `namespace/name` or `name`. */
  object: string;
  /** False when the launch asked for `dryRun: false`: the diffs are changes made, not planned. */
  dryRun: boolean;
  result: DryRunResult;
}

export interface RuntimeChannels {
  /**
   * One reconcile of one object (`namespace/name` or `name`) without writing anything
   * (server-side `dryRun=All`): what it would change. With `debugSession` (from `debug:start`)
   * the reconcile runs under that DAP session, so it stops at breakpoints and steps; the answer
   * comes when it finishes.
   */
  'runtime:dry-run': (
    project: string,
    reconciler: string,
    object: string,
    options?: { debugSession?: string },
  ) => DryRunResult;
}

export interface RuntimeEvents {
  'runtime:events': { params: RuntimeEventFilter; event: RuntimeEvent };
}
