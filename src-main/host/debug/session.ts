/**
 * A debugging session: the breakpoints a front end set, and the Starlark threads being debugged.
 *
 * A run started with `debug: session` becomes a thread of the session: its worker compiles it
 * with debugger hooks and attaches the engine's Debugger (worker/debug-agent.ts) with the
 * session's breakpoints. Any number of threads can be attached — a launched file, or every
 * reconcile the reconciler runtime starts while the workbench debugs — and each stops on its own.
 * The session gives frames and variables ids unique across its threads (the Debug Adapter
 * Protocol wants them so); they are valid until their thread resumes.
 *
 * The session knows nothing of the protocol: dap/server.ts speaks DAP over a session, and the
 * workbench can drive a session directly.
 */
import {
  type Breakpoint,
  type BreakpointSpec,
  type ScopeInfo,
  type StackFrameInfo,
  type StopReason,
  type VariableInfo,
  newBreakpoint,
  placeBreakpoints,
  type ResumeMode,
} from '../../starlark/debug/index';
import { parse } from '../../starlark/index';
import type { StarlarkRunError } from '../errors';
import type { HostThread } from '../host';
import type { DebugRequest, DebugSetup, FileBreakpoints, StopInfo } from '../protocol';

export interface BreakpointInfo {
  readonly id: number;
  readonly file: string;
  readonly verified: boolean;
  readonly line: number;
  readonly message?: string;
}

export interface ThreadInfo {
  readonly id: number;
  readonly name: string;
  readonly stopped: boolean;
}

export interface FrameInfo extends StackFrameInfo {
  /** Unique in the session until the thread resumes. */
  readonly id: number;
}

export interface SessionEvents {
  /** A thread joined (a run started) or left (its run ended; `error` when it failed). */
  thread: {
    reason: 'started' | 'exited';
    threadId: number;
    name: string;
    error?: StarlarkRunError;
  };
  stopped: {
    threadId: number;
    reason: StopReason;
    description?: string;
    breakpointIds: readonly number[];
  };
  continued: { threadId: number };
  /** print() output and logpoint messages. */
  output: {
    threadId: number;
    text: string;
    file?: string;
    line?: number;
    category: 'stdout' | 'console';
  };
  /** A breakpoint's verification or line changed (its file was loaded). */
  breakpoint: BreakpointInfo;
}

type Listener<K extends keyof SessionEvents> = (event: SessionEvents[K]) => void;

export interface SessionOptions {
  /** A file's text, to verify breakpoints before the file is loaded (undefined: not available). */
  readonly readSource?: (file: string) => string | undefined;
}

interface Thread {
  readonly host: HostThread;
  stopped: boolean;
}

export class DebugSession {
  /** Stop a thread as soon as it starts (reason 'entry'). */
  stopOnEntry = false;
  private pauseOnErrorValue = false;
  private readonly files = new Map<string, { specs: BreakpointSpec[]; list: BreakpointInfo[] }>();
  private nextBreakpointId = 1;
  private readonly threadsById = new Map<number, Thread>();
  private readonly frames = new Map<number, { thread: Thread; index: number }>();
  private readonly refs = new Map<number, { thread: Thread; ref: number }>();
  private nextId = 1;
  private readonly listeners = new Map<keyof SessionEvents, Set<(e: never) => void>>();

  constructor(private readonly options: SessionOptions = {}) {}

  on<K extends keyof SessionEvents>(event: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(event);
    if (set === undefined) this.listeners.set(event, (set = new Set()));
    set.add(listener as (e: never) => void);
    return () => set.delete(listener as (e: never) => void);
  }

  private emit<K extends keyof SessionEvents>(event: K, payload: SessionEvents[K]): void {
    for (const l of this.listeners.get(event) ?? []) (l as Listener<K>)(payload);
  }

  // ---------------------------------------------------------------------------------------
  // Configuration

  /**
   * Replaces the breakpoints of a file. They are verified against the file's text when the
   * session can read it, else when a thread loads the file (a 'breakpoint' event follows).
   */
  setBreakpoints(file: string, specs: readonly BreakpointSpec[]): BreakpointInfo[] {
    const list = specs.map((spec) => newBreakpoint(this.nextBreakpointId++, file, spec));
    const source = this.options.readSource?.(file);
    if (source !== undefined) {
      const parsed = parse(file, source);
      if (parsed.ok) placeBreakpoints(list, parsed.file);
    }
    const infos = list.map(info);
    if (specs.length === 0) this.files.delete(file);
    else this.files.set(file, { specs: [...specs], list: infos });
    const update: FileBreakpoints = { file, specs, ids: infos.map((b) => b.id) };
    for (const t of this.threadsById.values()) {
      void t.host.debugRequest({ kind: 'setBreakpoints', breakpoints: update }).catch(() => {});
    }
    return infos;
  }

  /** Stop threads when an error is raised, before the stack unwinds. */
  setPauseOnError(on: boolean): void {
    this.pauseOnErrorValue = on;
    for (const t of this.threadsById.values()) {
      void t.host.debugRequest({ kind: 'setPauseOnError', on }).catch(() => {});
    }
  }

  // ---------------------------------------------------------------------------------------
  // Threads

  threads(): ThreadInfo[] {
    return [...this.threadsById.values()].map((t) => ({
      id: t.host.id,
      name: t.host.name,
      stopped: t.stopped,
    }));
  }

  /** Asks a running thread to stop. */
  pause(threadId: number): Promise<void> {
    return this.request(this.thread(threadId), { kind: 'pause' }).then(() => {});
  }

  /** Resumes a stopped thread: run on, or step. */
  resume(threadId: number, mode: ResumeMode): Promise<void> {
    const t = this.thread(threadId);
    return this.request(t, { kind: 'resume', mode }).then(() => {});
  }

