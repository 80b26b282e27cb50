/**
 * The debugger: breakpoints, stepping, pausing and inspection of one Thread.
 *
 * Design. Code compiled with `debug` calls `thread.onStatement(frame, stmt)` before every
 * statement; the debugger installs that hook only while it has something to do (a breakpoint
 * set, a step or pause in progress), so code running under a debugger with no breakpoints pays
 * one property check per statement. When the thread must stop, the hook calls the client's
 * `stopped(event)` — on the stopped thread, synchronously: the client inspects the thread through
 * this object (stackTrace, scopes, variables, evaluate) and returns how to resume. A host running
 * the thread in a worker blocks inside `stopped` until its debugger front end says go on.
 *
 * Stepping is decided by frame depth: `next` stops at the next statement whose frame is no deeper
 * than the one it started in, `stepOut` at the next one in a shallower frame, `stepIn` at the very
 * next statement. A pause request is honoured at the next statement, or — for loops whose bodies
 * hold no statement, such as `while True: pass` — at the thread's next periodic check, where the
 * host calls `pauseIfRequested()`. Errors stop the thread before the stack unwinds
 * (`thread.onError`) when `pauseOnError` is set.
 */
import { StarlarkFunction } from '../compile/function';
import type { EvalError } from '../runtime/errors';
import type { Frame } from '../runtime/frame';
import { str } from '../runtime/ops';
import { decodeUtf8 } from '../runtime/strings';
import type { Thread } from '../runtime/thread';
import { truth } from '../runtime/value';
import type * as ast from '../syntax/ast';
import {
  newBreakpoint,
  parseLogMessage,
  placeBreakpoints,
  statementLines,
  type Breakpoint,
  type BreakpointSpec,
} from './breakpoints';
import { evaluateInFrame } from './evaluate';
import {
  Inspector,
  describeStack,
  stackOf,
  type Page,
  type ScopeInfo,
  type StackEntry,
  type StackFrameInfo,
  type VariableInfo,
} from './inspect';

export type StopReason = 'entry' | 'breakpoint' | 'step' | 'pause' | 'exception';
export type ResumeMode = 'continue' | 'next' | 'stepIn' | 'stepOut';

export interface StopEvent {
  readonly reason: StopReason;
  /** Said to the user: the error's message, a failing breakpoint condition. */
  readonly description?: string;
  /** The breakpoints that caused the stop. */
  readonly breakpointIds: readonly number[];
  /** The error, when the reason is 'exception'. */
  readonly error?: EvalError;
}

/** The debugger's front end, seen from the thread. */
export interface DebugClient {
  /**
   * The thread stopped. Called on the thread; returns when it should go on, and how. Inspect the
   * thread through the Debugger meanwhile.
   */
  stopped(event: StopEvent): ResumeMode;
  /** A logpoint's message (one line, with its newline). */
  output(text: string, pos: ast.Position): void;
  /** A breakpoint moved or became valid once its file was loaded. */
  breakpointChanged?(bp: Breakpoint): void;
}

type Mode = 'run' | 'pause' | 'stepIn' | 'next' | 'stepOut';

interface FileBreakpoints {
  readonly list: Breakpoint[];
  /** The file the lines were resolved against. */
  resolvedFor: ast.File | undefined;
  /** By the line they stop at. */
  byLine: Map<number, Breakpoint>;
}

export class Debugger {
  /** Stop when an error is raised. */
  pauseOnError = false;

  private readonly files = new Map<string, FileBreakpoints>();
  private nextId = 1;
  private mode: Mode = 'run';
  private pauseReason: StopReason = 'pause';
  /** Periodic checks seen since the pause was requested. */
  private pauseChecks = 0;
  private stepDepth = 0;
  /** Non-zero while the debugger itself runs Starlark code (conditions, evaluate). */
  private evaluating = 0;
  private stack: StackEntry[] | undefined;
  private readonly inspector = new Inspector();

  constructor(
    readonly thread: Thread,
    private readonly client: DebugClient,
  ) {
    thread.onError = (e) => this.onError(e);
    this.arm();
  }

