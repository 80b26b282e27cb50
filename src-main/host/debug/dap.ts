/**
 * The Debug Adapter Protocol over a DebugSession, on any transport: `starling dap` gives it stdio;
 * the workbench can give it its own channel and a session the reconciler runtime's threads join.
 *
 * The server answers requests about the session's threads (any number: a launched file, or
 * reconciles). `launch` needs a Launcher (the CLI's starts a .star file on the host); without one
 * a client uses `attach` and sees the threads the session gets from elsewhere. A launched program
 * starts once both `launch` and `configurationDone` have arrived, so the breakpoints the client
 * sets in between are in place before the first statement.
 */
import type { BreakpointSpec, ResumeMode, VariableInfo } from '../../starlark/debug/index';
import type { DebugSession, FrameInfo } from './session';

/** A DAP message as it travels (JSON). */
export interface DapMessage {
  readonly seq: number;
  readonly type: 'request' | 'response' | 'event';
  readonly [key: string]: unknown;
}

interface Request {
  readonly seq: number;
  readonly command: string;
  readonly arguments?: Record<string, unknown>;
}

/** What a launched program is, to the server. */
export interface LaunchedProgram {
  /** Settles when the program ended: its exit code (1 when it failed). */
  readonly exited: Promise<number>;
  /** Stops it ("Starlark computation cancelled: <reason>"). */
  stop(reason: string): void;
}

/** What a launched program may send the client besides its threads' events. */
export interface LaunchContext {
  /** An `output` event (`category`: `stderr`, or a custom one such as `starling.dryRun`). */
  output(body: { category: string; output: string; data?: unknown }): void;
}

/**
 * Starts what `launch` names. Called once configuration is done; `launch`'s arguments as the
 * client sent them. Throws (with a message for the user) when it cannot.
 */
export type Launcher = (
  args: Readonly<Record<string, unknown>>,
  context: LaunchContext,
) => LaunchedProgram;

export interface DapServerOptions {
  readonly launch?: Launcher;
  /** Called after the server answered `disconnect` (or `terminate` and the program ended). */
  readonly onDisconnect?: () => void;
}

/** The adapter's capabilities: what this server really does. */
export const capabilities = {
  supportsConfigurationDoneRequest: true,
  supportsConditionalBreakpoints: true,
  supportsHitConditionalBreakpoints: true,
  supportsLogPoints: true,
  supportsEvaluateForHovers: true,
  supportsTerminateRequest: true,
  exceptionBreakpointFilters: [
    {
      filter: 'uncaught',
      label: 'Errors',
      description: 'Stop where an error is raised',
      default: false,
    },
  ],
} as const;

