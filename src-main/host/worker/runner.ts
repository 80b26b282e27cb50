/**
 * Runs jobs in a worker: one Starlark thread at a time, its module compiled (or taken from the
 * worker's cache), its host builtins and load() turned into blocking calls to the host, its
 * limits checked, its print output batched, its debugger (when asked for) attached.
 */
import {
  type Program,
  Builtin,
  EvalError,
  StarlarkError,
  StarlarkSyntaxError,
  StaticErrors,
  Thread,
  callFunction,
  compileFile,
  optionsFromNames,
  type CallFrame,
  type KwArgs,
  type Value,
  json,
  math,
  module,
  struct,
  time,
  unpackArgs,
} from '../../starlark/index';
import type { BuiltinDeclaration, ControlMessage, RunJob, WireError, WireFrame } from '../protocol';
import { DebugAgent } from './debug-agent';
import type { ExtensionRun, WorkerExtension } from './extension';
import type { HostLink } from './link';
import { fromHost, toHost } from './values';

/** The libraries a run may ask for by name. */
export const libraries: ReadonlyMap<string, Value> = new Map<string, Value>([
  ['json', json],
  ['math', math],
  ['time', time],
  ['struct', struct],
  ['module', module],
]);

/** Steps between the periodic checks (deadline, control messages, pause requests). */
const checkInterval = 1000;
/** How often a running thread tells the host where it is (for a forced stop's backtrace). */
const whereEveryMs = 100;
/** print() output is sent when this much is buffered, or this old. */
const outputBytes = 1 << 16;
const outputAgeMs = 50;
/** Compiled modules kept per worker. */
const cacheSize = 256;
/** Executed modules (their frozen globals) kept per worker. */
const keptSize = 64;

/** A module's frozen globals, and the sources they were made from. */
interface KeptGlobals {
  readonly source: string;
  /** The modules its top level loaded (by the name load() used): path and source. */
  readonly loads: ReadonlyMap<string, { readonly path: string; readonly source: string }>;
  readonly globals: ReadonlyMap<string, Value>;
}

export class JobRunner {
  private readonly compiled = new Map<string, { source: string; program: Program }>();
  /** One Builtin per host builtin name, shared by all runs so compiled programs can be reused. */
  private readonly builtinValues = new Map<string, Builtin>();
  /** Executed modules by what they were compiled with (runs asking for keepGlobals). */
  private readonly kept = new Map<string, KeptGlobals>();
  private current: ActiveRun | undefined;

  constructor(
    readonly link: HostLink,
    readonly extensions: ReadonlyMap<string, WorkerExtension> = new Map(),
  ) {
    link.onControl = (m) => this.control(m);
  }

  /** Globals kept under `key`, when made from the same sources; `loads` names each source. */
  keptGlobals(
    key: string,
    source: string,
    modules: RunJob['modules'],
  ): ReadonlyMap<string, Value> | undefined {
    const hit = this.kept.get(key);
    if (hit === undefined || hit.source !== source) return undefined;
    for (const [name, m] of hit.loads) {
      const now = Object.hasOwn(modules, name) ? modules[name] : undefined;
      if (now === undefined || now.path !== m.path || now.source !== m.source) return undefined;
    }
    this.kept.delete(key);
    this.kept.set(key, hit);
    return hit.globals;
  }

  keep(key: string, kept: KeptGlobals): void {
    this.kept.delete(key);
    this.kept.set(key, kept);
    if (this.kept.size > keptSize) this.kept.delete(this.kept.keys().next().value!);
  }

  /** Handles a control message: a new run (when idle), or one for the run in progress. */
  control(message: ControlMessage): void {
    switch (message.type) {
      case 'run':
        this.start(message.job);
        return;
      case 'cancel':
        if (this.current?.job.runId === message.runId) this.current.thread.cancel(message.reason);
        return;
      case 'debug': {
        const run = this.current;
        if (run?.job.runId === message.runId && run.agent !== undefined) {
          run.agent.handle(message.requestId, message.request);
        } else {
          this.link.post({
            type: 'debugReply',
            runId: message.runId,
            requestId: message.requestId,
            ok: false,
            message: 'the thread has ended',
          });
        }
        return;
      }
      case 'reply':
        return; // for a call that was given up: stale
    }
  }

