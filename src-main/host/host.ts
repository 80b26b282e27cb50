/**
 * StarlarkHost: runs Starlark threads in a pool of worker threads.
 *
 *   const host = new StarlarkHost({ maxWorkers: 4 });
 *   const { value } = await host.run({
 *     main: { path: 'reconcile.star', source },
 *     call: { function: 'reconcile', args: [object] },
 *     builtins: { client_get: { params: ['name', 'namespace', 'obj'], values: 'json', fn: get } },
 *     limits: { maxSteps: 1e7, timeoutMs: 10_000 },
 *   });
 *   await host.dispose();
 *
 * Each run gets a worker of its own for as long as it lasts (runs beyond `maxWorkers` wait in
 * line). Host builtins run here, in the host's thread, and may be asynchronous: the Starlark
 * thread blocks until they settle, the host's event loop does not. A run ends with a RunResult or
 * a StarlarkRunError; a thread that will not stop when asked (stuck in a long builtin) has its
 * worker terminated and replaced. See README.md.
 */
import { availableParallelism } from 'node:os';
import type { ResourceLimits } from 'node:worker_threads';
import { decodeUtf8, optionsFromNames } from '../starlark/index';
import type { DebugSession } from './debug/session';
import { notData } from './data';
import { StarlarkRunError } from './errors';
import type {
  BuiltinDeclaration,
  DebugRequest,
  RunLimits,
  ValueMode,
  WireFrame,
  WorkerMessage,
} from './protocol';
import { HostWorker } from './worker-handle';
import { defaultWorkerScript } from './worker-script';

export type { RunLimits, ValueMode };

/** The libraries a run can predeclare. */
export const libraryNames = ['json', 'math', 'time', 'struct', 'module'] as const;
export type LibraryName = (typeof libraryNames)[number];

export interface HostOptions {
  /** Most runs at once, one worker each (default: the number of CPUs, at least 2). */
  readonly maxWorkers?: number;
  /** Workers started at once and kept when idle, so a run starts without waiting (default 1). */
  readonly minWorkers?: number;
  /** V8 limits of each worker (default: 512 MB of old generation). */
  readonly resourceLimits?: ResourceLimits;
  /**
   * The worker's code (default: host-worker.js of this build, or bundled from source); a worker
   * entry with extensions of its own comes from worker-script.ts's `workerScript`.
   */
  readonly workerScript?: URL | Promise<URL>;
  /** How long a thread asked to stop may take before its worker is terminated (default 50 ms). */
  readonly stopGraceMs?: number;
}

/** A host builtin as Starlark calls it. */
export interface BuiltinCall {
  /** Positional arguments (none when the builtin declares params: those arrive in kwargs). */
  readonly args: readonly unknown[];
  /** Keyword arguments; with declared params, every parameter that was given, by name. */
  readonly kwargs: Readonly<Record<string, unknown>>;
  /** The name of the run calling it. */
  readonly thread: string;
  /** Aborted when the run ends or is stopped. */
  readonly signal: AbortSignal;
}

export type HostFunction = (call: BuiltinCall) => unknown;

/**
 * A builtin implemented by the host. A bare function gets the arguments as given; with `params`
 * (names as Starlark's unpackArgs takes them: `name?` is optional) the worker checks the call
 * against them, with go.starlark.net's messages, before the host sees it. `values` chooses how
 * arguments cross (README: "Values"; default 'plain').
 */
export type HostBuiltin =
  | HostFunction
  | {
      readonly params?: readonly string[];
      readonly values?: ValueMode;
      readonly fn: HostFunction;
    };

export interface LoadedModule {
  /** The path positions and backtraces name. */
  readonly path: string;
  readonly source: string;
}

