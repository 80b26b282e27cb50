/**
 * The worker's end of a debugging session: it attaches the engine's Debugger to the run's
 * thread, tells the host when the thread stops, and answers the host's requests — blocking the
 * thread while it is stopped, and handling requests that arrive while it runs (new breakpoints,
 * pause) at its periodic checks.
 */
import {
  type Breakpoint,
  Debugger,
  type DebugClient,
  type ResumeMode,
  type StopEvent,
} from '../../starlark/debug/index';
import type { Position, Thread } from '../../starlark/index';
import type { DebugRequest, DebugSetup, WorkerMessage } from '../protocol';
import type { HostLink } from './link';

/** What the agent needs of its run. */
export interface DebuggedRun {
  readonly thread: Thread;
  readonly link: HostLink;
  readonly runId: number;
  readonly output: { flush(): void };
  extendDeadline(ms: number): void;
  cancelled(): Error;
}

export class DebugAgent implements DebugClient {
  readonly debugger: Debugger;
  private resumeMode: ResumeMode | undefined;

  constructor(
    private readonly run: DebuggedRun,
    setup: DebugSetup,
  ) {
    this.debugger = new Debugger(run.thread, this);
    for (const b of setup.breakpoints) {
      this.debugger.setBreakpoints(b.file, b.specs, { ids: b.ids });
    }
    this.debugger.pauseOnError = setup.pauseOnError;
    if (setup.stopOnEntry) this.debugger.requestPause('entry');
  }

  private post(message: WorkerMessage): void {
    this.run.link.post(message);
  }

  stopped(event: StopEvent): ResumeMode {
    const run = this.run;
    run.output.flush();
    const { reason, description, breakpointIds } = event;
    this.post({ type: 'stopped', runId: run.runId, stop: { reason, description, breakpointIds } });
    const since = Date.now();
    this.resumeMode = undefined;
    const mode = run.link.waitUntil(
      () => this.resumeMode,
      () => run.thread.cancelReason !== undefined,
    );
    run.extendDeadline(Date.now() - since);
    if (mode === 'stopped' || mode === 'timeout') throw run.cancelled();
    this.post({ type: 'continued', runId: run.runId });
    return mode;
  }

  output(text: string, pos: Position): void {
    this.run.output.flush();
    this.post({ type: 'logpoint', runId: this.run.runId, text, file: pos.file, line: pos.line });
  }

  breakpointChanged(bp: Breakpoint): void {
    this.post({
      type: 'breakpoint',
      runId: this.run.runId,
      id: bp.id,
      verified: bp.verified,
      line: bp.line,
      message: bp.message,
    });
  }

  /** Answers a request of the host's debugger front end. */
  handle(requestId: number, request: DebugRequest): void {
    const runId = this.run.runId;
    try {
      const result = this.answer(request);
      this.post({ type: 'debugReply', runId, requestId, ok: true, result });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.post({ type: 'debugReply', runId, requestId, ok: false, message });
    }
  }

  private answer(request: DebugRequest): unknown {
    const d = this.debugger;
    switch (request.kind) {
      case 'stackTrace':
        return d.stackTrace();
      case 'scopes':
        return d.scopes(request.frame);
      case 'variables':
        return d.variables(request.ref, request);
      case 'evaluate':
        return d.evaluate(request.expression, request.frame);
      case 'resume':
        if (!d.isStopped) throw new Error('the thread is running');
        this.resumeMode = request.mode;
        return undefined;
      case 'pause':
        if (!d.isStopped) d.requestPause();
        return undefined;
      case 'setBreakpoints': {
        const { file, specs, ids } = request.breakpoints;
        return d.setBreakpoints(file, specs, { ids }).map((bp) => ({
          id: bp.id,
          verified: bp.verified,
          line: bp.line,
          message: bp.message,
        }));
      }
      case 'setPauseOnError':
        d.pauseOnError = request.on;
        return undefined;
    }
  }
}