  private start(job: RunJob): void {
    let run: ActiveRun | undefined;
    try {
      run = this.current = new ActiveRun(this, job);
      const value = run.execute();
      run.output.flush();
      this.link.post({ type: 'done', runId: job.runId, steps: run.thread.steps, ok: true, value });
    } catch (e) {
      run?.output.flush();
      const thread = run?.thread ?? new Thread();
      const error = wireError(e, thread);
      this.link.post({ type: 'done', runId: job.runId, steps: thread.steps, ok: false, error });
    } finally {
      this.current = undefined;
    }
  }

  /** The builtin value for a host builtin name (the same object for every run). */
  builtinValue(name: string): Builtin {
    let b = this.builtinValues.get(name);
    if (b === undefined) {
      b = new Builtin(name, (thread, args, kwargs) => {
        const run = this.current;
        if (run === undefined || run.thread !== thread) {
          throw new StarlarkError(`${name}: not available on this thread`);
        }
        return run.callBuiltin(name, args, kwargs);
      });
      this.builtinValues.set(name, b);
    }
    return b;
  }

  /** Compiles a module, or takes it from the cache when nothing that matters changed. */
  compile(
    path: string,
    source: string,
    predeclared: ReadonlyMap<string, Value>,
    dialect: readonly string[],
    debug: boolean,
  ): Program {
    const key = [path, debug, dialect.join(','), [...predeclared.keys()].join(',')].join('\0');
    const hit = this.compiled.get(key);
    if (hit !== undefined && hit.source === source) {
      this.compiled.delete(key);
      this.compiled.set(key, hit);
      return hit.program;
    }
    const program = compileFile(path, source, predeclared, {
      fileOptions: optionsFromNames(dialect),
      debug,
    });
    this.compiled.set(key, { source, program });
    if (this.compiled.size > cacheSize) {
      this.compiled.delete(this.compiled.keys().next().value!);
    }
    return program;
  }
}

type Loaded = { globals: ReadonlyMap<string, Value> } | { error: unknown } | 'loading';

/** One job being run. */
class ActiveRun {
  readonly thread = new Thread();
  readonly output: Output;
  readonly agent: DebugAgent | undefined;
  private readonly predeclared: Map<string, Value>;
  private readonly declarations: ReadonlyMap<string, BuiltinDeclaration>;
  private readonly loaded = new Map<string, Loaded>();
  /** The job's modules the top level loaded, by name (for keeping its globals). */
  private readonly loads = new Map<string, { path: string; source: string }>();
  /** Calls to the host so far (builtins, services, load): globals made with one are not kept. */
  private hostCalls = 0;
  private readonly extension: WorkerExtension | undefined;
  private readonly extensionRun: ExtensionRun | undefined;
  /** Epoch ms when the run times out (moved on by time stopped in the debugger). */
  private deadline: number;
  private readonly timeoutReason: string;
  private lastWhere = 0;

  constructor(
    private readonly runner: JobRunner,
    readonly job: RunJob,
  ) {
    const link = runner.link;
    this.output = new Output((lines) => link.post({ type: 'print', runId: job.runId, lines }));
    this.declarations = new Map(job.builtins.map((b) => [b.name, b]));
    this.predeclared = new Map();
    for (const name of job.libraries) {
      const lib = libraries.get(name);
      if (lib === undefined) throw new Error(`unknown library ${name}`);
      this.predeclared.set(name, lib);
    }
    if (job.extension !== undefined) {
      const ext = runner.extensions.get(job.extension.name);
      if (ext === undefined) throw new Error(`this worker has no extension ${job.extension.name}`);
      this.extension = ext;
      for (const [name, value] of ext.builtins) this.predeclared.set(name, value);
      this.extensionRun = {
        thread: this.thread,
        input: job.extension.input,
        callService: (name, args) => this.callService(name, args),
      };
    }
    for (const b of job.builtins) this.predeclared.set(b.name, runner.builtinValue(b.name));

    const t = this.thread;
    t.name = job.name;
    t.print = (_t, msg) => this.output.add(msg);
    t.load = (_t, name) => this.load(name);
    const limits = job.limits;
    if (limits.maxSteps !== undefined) t.maxSteps = limits.maxSteps;
    if (limits.maxCallDepth !== undefined) t.maxCallDepth = limits.maxCallDepth;
    this.deadline = limits.timeoutMs !== undefined ? Date.now() + limits.timeoutMs : Infinity;
    this.timeoutReason = `timed out after ${(limits.timeoutMs ?? 0) / 1000}s`;
    t.checkInterval = checkInterval;
    t.onCheck = () => this.check();
    this.agent = job.debug ? new DebugAgent(this, job.debug) : undefined;
    t.scheduleCheck();
    if (this.extensionRun !== undefined) this.extension?.begin?.(this.extensionRun);
  }