export interface RunRequest {
  /** Names the thread in the debugger and in errors (default: the main module's path). */
  readonly name?: string;
  /** The module to execute. */
  readonly main: LoadedModule;
  /** Modules load() finds by name without asking the host: a source (its path is the name), or a path and source. */
  readonly modules?: Readonly<Record<string, string | LoadedModule>>;
  /** load() of a module not in `modules`; throw (or reject) to refuse it. Default: refused. */
  readonly load?: (module: string, from: string) => LoadedModule | Promise<LoadedModule>;
  /** A global function to call after the module ran, with JSON-like arguments. */
  readonly call?: {
    readonly function: string;
    readonly args?: readonly unknown[];
    readonly kwargs?: Readonly<Record<string, unknown>>;
  };
  readonly builtins?: Readonly<Record<string, HostBuiltin>>;
  /** Predeclared libraries (default: all of them). */
  readonly libraries?: readonly LibraryName[];
  /** Dialect options by name (`set`, `while`, `recursion`, …). */
  readonly dialect?: readonly string[];
  readonly limits?: RunLimits;
  /** Aborting it cancels the run ("Starlark computation cancelled: <reason>"). */
  readonly signal?: AbortSignal;
  /** Each print(), as text. */
  readonly print?: (text: string) => void;
  /** Each print(), as the Starlark byte string (one char per byte) — for exact output. */
  readonly printBytes?: (data: string) => void;
  /** Debug this run in that session (compiled with debugger hooks; a thread of the session). */
  readonly debug?: DebugSession;
  /**
   * Reuse the main module's executed, frozen globals from an earlier run in the same worker when
   * the main module and every module its top level loaded have the same path and source, and
   * that top level called no host builtin, service or loader (README: "Kept globals"). A
   * debugged run always executes its modules.
   */
  readonly keepGlobals?: boolean;
  /**
   * A worker extension (builtins running inside the worker, see worker/extension.ts): its name
   * in the worker script, the data its `begin` gets, and the host functions it may call.
   */
  readonly extension?: {
    readonly name: string;
    readonly input?: unknown;
    readonly services?: Readonly<Record<string, HostFunction>>;
  };
}

export interface RunResult {
  /** What `call` returned, as a JSON-like value (undefined without `call`). */
  readonly value: unknown;
  /** Execution steps (loop iterations and calls). */
  readonly steps: number;
  readonly durationMs: number;
}

/** A run in progress. */
export interface RunHandle {
  readonly id: number;
  readonly name: string;
  readonly done: Promise<RunResult>;
  /** Stops the run at once; `done` rejects with "Starlark computation cancelled: <reason>". */
  cancel(reason?: string): void;
}

export class StarlarkHost {
  private readonly maxWorkers: number;
  private readonly minWorkers: number;
  private readonly resourceLimits: ResourceLimits;
  private readonly stopGraceMs: number;
  private readonly script: Promise<URL>;
  private readonly workers = new Set<HostWorker>();
  private readonly idle: HostWorker[] = [];
  private readonly waiting: HostThread[] = [];
  private readonly running = new Map<HostWorker, HostThread>();
  /** Workers asked for whose script is not loaded yet. */
  private pending = 0;
  /** Workers created that have not reported ready. */
  private notReady = 0;
  private spawnError: Error | undefined;
  private nextRunId = 1;
  private disposed = false;
  /** Workers terminated because their thread would not stop when asked. */
  private replaced = 0;

  constructor(options: HostOptions = {}) {
    this.maxWorkers = Math.max(1, options.maxWorkers ?? Math.max(2, availableParallelism()));
    this.minWorkers = Math.min(this.maxWorkers, Math.max(0, options.minWorkers ?? 1));
    this.resourceLimits = options.resourceLimits ?? { maxOldGenerationSizeMb: 512 };
    this.stopGraceMs = options.stopGraceMs ?? 50;
    this.script = options.workerScript
      ? Promise.resolve(options.workerScript)
      : defaultWorkerScript();
    this.script.catch(() => {}); // reported by the runs that need it
    this.dispatch();
  }

  /** Runs a request to the end. */
  run(request: RunRequest): Promise<RunResult> {
    try {
      return this.start(request).done;
    } catch (e) {
      return Promise.reject(e as Error);
    }
  }

  /** Starts a run (or queues it when every worker is busy). */
  start(request: RunRequest): RunHandle {
    if (this.disposed) throw new Error('the Starlark host was disposed');
    this.spawnError = undefined;
    const thread = new HostThread(this.nextRunId++, request, this.stopGraceMs, (t) =>
      this.finished(t),
    );
    if (request.signal?.aborted) {
      thread.cancel(abortReason(request.signal));
    } else {
      request.signal?.addEventListener('abort', () => thread.cancel(abortReason(request.signal!)), {
        once: true,
      });
      this.waiting.push(thread);
      this.dispatch();
    }
    return thread.handle;
  }

  /** Workers and runs right now. */
  get stats(): {
    workers: number;
    idle: number;
    running: number;
    waiting: number;
    replaced: number;
  } {
    return {
      replaced: this.replaced,
      workers: this.workers.size,
      idle: this.idle.length,
      running: this.running.size,
      waiting: this.waiting.length,
    };
  }