  /** Stops a thread's run for good ("Starlark computation cancelled: <reason>"). */
  terminate(threadId: number, reason = 'stopped by the debugger'): void {
    this.thread(threadId).host.handle.cancel(reason);
  }

  /** The call stack of a stopped thread, innermost first. */
  async stackTrace(threadId: number): Promise<FrameInfo[]> {
    const t = this.thread(threadId);
    const frames = (await this.request(t, { kind: 'stackTrace' })) as StackFrameInfo[];
    return frames.map((f) => {
      const id = this.nextId++;
      this.frames.set(id, { thread: t, index: f.index });
      return { ...f, id };
    });
  }

  async scopes(frameId: number): Promise<ScopeInfo[]> {
    const { thread, index } = this.frame(frameId);
    const scopes = (await this.request(thread, { kind: 'scopes', frame: index })) as ScopeInfo[];
    return scopes.map((s) => ({ ...s, ref: this.ref(thread, s.ref) }));
  }

  async variables(
    ref: number,
    page: { filter?: 'indexed' | 'named'; start?: number; count?: number } = {},
  ): Promise<VariableInfo[]> {
    const entry = this.refs.get(ref);
    if (entry === undefined) throw new Error(`no variables with reference ${ref}`);
    const vars = (await this.request(entry.thread, {
      kind: 'variables',
      ref: entry.ref,
      ...page,
    })) as VariableInfo[];
    return vars.map((v) => this.withRef(entry.thread, v));
  }

  /**
   * Evaluates an expression in a frame (default: the innermost frame of `threadId`, or of the
   * only stopped thread).
   */
  async evaluate(expression: string, frameId?: number, threadId?: number): Promise<VariableInfo> {
    let thread: Thread;
    let frame: number | undefined;
    if (frameId !== undefined) {
      ({ thread, index: frame } = this.frame(frameId));
    } else if (threadId !== undefined) {
      thread = this.thread(threadId);
    } else {
      const stopped = [...this.threadsById.values()].filter((t) => t.stopped);
      if (stopped.length !== 1) throw new Error('no stopped thread to evaluate in');
      thread = stopped[0]!;
    }
    const v = (await this.request(thread, { kind: 'evaluate', expression, frame })) as VariableInfo;
    return this.withRef(thread, v);
  }

  private withRef(thread: Thread, v: VariableInfo): VariableInfo {
    return v.ref === 0 ? v : { ...v, ref: this.ref(thread, v.ref) };
  }

  private ref(thread: Thread, ref: number): number {
    const id = this.nextId++;
    this.refs.set(id, { thread, ref });
    return id;
  }

  private thread(threadId: number): Thread {
    const t = this.threadsById.get(threadId);
    if (t === undefined) throw new Error(`no thread ${threadId}`);
    return t;
  }

  private frame(frameId: number): { thread: Thread; index: number } {
    const f = this.frames.get(frameId);
    if (f === undefined) throw new Error(`no frame ${frameId} (the thread may have resumed)`);
    return f;
  }

  private request(t: Thread, request: DebugRequest): Promise<unknown> {
    return t.host.debugRequest(request);
  }

  /** Forgets a thread's frame and variable ids (it resumed or ended). */
  private forget(t: Thread): void {
    for (const [id, f] of this.frames) if (f.thread === t) this.frames.delete(id);
    for (const [id, r] of this.refs) if (r.thread === t) this.refs.delete(id);
  }

  // ---------------------------------------------------------------------------------------
  // Called by the host

  /** A run with `debug: this` starts: it becomes a thread; returns what its debugger needs. */
  attach(host: HostThread): DebugSetup {
    this.threadsById.set(host.id, { host, stopped: false });
    this.emit('thread', { reason: 'started', threadId: host.id, name: host.name });
    return {
      breakpoints: [...this.files].map(([file, { specs, list }]) => ({
        file,
        specs,
        ids: list.map((b) => b.id),
      })),
      pauseOnError: this.pauseOnErrorValue,
      stopOnEntry: this.stopOnEntry,
    };
  }

  detach(host: HostThread, error: StarlarkRunError | undefined): void {
    const t = this.threadsById.get(host.id);
    if (t === undefined) return;
    this.forget(t);
    this.threadsById.delete(host.id);
    this.emit('thread', { reason: 'exited', threadId: host.id, name: host.name, error });
  }

  threadStopped(host: HostThread, stop: StopInfo): void {
    const t = this.threadsById.get(host.id);
    if (t === undefined) return;
    t.stopped = true;
    this.emit('stopped', { threadId: host.id, ...stop });
  }

  threadContinued(host: HostThread): void {
    const t = this.threadsById.get(host.id);
    if (t === undefined) return;
    t.stopped = false;
    this.forget(t);
    this.emit('continued', { threadId: host.id });
  }

  threadOutput(host: HostThread, text: string, where?: { file: string; line: number }): void {
    this.emit('output', {
      threadId: host.id,
      text,
      category: where ? 'console' : 'stdout',
      ...where,
    });
  }

  breakpointResolved(id: number, verified: boolean, line: number, message?: string): void {
    for (const entry of this.files.values()) {
      const i = entry.list.findIndex((b) => b.id === id);
      if (i < 0) continue;
      const old = entry.list[i]!;
      const updated = { ...old, verified, line, message };
      if (old.verified === verified && old.line === line && old.message === message) return;
      entry.list[i] = updated;
      this.emit('breakpoint', updated);
      return;
    }
  }
}

function info(bp: Breakpoint): BreakpointInfo {
  return { id: bp.id, file: bp.file, verified: bp.verified, line: bp.line, message: bp.message };
}
