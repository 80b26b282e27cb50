/**
 * The messages between a StarlarkHost and its workers, and the layout of the memory they share.
 *
 * Two channels per worker:
 * - worker → host: the worker's parentPort (ordinary asynchronous messages: calls of host
 *   builtins, print output, the result, debugger events).
 * - host → worker: a MessagePort the worker reads synchronously with receiveMessageOnPort while
 *   Starlark runs (replies, cancellation, debugger requests), and through 'message' events while
 *   it is idle (new runs). After posting on it the host increments SIGNAL in the shared
 *   Int32Array and notifies; a worker blocked in Atomics.wait on SIGNAL wakes up. Because the
 *   worker reads SIGNAL *before* draining the port and then waits only while SIGNAL still has
 *   that value, a message posted between the drain and the wait is never missed.
 *
 * Every run has an id unique in the host and every blocking call an id unique in its worker, so a
 * reply that arrives after its call was cancelled (or after its run ended) is recognised as stale
 * and dropped, never taken as the answer to a later call.
 */
import type { BreakpointSpec, ResumeMode, StopReason } from '../starlark/debug/index';

/** Index of the wake-up counter in the shared Int32Array. */
export const SIGNAL = 0;
/** Bytes of shared memory per worker. */
export const SHARED_BYTES = 4 * Int32Array.BYTES_PER_ELEMENT;

/** How a host builtin receives its arguments (see README: "Values"). */
export type ValueMode = 'plain' | 'json';

export interface BuiltinDeclaration {
  readonly name: string;
  /** Parameter names as unpackArgs takes them (`name?` optional); absent: raw args and kwargs. */
  readonly params?: readonly string[];
  readonly values: ValueMode;
}

export interface RunLimits {
  readonly maxSteps?: number;
  /** Wall-clock milliseconds for the whole run (time stopped in the debugger excluded). */
  readonly timeoutMs?: number;
  readonly maxCallDepth?: number;
}

export interface DebugSetup {
  readonly breakpoints: readonly FileBreakpoints[];
  readonly pauseOnError: boolean;
  readonly stopOnEntry: boolean;
}

export interface FileBreakpoints {
  readonly file: string;
  readonly specs: readonly BreakpointSpec[];
  /** The session's ids for them, in the same order. */
  readonly ids: readonly number[];
}

export interface RunJob {
  readonly runId: number;
  readonly name: string;
  readonly main: { readonly path: string; readonly source: string };
  /** Modules load() finds without asking the host, by the name load() uses. */
  readonly modules: Readonly<Record<string, { readonly path: string; readonly source: string }>>;
  /** Whether load() may ask the host for modules not in `modules`. */
  readonly hostLoader: boolean;
  readonly call?: {
    readonly function: string;
    readonly args: readonly unknown[];
    readonly kwargs: Readonly<Record<string, unknown>>;
  };
  readonly builtins: readonly BuiltinDeclaration[];
  readonly libraries: readonly string[];
  readonly dialect: readonly string[];
  readonly limits: RunLimits;
  readonly debug?: DebugSetup;
  /** Keep the module's executed, frozen globals in the worker and reuse them (see README). */
  readonly keepGlobals: boolean;
  /** The worker extension whose builtins the run predeclares, and what it is given. */
  readonly extension?: {
    readonly name: string;
    readonly input: unknown;
  };
}

/** One frame of a call stack as it crosses to the host, outermost first. */
export interface WireFrame {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export type ErrorKind = 'syntax' | 'static' | 'eval' | 'cancelled';

export interface WireError {
  readonly kind: ErrorKind;
  readonly message: string;
  /** go.starlark.net's backtrace (for static errors, one `file:line:col: msg` per line). */
  readonly text: string;
  readonly callStack: readonly WireFrame[];
}

export interface StopInfo {
  readonly reason: StopReason;
  readonly description?: string;
  readonly breakpointIds: readonly number[];
}

/** Requests the host's debugger front end sends to a worker's thread. */
export type DebugRequest =
  | { readonly kind: 'stackTrace' }
  | { readonly kind: 'scopes'; readonly frame: number }
  | {
      readonly kind: 'variables';
      readonly ref: number;
      readonly filter?: 'indexed' | 'named';
      readonly start?: number;
      readonly count?: number;
    }
  | { readonly kind: 'evaluate'; readonly expression: string; readonly frame?: number }
  | { readonly kind: 'resume'; readonly mode: ResumeMode }
  | { readonly kind: 'pause' }
  | { readonly kind: 'setBreakpoints'; readonly breakpoints: FileBreakpoints }
  | { readonly kind: 'setPauseOnError'; readonly on: boolean };

/** host → worker (the control port). */
export type ControlMessage =
  | { readonly type: 'run'; readonly job: RunJob }
  | {
      readonly type: 'reply';
      readonly callId: number;
      readonly ok: boolean;
      readonly value?: unknown;
      readonly message?: string;
    }
  | { readonly type: 'cancel'; readonly runId: number; readonly reason: string }
  | {
      readonly type: 'debug';
      readonly runId: number;
      readonly requestId: number;
      readonly request: DebugRequest;
    };

/** worker → host (parentPort). */
export type WorkerMessage =
  | { readonly type: 'ready' }
  | {
      readonly type: 'call';
      readonly runId: number;
      readonly callId: number;
      /** A host builtin's name, or (with `service`) a service of the run's extension. */
      readonly name: string;
      readonly service?: boolean;
      readonly args: readonly unknown[];
      readonly kwargs: Readonly<Record<string, unknown>>;
    }
  | {
      readonly type: 'load';
      readonly runId: number;
      readonly callId: number;
      readonly module: string;
      readonly from: string;
    }
  /** print() output: Starlark byte strings, one per call, without the newline. */
  | { readonly type: 'print'; readonly runId: number; readonly lines: readonly string[] }
  | {
      readonly type: 'done';
      readonly runId: number;
      readonly steps: number;
      readonly ok: boolean;
      readonly value?: unknown;
      readonly error?: WireError;
    }
  /** Where the thread is, sent now and then while it runs: the stack of a worker that must be stopped by force. */
  | { readonly type: 'where'; readonly runId: number; readonly callStack: readonly WireFrame[] }
  | { readonly type: 'stopped'; readonly runId: number; readonly stop: StopInfo }
  | { readonly type: 'continued'; readonly runId: number }
  | {
      readonly type: 'debugReply';
      readonly runId: number;
      readonly requestId: number;
      readonly ok: boolean;
      readonly result?: unknown;
      readonly message?: string;
    }
  | {
      readonly type: 'logpoint';
      readonly runId: number;
      readonly text: string;
      readonly file: string;
      readonly line: number;
    }
  | {
      readonly type: 'breakpoint';
      readonly runId: number;
      readonly id: number;
      readonly verified: boolean;
      readonly line: number;
      readonly message?: string;
    };