  /** Cancels every run and terminates every worker. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const t of [...this.waiting, ...this.running.values()])
      t.cancel('the host is shutting down');
    const workers = [...this.workers];
    for (const w of workers) w.terminate();
    await Promise.all(workers.map((w) => w.closed));
  }

  /** Gives waiting runs idle workers, and starts workers for the rest, up to the limit. */
  private dispatch(): void {
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      if (this.waiting[i]!.isDone) this.waiting.splice(i, 1);
    }
    while (this.waiting.length > 0 && this.idle.length > 0) {
      const thread = this.waiting.shift()!;
      const worker = this.idle.shift()!;
      this.running.set(worker, thread);
      worker.busy();
      thread.startOn(worker);
    }
    if (this.disposed) return;
    const live = this.workers.size + this.pending;
    const coming = this.pending + this.notReady;
    const wanted = Math.min(this.waiting.length - coming, this.maxWorkers - live);
    for (let i = 0; i < wanted; i++) this.spawn();
    if (this.spawnError === undefined) {
      for (let n = this.workers.size + this.pending; n < this.minWorkers; n++) this.spawn();
    }
  }

  private spawn(): void {
    this.pending++;
    void this.script
      .then(
        (script) => {
          this.pending--;
          const worker = new HostWorker(
            script,
            this.resourceLimits,
            (w, m) => this.running.get(w)?.receive(m),
            (w, error) => this.exited(w, error),
          );
          this.workers.add(worker);
          this.notReady++;
          return worker.ready
            .finally(() => this.notReady--)
            .then(() => {
              this.spawnError = undefined;
              worker.idle();
              if (this.disposed) worker.terminate();
              else this.idle.push(worker);
            });
        },
        (error: Error) => {
          this.pending--;
          throw error;
        },
      )
      .catch((error: Error) => {
        // A worker that cannot start fails the runs waiting for one (more would fail alike);
        // the next run tries again.
        this.spawnError = error;
        if (this.idle.length + this.notReady + this.pending > 0) return;
        for (const t of this.waiting.splice(0)) {
          t.fail(`cannot start a Starlark worker: ${error.message}`);
        }
      })
      .finally(() => this.dispatch());
  }

  private finished(thread: HostThread): void {
    const worker = thread.worker;
    if (worker === undefined || this.running.get(worker) !== thread) return;
    this.running.delete(worker);
    if (worker.exited || worker.terminating) {
      this.workers.delete(worker);
    } else if (thread.workerMustGo) {
      // Stopped by force: its replacement starts now, not when the old one is gone.
      this.workers.delete(worker);
      worker.terminate();
      this.replaced++;
    } else {
      worker.idle();
      this.idle.push(worker);
    }
    this.dispatch();
  }

  private exited(worker: HostWorker, error: Error | undefined): void {
    this.workers.delete(worker);
    const i = this.idle.indexOf(worker);
    if (i >= 0) this.idle.splice(i, 1);
    const thread = this.running.get(worker);
    this.running.delete(worker);
    thread?.workerExited(worker, error);
    this.dispatch();
  }
}

function abortReason(signal: AbortSignal): string {
  const r: unknown = signal.reason;
  if (typeof r === 'string') return r;
  if (r instanceof Error && r.name !== 'AbortError') return r.message;
  return 'cancelled';
}

interface Declared {
  readonly fn: HostFunction;
  readonly declaration: BuiltinDeclaration;
}

/** A run, from the host's side: its worker, its builtins, its timers and its result. */
export class HostThread {
  readonly handle: RunHandle;
  readonly name: string;
  worker: HostWorker | undefined;
  /** Set when the worker cannot be trusted any more (it was stopped by force). */
  workerMustGo = false;
  private readonly builtins = new Map<string, Declared>();
  private readonly services: ReadonlyMap<string, HostFunction>;
  /** Made on the first builtin call (most runs make none): aborted when the run ends. */
  private aborter: AbortController | undefined;
  private resolve!: (r: RunResult) => void;
  private reject!: (e: StarlarkRunError) => void;
  private done = false;
  private startedAt = 0;
  private where: readonly WireFrame[] = [];
  private cancelReason: string | undefined;
  private graceTimer: NodeJS.Timeout | undefined;
  private timeoutTimer: NodeJS.Timeout | undefined;
  /** Milliseconds of the timeout left when the thread stopped in the debugger. */
  private timeLeft: number | undefined;
  private timeoutAt = Infinity;
  private nextRequestId = 1;
  private readonly requests = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();