  get link(): HostLink {
    return this.runner.link;
  }

  get runId(): number {
    return this.job.runId;
  }

  /** Time stopped in the debugger does not count toward the timeout. */
  extendDeadline(ms: number): void {
    this.deadline += ms;
  }

  /** Runs the module, then the function asked for; returns its result for the host. */
  execute(): unknown {
    const { path } = this.job.main;
    const globals =
      this.job.keepGlobals && this.job.debug === undefined ? this.keptGlobals() : this.runMain();
    const call = this.job.call;
    if (call === undefined) return undefined;
    const fn = globals.get(call.function);
    if (fn === undefined) {
      throw new StarlarkError(`${path} does not define ${call.function}`);
    }
    const args = call.args.map((a) => fromHost(a, 'an argument'));
    const kwargs: [string, Value][] = Object.entries(call.kwargs).map(([k, v]) => [
      k,
      fromHost(v, 'an argument'),
    ]);
    const result = callFunction(this.thread, fn, args, kwargs);
    if (this.extension?.result !== undefined)
      return this.extension.result(this.extensionRun!, result);
    return toHost(result, 'plain', `the result of ${call.function}`);
  }

  private runMain(): ReadonlyMap<string, Value> {
    const { path, source } = this.job.main;
    const { globals, error } = this.compile(path, source).run(this.thread);
    if (error) throw error;
    return globals;
  }

  /**
   * The main module's globals as an earlier run of this worker left them, when it was made from
   * the same sources and its top level asked the host nothing; else executed now (and kept).
   */
  private keptGlobals(): ReadonlyMap<string, Value> {
    const job = this.job;
    const key = [
      job.main.path,
      job.dialect.join(','),
      [...this.predeclared.keys()].join(','),
      job.extension?.name ?? '',
    ].join('\0');
    const hit = this.runner.keptGlobals(key, job.main.source, job.modules);
    if (hit !== undefined) return hit;
    const calls = this.hostCalls;
    const globals = this.runMain();
    if (this.hostCalls === calls)
      this.runner.keep(key, { source: job.main.source, loads: new Map(this.loads), globals });
    return globals;
  }

  private compile(path: string, source: string): Program {
    return this.runner.compile(
      path,
      source,
      this.predeclared,
      this.job.dialect,
      this.job.debug !== undefined,
    );
  }

  /** The periodic check: control messages, the deadline, pause requests, output, whereabouts. */
  private check(): void {
    const link = this.link;
    if (link.pending) link.drain();
    const now = Date.now();
    if (now > this.deadline) this.thread.cancel(this.timeoutReason);
    this.agent?.debugger.pauseIfRequested();
    this.output.flushIfOlder(now);
    if (now - this.lastWhere >= whereEveryMs) {
      this.lastWhere = now;
      link.post({
        type: 'where',
        runId: this.runId,
        callStack: wireStack(this.thread.callStack()),
      });
    }
  }

  /** A host builtin called from Starlark: blocks until the host answers. */
  callBuiltin(name: string, args: readonly Value[], kwargs: KwArgs): Value {
    const decl = this.declarations.get(name)!;
    let hostArgs: unknown[];
    const hostKwargs: Record<string, unknown> = {};
    if (decl.params !== undefined) {
      const values = unpackArgs(name, args, kwargs, decl.params);
      hostArgs = [];
      decl.params.forEach((p, i) => {
        const v = values[i];
        const param = p.replace(/\?+$/, '');
        if (v !== undefined) {
          Object.defineProperty(hostKwargs, param, {
            value: toHost(v, decl.values, param),
            enumerable: true,
          });
        }
      });
    } else {
      hostArgs = args.map((a, i) => toHost(a, decl.values, `argument ${i + 1}`));
      for (const [k, v] of kwargs) {
        Object.defineProperty(hostKwargs, k, {
          value: toHost(v, decl.values, k),
          enumerable: true,
        });
      }
    }
    return fromHost(this.callHost(name, hostArgs, hostKwargs, false), name);
  }