  /** Stops debugging the thread: it runs on as if no debugger had been attached. */
  detach(): void {
    this.files.clear();
    this.mode = 'run';
    this.thread.onStatement = undefined;
    this.thread.onError = undefined;
  }

  /**
   * Replaces the breakpoints of a file (its path as the thread's positions name it). A breakpoint
   * is unverified until its file is loaded (pass the file's tree if it already is). `ids` gives
   * them the ids a front end already uses (default: the debugger numbers them).
   */
  setBreakpoints(
    file: string,
    specs: readonly BreakpointSpec[],
    options: { readonly tree?: ast.File; readonly ids?: readonly number[] } = {},
  ): Breakpoint[] {
    const list = specs.map((spec, i) =>
      newBreakpoint(options.ids?.[i] ?? this.nextId++, file, spec),
    );
    const tree = options.tree;
    const entry: FileBreakpoints = { list, resolvedFor: undefined, byLine: new Map() };
    if (list.length === 0) this.files.delete(file);
    else this.files.set(file, entry);
    if (tree) resolveLines(entry, tree);
    this.arm();
    return list;
  }

  /** Asks the thread to stop as soon as it can. Safe to call at any time on the thread. */
  requestPause(reason: StopReason = 'pause'): void {
    this.mode = 'pause';
    this.pauseReason = reason;
    this.pauseChecks = 0;
    this.arm();
  }

  /**
   * For the host's periodic check (thread.onCheck): stops if a pause was requested before the
   * previous check and no statement has come since — a loop without statements, or one long
   * comprehension. The frame's position is that of its latest operation.
   */
  pauseIfRequested(): void {
    const fr = this.thread.frame;
    if (this.mode !== 'pause' || ++this.pauseChecks < 2) return;
    if (this.evaluating === 0 && fr !== undefined) {
      this.stop(fr, { reason: this.pauseReason, breakpointIds: [] });
    }
  }

  /** Whether the thread is stopped (inspection is possible). */
  get isStopped(): boolean {
    return this.stack !== undefined;
  }

  /** The call stack of the stopped thread, innermost first. */
  stackTrace(): StackFrameInfo[] {
    return describeStack(this.stoppedStack());
  }

  /** The scopes of a frame of stackTrace(); none for a builtin. */
  scopes(frameIndex: number): ScopeInfo[] {
    const entry = this.stoppedStack()[frameIndex];
    if (entry === undefined || entry.builtin !== undefined) return [];
    return this.inspector.scopes(entry.frame);
  }

  /** The children of a scope or value reference, a page at a time. */
  variables(ref: number, page?: Page): VariableInfo[] {
    this.stoppedStack();
    return this.inspector.variables(ref, page);
  }

  /**
   * Evaluates an expression in a frame of stackTrace() (default: the innermost Starlark frame).
   * Throws the error as a StarlarkError or EvalError; breakpoints do not fire meanwhile.
   */
  evaluate(text: string, frameIndex?: number): VariableInfo {
    const stack = this.stoppedStack();
    const entry =
      frameIndex === undefined ? stack.find((e) => e.builtin === undefined) : stack[frameIndex];
    if (entry === undefined) throw new Error(`no frame ${frameIndex}`);
    if (entry.builtin !== undefined) throw new Error('cannot evaluate in a builtin');
    const value = this.run(() => evaluateInFrame(this.thread, entry.frame, text));
    return this.inspector.describe(text, value, text);
  }

  private stoppedStack(): StackEntry[] {
    if (this.stack === undefined) throw new Error('the thread is running');
    return this.stack;
  }

  private run<T>(f: () => T): T {
    this.evaluating++;
    try {
      return f();
    } finally {
      this.evaluating--;
    }
  }

  /** Installs the statement hook only while there is something to watch for. */
  private arm(): void {
    this.thread.onStatement =
      this.mode !== 'run' || this.files.size > 0 ? this.onStatement : undefined;
  }