  constructor(
    readonly id: number,
    readonly request: RunRequest,
    private readonly stopGraceMs: number,
    private readonly onFinished: (t: HostThread) => void,
  ) {
    this.name = request.name ?? request.main.path;
    const done = new Promise<RunResult>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.handle = {
      id,
      name: this.name,
      done,
      cancel: (reason) => this.cancel(reason ?? 'cancelled'),
    };
    for (const [name, b] of Object.entries(request.builtins ?? {})) {
      const spec = typeof b === 'function' ? { fn: b } : b;
      this.builtins.set(name, {
        fn: spec.fn,
        declaration: { name, params: spec.params, values: spec.values ?? 'plain' },
      });
    }
    this.services = new Map(Object.entries(request.extension?.services ?? {}));
    this.validate();
  }

  get isDone(): boolean {
    return this.done;
  }

  private validate(): void {
    const r = this.request;
    for (const name of this.builtins.keys()) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`invalid builtin name "${name}"`);
    }
    for (const lib of r.libraries ?? []) {
      if (!(libraryNames as readonly string[]).includes(lib))
        throw new Error(`unknown library "${lib}"`);
    }
    optionsFromNames(r.dialect ?? []); // throws on an unknown name, listing the valid ones
  }

  /** Sends the run to its worker. */
  startOn(worker: HostWorker): void {
    this.worker = worker;
    this.startedAt = performance.now();
    const r = this.request;
    const session = r.debug;
    worker.post({
      type: 'run',
      job: {
        runId: this.id,
        name: this.name,
        main: { path: r.main.path, source: r.main.source },
        modules: Object.fromEntries(
          Object.entries(r.modules ?? {}).map(([name, m]) => [
            name,
            typeof m === 'string' ? { path: name, source: m } : { path: m.path, source: m.source },
          ]),
        ),
        hostLoader: r.load !== undefined,
        call: r.call && {
          function: r.call.function,
          args: r.call.args ?? [],
          kwargs: r.call.kwargs ?? {},
        },
        builtins: [...this.builtins.values()].map((b) => b.declaration),
        libraries: r.libraries ?? libraryNames,
        dialect: r.dialect ?? [],
        limits: r.limits ?? {},
        debug: session?.attach(this),
        keepGlobals: r.keepGlobals ?? false,
        ...(r.extension
          ? { extension: { name: r.extension.name, input: r.extension.input ?? null } }
          : {}),
      },
    });
    const timeout = r.limits?.timeoutMs;
    if (timeout !== undefined) this.armTimeout(timeout);
  }

  /** The worker checks its own deadline; this timer catches a worker that cannot. */
  private armTimeout(ms: number): void {
    this.timeoutAt = Date.now() + ms;
    this.timeoutTimer = setTimeout(
      () => this.force(`timed out after ${(this.request.limits?.timeoutMs ?? 0) / 1000}s`),
      ms + this.stopGraceMs,
    );
  }

  receive(m: WorkerMessage): void {
    if (this.done || !('runId' in m) || m.runId !== this.id) return;
    const session = this.request.debug;
    switch (m.type) {
      case 'call':
        this.callBuiltin(m.callId, m.name, m.args, m.kwargs, m.service === true);
        return;
      case 'load':
        this.load(m.callId, m.module, m.from);
        return;
      case 'print':
        for (const line of m.lines) {
          this.request.printBytes?.(line);
          const text = decodeUtf8(line);
          this.request.print?.(text);
          session?.threadOutput(this, text + '\n');
        }
        return;
      case 'where':
        this.where = m.callStack;
        return;
      case 'done':
        if (m.ok) this.settle({ value: m.value, steps: m.steps, durationMs: this.elapsed() });
        else this.settle(new StarlarkRunError(m.error!));
        return;
      case 'stopped':
        if (this.timeoutTimer !== undefined) {
          clearTimeout(this.timeoutTimer);
          this.timeoutTimer = undefined;
          this.timeLeft = Math.max(0, this.timeoutAt - Date.now());
        }
        session?.threadStopped(this, m.stop);
        return;
      case 'continued':
        if (this.timeLeft !== undefined) {
          this.armTimeout(this.timeLeft);
          this.timeLeft = undefined;
        }
        session?.threadContinued(this);
        return;
      case 'debugReply': {
        const pending = this.requests.get(m.requestId);
        this.requests.delete(m.requestId);
        if (m.ok) pending?.resolve(m.result);
        else pending?.reject(new Error(m.message));
        return;
      }
      case 'logpoint':
        session?.threadOutput(this, m.text, { file: m.file, line: m.line });
        return;
      case 'breakpoint':
        session?.breakpointResolved(m.id, m.verified, m.line, m.message);
        return;
    }
  }

  /** Sends a request to the thread's debugger (see DebugSession). */
  debugRequest(request: DebugRequest): Promise<unknown> {
    if (this.done || this.worker === undefined) {
      return Promise.reject(new Error(`thread ${this.id} is not running`));
    }
    const requestId = this.nextRequestId++;
    return new Promise((resolve, reject) => {
      this.requests.set(requestId, { resolve, reject });
      this.worker!.post({ type: 'debug', runId: this.id, requestId, request });
    });
  }

  private callBuiltin(
    callId: number,
    name: string,
    args: readonly unknown[],
    kwargs: Readonly<Record<string, unknown>>,
    service: boolean,
  ): void {
    const fn = service ? this.services.get(name) : this.builtins.get(name)?.fn;
    this.aborter ??= new AbortController();
    const call: BuiltinCall = { args, kwargs, thread: this.name, signal: this.aborter.signal };
    Promise.resolve()
      .then(() => {
        if (fn === undefined)
          throw new Error(`${name}: no such ${service ? 'service' : 'builtin'}`);
        return fn(call);
      })
      .then(
        (value) => {
          const bad = notData(value);
          if (bad === undefined) this.reply(callId, true, value);
          else
            this.reply(
              callId,
              false,
              `${name} returned ${bad}, which cannot become a Starlark value`,
            );
        },
        (e: unknown) => this.reply(callId, false, messageOf(e)),
      );
  }

  private load(callId: number, module: string, from: string): void {
    const load = this.request.load!;
    Promise.resolve()
      .then(() => load(module, from))
      .then(
        (m) => {
          if (typeof m?.path !== 'string' || typeof m.source !== 'string') {
            throw new Error('the host gave no module');
          }
          this.reply(callId, true, { path: m.path, source: m.source });
        },
        (e: unknown) => this.reply(callId, false, messageOf(e)),
      )
      .catch((e: unknown) => this.reply(callId, false, messageOf(e)));
  }

  private reply(callId: number, ok: boolean, value: unknown): void {
    if (this.done || this.worker === undefined) return;
    this.worker.post(
      ok
        ? { type: 'reply', callId, ok, value }
        : { type: 'reply', callId, ok, message: value as string },
    );
  }

  /** Stops the run: asks its worker, and terminates the worker if it does not stop in time. */
  cancel(reason: string): void {
    if (this.done) return;
    this.cancelReason ??= reason;
    if (this.worker === undefined) {
      this.settle(StarlarkRunError.stopped(reason, []));
      return;
    }
    this.worker.post({ type: 'cancel', runId: this.id, reason });
    this.graceTimer ??= setTimeout(() => this.force(reason), this.stopGraceMs);
  }

  /** Terminates the worker (a thread stuck inside a builtin); the run fails with its last known stack. */
  private force(reason: string): void {
    if (this.done) return;
    this.workerMustGo = true;
    this.settle(StarlarkRunError.stopped(reason, this.where));
  }

  /** The run cannot start: no worker. */
  fail(message: string): void {
    this.settle(
      new StarlarkRunError({ kind: 'eval', message, text: `Error: ${message}`, callStack: [] }),
    );
  }

  workerExited(_worker: HostWorker, error: Error | undefined): void {
    if (this.done) return;
    const code = (error as { code?: string } | undefined)?.code;
    if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
      const mb = _worker.resourceLimits.maxOldGenerationSizeMb;
      this.settle(StarlarkRunError.stopped(`out of memory (limit: ${mb} MB)`, this.where));
    } else if (this.cancelReason !== undefined) {
      this.settle(StarlarkRunError.stopped(this.cancelReason, this.where));
    } else {
      const why = error ? error.message : 'it exited';
      this.fail(`the Starlark worker failed: ${why}`);
    }
  }

  private settle(outcome: RunResult | StarlarkRunError): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.graceTimer);
    clearTimeout(this.timeoutTimer);
    // A reason of our own: the default AbortError is a DOMException that captures a stack.
    this.aborter?.abort(new Error('the run ended'));
    for (const p of this.requests.values()) p.reject(new Error(`thread ${this.id} ended`));
    this.requests.clear();
    this.request.debug?.detach(this, outcome instanceof StarlarkRunError ? outcome : undefined);
    if (outcome instanceof StarlarkRunError) this.reject(outcome);
    else this.resolve(outcome);
    this.onFinished(this);
  }

  private elapsed(): number {
    return performance.now() - this.startedAt;
  }
}

/** An error's message, and nothing else of it: host objects never reach Starlark. */
function messageOf(e: unknown): string {
  if (e instanceof Error) return String(e.message);
  if (typeof e === 'string') return e;
  return 'failed';
}