  /** A service of the run's extension, called by one of its builtins. */
  callService(name: string, args: Readonly<Record<string, unknown>>): unknown {
    return this.callHost(name, [], args, true);
  }

  /** Posts a call to the host and blocks until it answers; its answer as data. */
  private callHost(
    name: string,
    args: readonly unknown[],
    kwargs: Readonly<Record<string, unknown>>,
    service: boolean,
  ): unknown {
    this.hostCalls++;
    this.output.flush();
    const link = this.link;
    const callId = link.nextCallId();
    const reply = link.call(
      callId,
      {
        type: 'call',
        runId: this.runId,
        callId,
        name,
        args,
        kwargs,
        ...(service ? { service } : {}),
      },
      () => this.thread.cancelReason !== undefined,
      () => this.deadline,
    );
    if (reply === 'timeout') this.thread.cancel(this.timeoutReason);
    if (reply === 'stopped' || reply === 'timeout') throw this.cancelled();
    if (!reply.ok) throw new StarlarkError(reply.message ?? 'failed');
    return reply.value;
  }

  cancelled(): StarlarkError {
    return new StarlarkError(`Starlark computation cancelled: ${this.thread.cancelReason}`);
  }

  /** load(): a module of the job, or one the host provides; each executed once per run. */
  private load(name: string): ReadonlyMap<string, Value> {
    let path: string;
    let source: string;
    if (Object.hasOwn(this.job.modules, name)) {
      ({ path, source } = this.job.modules[name]!);
      this.loads.set(name, { path, source });
    } else if (this.job.hostLoader) {
      ({ path, source } = this.askHostFor(name));
    } else {
      throw new Error('module not found');
    }
    const entry = this.loaded.get(path);
    if (entry === 'loading') throw new Error('cycle in load graph');
    if (entry !== undefined) {
      if ('error' in entry) throw entry.error;
      return entry.globals;
    }
    this.loaded.set(path, 'loading');
    try {
      const { globals, error } = this.compile(path, source).run(this.thread);
      if (error) throw error;
      this.loaded.set(path, { globals });
      return globals;
    } catch (e) {
      this.loaded.set(path, { error: e });
      throw e;
    }
  }

  private askHostFor(module: string): { path: string; source: string } {
    this.hostCalls++;
    this.output.flush();
    const link = this.link;
    const callId = link.nextCallId();
    const from = this.thread.frame?.pos.file ?? this.job.main.path;
    const reply = link.call(
      callId,
      { type: 'load', runId: this.runId, callId, module, from },
      () => this.thread.cancelReason !== undefined,
      () => this.deadline,
    );
    if (reply === 'timeout') this.thread.cancel(this.timeoutReason);
    if (reply === 'stopped' || reply === 'timeout') throw this.cancelled();
    if (!reply.ok) throw new Error(reply.message ?? 'module not found');
    return reply.value as { path: string; source: string };
  }
}

/** print() output, sent to the host in batches. */
export class Output {
  private lines: string[] = [];
  private size = 0;
  private since = 0;

  constructor(private readonly send: (lines: string[]) => void) {}

  add(line: string): void {
    if (this.lines.length === 0) this.since = Date.now();
    this.lines.push(line);
    this.size += line.length;
    if (this.size >= outputBytes) this.flush();
  }

  flushIfOlder(now: number): void {
    if (this.lines.length > 0 && now - this.since >= outputAgeMs) this.flush();
  }

  flush(): void {
    if (this.lines.length === 0) return;
    const lines = this.lines;
    this.lines = [];
    this.size = 0;
    this.send(lines);
  }
}

function wireStack(stack: readonly CallFrame[]): WireFrame[] {
  return stack.map((f) => ({ name: f.name, file: f.pos.file, line: f.pos.line, col: f.pos.col }));
}

/** An error ending a run, as the host receives it. */
function wireError(e: unknown, thread: Thread): WireError {
  if (e instanceof StarlarkSyntaxError) {
    const text = String(e);
    return { kind: 'syntax', message: text, text, callStack: [] };
  }
  if (e instanceof StaticErrors) {
    return { kind: 'static', message: e.message, text: e.message, callStack: [] };
  }
  if (e instanceof EvalError) {
    const kind = thread.cancelReason !== undefined ? 'cancelled' : 'eval';
    return { kind, message: e.message, text: e.backtrace(), callStack: wireStack(e.callStack) };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { kind: 'eval', message, text: `Error: ${message}`, callStack: [] };
}