  private readonly onStatement = (fr: Frame, stmt: ast.Stmt): void => {
    if (this.evaluating > 0) return;
    let reason: StopReason | undefined;
    switch (this.mode) {
      case 'pause':
        reason = this.pauseReason;
        break;
      case 'stepIn':
        reason = 'step';
        break;
      case 'next':
        if (fr.depth <= this.stepDepth) reason = 'step';
        break;
      case 'stepOut':
        if (fr.depth < this.stepDepth) reason = 'step';
        break;
    }
    const ids: number[] = [];
    let description: string | undefined;
    const file = this.files.get(stmt.start.file);
    if (file !== undefined) {
      const tree = treeOf(fr);
      if (tree !== undefined && file.resolvedFor !== tree) {
        resolveLines(file, tree);
        for (const bp of file.list) this.client.breakpointChanged?.(bp);
      }
      const bp = file.byLine.get(stmt.start.line);
      if (bp !== undefined && bp.verified && isFirstOnLine(tree, stmt)) {
        const hit = this.hit(bp, fr);
        if (hit.stop) {
          reason = 'breakpoint';
          ids.push(bp.id);
          description = hit.description;
        }
      }
    }
    if (reason !== undefined) this.stop(fr, { reason, breakpointIds: ids, description });
  };

  /** Counts a hit of bp in fr; says whether to stop (logpoints print instead). */
  private hit(bp: Breakpoint, fr: Frame): { stop: boolean; description?: string } {
    const condition = bp.spec.condition;
    if (condition !== undefined && condition.trim() !== '') {
      try {
        if (!truth(this.run(() => evaluateInFrame(this.thread, fr, condition)))) {
          return { stop: false };
        }
      } catch (e) {
        return { stop: true, description: `breakpoint condition failed: ${(e as Error).message}` };
      }
    }
    bp.hits++;
    if (bp.hitTest !== undefined && !bp.hitTest(bp.hits)) return { stop: false };
    if (bp.spec.logMessage !== undefined) {
      this.client.output(this.logMessage(bp.spec.logMessage, fr) + '\n', fr.pos);
      return { stop: false };
    }
    return { stop: true };
  }

  private logMessage(template: string, fr: Frame): string {
    const parts = parseLogMessage(template);
    if (typeof parts === 'string') return parts;
    return parts
      .map((p) => {
        if (typeof p === 'string') return p;
        try {
          return decodeUtf8(str(this.run(() => evaluateInFrame(this.thread, fr, p.expr))));
        } catch (e) {
          return `<error: ${(e as Error).message}>`;
        }
      })
      .join('');
  }

  private onError(error: EvalError): void {
    const fr = this.thread.frame;
    if (!this.pauseOnError || this.evaluating > 0 || fr === undefined) return;
    if (this.thread.cancelReason !== undefined) return;
    this.stop(fr, { reason: 'exception', description: error.message, breakpointIds: [], error });
  }

  private stop(fr: Frame, event: StopEvent): void {
    this.stack = stackOf(this.thread.frame);
    let mode: ResumeMode;
    try {
      mode = this.client.stopped(event);
    } finally {
      this.stack = undefined;
      this.inspector.reset();
    }
    this.mode = mode === 'continue' ? 'run' : mode;
    this.stepDepth = fr.depth;
    this.arm();
  }
}

/** The syntax tree of the file a frame's code comes from. */
function treeOf(fr: Frame): ast.File | undefined {
  return fr.fn instanceof StarlarkFunction ? fr.fn.code.program?.file : undefined;
}

/** First statement columns by line, per file. */
const firstColumns = new WeakMap<ast.File, Map<number, number>>();

function isFirstOnLine(tree: ast.File | undefined, stmt: ast.Stmt): boolean {
  if (tree === undefined) return true;
  return firstColumnsOf(tree).get(stmt.start.line) === stmt.start.col;
}

function firstColumnsOf(tree: ast.File): Map<number, number> {
  let cols = firstColumns.get(tree);
  if (cols === undefined) {
    cols = statementLines(tree);
    firstColumns.set(tree, cols);
  }
  return cols;
}

function resolveLines(entry: FileBreakpoints, tree: ast.File): void {
  entry.resolvedFor = tree;
  entry.byLine = placeBreakpoints(entry.list, tree, firstColumnsOf(tree));
}