export class DapServer {
  private seq = 1;
  private launchArgs: Readonly<Record<string, unknown>> | undefined;
  private configured = false;
  private program: LaunchedProgram | undefined;
  private ended = false;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly session: DebugSession,
    private readonly send: (message: DapMessage) => void,
    private readonly options: DapServerOptions = {},
  ) {
    this.unsubscribe.push(
      session.on('stopped', (e) =>
        this.event('stopped', {
          reason: e.reason,
          threadId: e.threadId,
          description: e.description,
          hitBreakpointIds: e.breakpointIds.length > 0 ? e.breakpointIds : undefined,
          allThreadsStopped: false,
        }),
      ),
      session.on('continued', (e) =>
        this.event('continued', { threadId: e.threadId, allThreadsContinued: false }),
      ),
      session.on('thread', (e) => {
        this.event('thread', { reason: e.reason, threadId: e.threadId });
        if (e.error !== undefined) {
          this.event('output', { category: 'stderr', output: `${e.error.backtrace()}\n` });
        }
      }),
      session.on('output', (e) =>
        this.event('output', {
          category: e.category,
          output: e.text,
          source: e.file !== undefined ? source(e.file) : undefined,
          line: e.line,
        }),
      ),
      session.on('breakpoint', (b) =>
        this.event('breakpoint', {
          reason: 'changed',
          breakpoint: { id: b.id, verified: b.verified, line: b.line, message: b.message },
        }),
      ),
    );
  }

  /** Handles one message from the client (answers are sent, never thrown). */
  receive(message: unknown): void {
    const m = message as Partial<Request> & { type?: string };
    if (m?.type !== 'request' || typeof m.command !== 'string' || typeof m.seq !== 'number') return;
    const request = m as Request;
    Promise.resolve()
      .then(() => this.handle(request.command, request.arguments ?? {}))
      .then(
        (body) => this.respond(request, true, body),
        (e: unknown) => this.respond(request, false, undefined, messageOf(e)),
      );
  }

  /** Stops listening to the session (the program, if any, is stopped). */
  dispose(): void {
    for (const u of this.unsubscribe.splice(0)) u();
    this.program?.stop('the debugger disconnected');
  }

  private async handle(command: string, args: Record<string, unknown>): Promise<unknown> {
    const s = this.session;
    switch (command) {
      case 'initialize':
        queueMicrotask(() => this.event('initialized'));
        return capabilities;
      case 'launch':
        if (this.options.launch === undefined)
          throw new Error('this server cannot launch programs');
        if (this.launchArgs !== undefined) throw new Error('a program was launched already');
        this.launchArgs = args;
        s.stopOnEntry = args.stopOnEntry === true;
        this.maybeStart();
        return undefined;
      case 'attach':
        return undefined;
      case 'configurationDone':
        this.configured = true;
        this.maybeStart();
        return undefined;
      case 'setBreakpoints':
        return this.setBreakpoints(args);
      case 'setExceptionBreakpoints': {
        const filters = Array.isArray(args.filters) ? args.filters : [];
        s.setPauseOnError(filters.includes('uncaught'));
        return undefined;
      }
      case 'threads':
        return { threads: s.threads().map((t) => ({ id: t.id, name: t.name })) };
      case 'stackTrace':
        return this.stackTrace(args);
      case 'scopes': {
        const scopes = await s.scopes(number(args.frameId, 'frameId'));
        return {
          scopes: scopes.map((sc) => ({
            name: sc.name,
            presentationHint: sc.name === 'Locals' ? 'locals' : undefined,
            variablesReference: sc.ref,
            namedVariables: sc.named,
            expensive: sc.name === 'Globals',
          })),
        };
      }
      case 'variables': {
        const filter =
          args.filter === 'indexed' || args.filter === 'named' ? args.filter : undefined;
        const vars = await s.variables(number(args.variablesReference, 'variablesReference'), {
          filter,
          start: optionalNumber(args.start),
          count: optionalNumber(args.count) || undefined,
        });
        return { variables: vars.map(variable) };
      }
      case 'evaluate': {
        const expression = args.expression;
        if (typeof expression !== 'string') throw new Error('evaluate needs an expression');
        const v = await s.evaluate(expression, optionalNumber(args.frameId));
        return { result: v.value, ...variableRefs(v), type: v.type };
      }
      case 'continue':
        await s.resume(number(args.threadId, 'threadId'), 'continue');
        return { allThreadsContinued: false };
      case 'next':
      case 'stepIn':
      case 'stepOut':
        await s.resume(number(args.threadId, 'threadId'), command as ResumeMode);
        return undefined;
      case 'pause':
        await s.pause(number(args.threadId, 'threadId'));
        return undefined;
      case 'terminate':
        this.program?.stop('stopped by the debugger');
        return undefined;
      case 'disconnect':
        this.program?.stop('the debugger disconnected');
        queueMicrotask(() => this.options.onDisconnect?.());
        return undefined;
      default:
        throw new Error(`unsupported request ${command}`);
    }
  }

  private maybeStart(): void {
    if (this.launchArgs === undefined || !this.configured || this.program !== undefined) return;
    let program: LaunchedProgram;
    try {
      program = this.options.launch!(this.launchArgs, {
        output: (body) => this.event('output', body),
      });
    } catch (e) {
      this.event('output', { category: 'stderr', output: `${messageOf(e)}\n` });
      this.end(1);
      return;
    }
    this.program = program;
    void program.exited.then(
      (code) => this.end(code),
      () => this.end(1),
    );
  }

  private end(exitCode: number): void {
    if (this.ended) return;
    this.ended = true;
    this.event('exited', { exitCode });
    this.event('terminated');
  }

  private setBreakpoints(args: Record<string, unknown>): unknown {
    const src = args.source as { path?: unknown } | undefined;
    if (typeof src?.path !== 'string') throw new Error('setBreakpoints needs source.path');
    const given = Array.isArray(args.breakpoints)
      ? (args.breakpoints as Record<string, unknown>[])
      : [];
    const specs: BreakpointSpec[] = given.map((b) => ({
      line: number(b.line, 'line'),
      condition: optionalString(b.condition),
      hitCondition: optionalString(b.hitCondition),
      logMessage: optionalString(b.logMessage),
    }));
    const list = this.session.setBreakpoints(src.path, specs);
    return {
      breakpoints: list.map((b) => ({
        id: b.id,
        verified: b.verified,
        line: b.line,
        message: b.message,
        source: source(b.file),
      })),
    };
  }

  private async stackTrace(args: Record<string, unknown>): Promise<unknown> {
    const frames = await this.session.stackTrace(number(args.threadId, 'threadId'));
    const start = optionalNumber(args.startFrame) ?? 0;
    const levels = optionalNumber(args.levels) || frames.length;
    return {
      stackFrames: frames.slice(start, start + levels).map(frame),
      totalFrames: frames.length,
    };
  }

  private respond(request: Request, success: boolean, body: unknown, message?: string): void {
    this.send({
      seq: this.seq++,
      type: 'response',
      request_seq: request.seq,
      command: request.command,
      success,
      ...(message !== undefined ? { message } : {}),
      ...(body !== undefined ? { body } : {}),
    });
  }

  private event(event: string, body?: Record<string, unknown>): void {
    this.send({ seq: this.seq++, type: 'event', event, ...(body ? { body } : {}) });
  }
}

