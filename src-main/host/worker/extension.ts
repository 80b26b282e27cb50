/**
 * Worker extensions: builtins that run inside the worker, beside the Starlark thread, instead of
 * in the host. A call to one costs no round trip; what needs the host (I/O, the host's state) it
 * asks for through `callService`, a blocking call like a host builtin's. An extension is code
 * compiled into a worker entry of its own (start.ts), and a run asks for it by name.
 *
 * The builtin values are created once and shared by every run of the worker (compiled programs
 * and kept globals refer to them); a run's state lives in thread locals set by `begin`.
 */
import type { Thread, Value } from '../../starlark/index';

export interface WorkerExtension {
  /** Predeclared in every run that names the extension. */
  readonly builtins: ReadonlyMap<string, Value>;
  /** Called before the run's module executes, on the run's thread. */
  begin?(run: ExtensionRun): void;
  /**
   * The run's result as the host receives it, from what the called function returned (default:
   * the value as data). Runs in the worker, so it may read Starlark values and thread locals.
   */
  result?(run: ExtensionRun, value: Value): unknown;
}

export interface ExtensionRun {
  readonly thread: Thread;
  /** `extension.input` of the run request, as data. */
  readonly input: unknown;
  /**
   * Calls one of the run's services (RunRequest.extension.services) with data and blocks until
   * it answers; returns its answer as data. A failure or cancellation is a Starlark error.
   */
  callService(name: string, args: Readonly<Record<string, unknown>>): unknown;
}