function frame(f: FrameInfo): Record<string, unknown> {
  if (f.builtin) return { id: f.id, name: f.name, line: 0, column: 0, presentationHint: 'subtle' };
  return { id: f.id, name: f.name, source: source(f.file), line: f.line, column: f.col };
}

function variable(v: VariableInfo): Record<string, unknown> {
  return {
    name: v.name,
    value: v.value,
    type: v.type,
    evaluateName: v.evaluateName,
    ...variableRefs(v),
  };
}

function variableRefs(v: VariableInfo): Record<string, unknown> {
  return { variablesReference: v.ref, indexedVariables: v.indexed, namedVariables: v.named };
}

function source(path: string): { name: string; path: string } {
  return { name: path.slice(path.lastIndexOf('/') + 1), path };
}

function number(x: unknown, name: string): number {
  if (typeof x !== 'number') throw new Error(`${name} must be a number`);
  return x;
}

function optionalNumber(x: unknown): number | undefined {
  return typeof x === 'number' ? x : undefined;
}

function optionalString(x: unknown): string | undefined {
  return typeof x === 'string' && x !== '' ? x : undefined;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Content-Length framing (the base protocol of DAP): feed it bytes as they arrive; it calls
 * `onMessage` with each parsed message. `encode` frames a message.
 */
export class DapFraming {
  private buffer = new Uint8Array(0);

  constructor(
    private readonly onMessage: (message: unknown) => void,
    private readonly onError: (error: Error) => void = () => {},
  ) {}

  static encode(message: DapMessage): Uint8Array {
    const body = new TextEncoder().encode(JSON.stringify(message));
    const header = new TextEncoder().encode(`Content-Length: ${body.length}\r\n\r\n`);
    const out = new Uint8Array(header.length + body.length);
    out.set(header);
    out.set(body, header.length);
    return out;
  }

  push(chunk: Uint8Array): void {
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer);
    joined.set(chunk, this.buffer.length);
    this.buffer = joined;
    for (;;) {
      const end = indexOfHeaderEnd(this.buffer);
      if (end < 0) return;
      const header = new TextDecoder().decode(this.buffer.subarray(0, end));
      const m = /(?:^|\r\n)Content-Length:\s*(\d+)/i.exec(header);
      if (m === null) {
        this.buffer = this.buffer.subarray(end + 4);
        this.onError(new Error(`a message without Content-Length: ${JSON.stringify(header)}`));
        continue;
      }
      const length = Number(m[1]);
      const start = end + 4;
      if (this.buffer.length < start + length) return;
      const body = new TextDecoder().decode(this.buffer.subarray(start, start + length));
      this.buffer = this.buffer.subarray(start + length);
      let message: unknown;
      try {
        message = JSON.parse(body);
      } catch (e) {
        this.onError(new Error(`a message that is not JSON: ${messageOf(e)}`));
        continue;
      }
      this.onMessage(message);
    }
  }
}

function indexOfHeaderEnd(b: Uint8Array): number {
  for (let i = 0; i + 3 < b.length; i++) {
    if (b[i] === 13 && b[i + 1] === 10 && b[i + 2] === 13 && b[i + 3] === 10) return i;
  }
  return -1;
}
