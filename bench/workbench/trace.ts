// Main-thread busy time from a Chromium trace (CDP Tracing), per animation frame of the page.
//
// Wall-clock frame times on a shared machine include the time the OS gave to other processes;
// the trace's thread clock (`tdur`) counts only the CPU time the renderer's main thread spent,
// which is what the workbench's design controls. Frames are delimited by the user-timing marks
// the page probe sets in each of its animation-frame callbacks.
import type { CDPSession } from 'playwright-core';

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
}

/** The categories recorded: tasks, script, style, layout, paint of the main thread; marks. */
export const traceCategories = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'blink.user_timing',
];

/** Where a main-thread event's own CPU time is counted. */
export type Bucket = 'script' | 'style' | 'layout' | 'paint' | 'other';

const buckets: Record<string, Bucket> = {
  FunctionCall: 'script',
  EvaluateScript: 'script',
  FireAnimationFrame: 'script',
  EventDispatch: 'script',
  TimerFire: 'script',
  // Promise reactions: Svelte applies state changes to the DOM in microtasks.
  RunMicrotasks: 'script',
  'v8.compile': 'script',
  'v8.compileModule': 'script',
  'v8.evaluateModule': 'script',
  V8Execute: 'script',
  MinorGC: 'script',
  MajorGC: 'script',
  'V8.GC_SCAVENGER': 'script',
  ParseHTML: 'other',
  UpdateLayoutTree: 'style',
  RecalculateStyles: 'style',
  ParseAuthorStyleSheet: 'style',
  Layout: 'layout',
  PrePaint: 'paint',
  Paint: 'paint',
  PaintImage: 'paint',
  Layerize: 'paint',
  UpdateLayer: 'paint',
  UpdateLayerTree: 'paint',
  Commit: 'paint',
  CompositeLayers: 'paint',
};

export interface FrameCost {
  /** Main-thread CPU time of the frame (ms), all tasks that started in it. */
  busy: number;
  script: number;
  style: number;
  layout: number;
  paint: number;
  other: number;
}

/** Starts a trace with the categories above; the trace comes back as a stream. */
export async function startTrace(cdp: CDPSession): Promise<void> {
  await cdp.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: { includedCategories: traceCategories, recordMode: 'recordContinuously' },
  });
}

/** Stops the trace and reads its events. */
export async function stopTrace(cdp: CDPSession): Promise<TraceEvent[]> {
  const complete = new Promise<string>((done) =>
    cdp.once('Tracing.tracingComplete', (e) => done(e.stream!)),
  );
  await cdp.send('Tracing.end');
  const stream = await complete;
  const chunks: string[] = [];
  for (;;) {
    const { data, eof, base64Encoded } = await cdp.send('IO.read', {
      handle: stream,
      size: 1 << 22,
    });
    chunks.push(base64Encoded ? Buffer.from(data, 'base64').toString('utf8') : data);
    if (eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  const parsed = JSON.parse(chunks.join('')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  return Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
}

/** The timestamps (trace clock, µs) of the user-timing marks called `name`, and their thread. */
export function marks(
  events: TraceEvent[],
  name: string,
): { ts: number[]; pid: number; tid: number } {
  const found = events.filter((e) => e.name === name && e.cat.includes('blink.user_timing'));
  if (found.length === 0) throw new Error(`the trace has no user-timing mark "${name}"`);
  const { pid } = found[0]!;
  // Marks are recorded on the page's main thread; find it by name in the same process.
  const main = events.find(
    (e) =>
      e.ph === 'M' &&
      e.name === 'thread_name' &&
      e.pid === pid &&
      e.args?.['name'] === 'CrRendererMain',
  );
  return { ts: found.map((e) => e.ts).sort((a, b) => a - b), pid, tid: main?.tid ?? found[0]!.tid };
}

interface Span {
  start: number;
  end: number;
  cpu: number;
  bucket: Bucket | undefined;
  children: Span[];
}

/**
 * The main thread's top-level tasks as trees of complete events; each event's own CPU time
 * (thread duration minus its children's) is counted in the bucket of its nearest bucketed
 * ancestor-or-self, so forced layout in a script counts as layout once, not twice.
 */
function taskTrees(events: TraceEvent[], pid: number, tid: number): Span[] {
  const spans: Span[] = [];
  const open: TraceEvent[] = [];
  for (const e of events) {
    if (e.pid !== pid || e.tid !== tid) continue;
    if (e.ph === 'X') {
      spans.push(spanOf(e.ts, e.ts + (e.dur ?? 0), e.tdur ?? e.dur ?? 0, e.name));
    } else if (e.ph === 'B') {
      open.push(e);
    } else if (e.ph === 'E') {
      const begin = open.pop();
      if (begin) spans.push(spanOf(begin.ts, e.ts, e.ts - begin.ts, begin.name));
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const roots: Span[] = [];
  const stack: Span[] = [];
  for (const span of spans) {
    while (stack.length && stack.at(-1)!.end <= span.start) stack.pop();
    if (stack.length) stack.at(-1)!.children.push(span);
    else roots.push(span);
    stack.push(span);
  }
  return roots;
}

function spanOf(start: number, end: number, cpu: number, name: string): Span {
  return { start, end, cpu, bucket: buckets[name], children: [] };
}

function addCosts(span: Span, inherited: Bucket, into: FrameCost): void {
  const bucket = span.bucket ?? inherited;
  const childCpu = span.children.reduce((sum, c) => sum + c.cpu, 0);
  into[bucket] += Math.max(0, span.cpu - childCpu) / 1000;
  for (const child of span.children) addCosts(child, bucket, into);
}

/** The start of the top-level task that holds each mark (a mark is set inside a task). */
function taskStarts(roots: Span[], ts: number[]): number[] {
  let r = 0;
  return ts.map((t) => {
    while (r + 1 < roots.length && roots[r + 1]!.start <= t) r++;
    const root = roots[r];
    return root && root.start <= t && t <= root.end ? root.start : t;
  });
}

function emptyCost(): FrameCost {
  return { busy: 0, script: 0, style: 0, layout: 0, paint: 0, other: 0 };
}

/** Adds the top-level tasks that start in [from, to) to a cost. */
function tasksIn(roots: Span[], from: number, to: number, cost: FrameCost): FrameCost {
  for (const root of roots) {
    if (root.start < from || root.start >= to) continue;
    cost.busy += root.cpu / 1000;
    addCosts(root, 'other', cost);
  }
  return cost;
}

/**
 * The cost of each frame between consecutive marks: the main thread's top-level tasks from the
 * one that runs the frame's mark up to the next frame's, their CPU time split into script,
 * style, layout, paint and other.
 */
export function frameCosts(events: TraceEvent[], markName: string): FrameCost[] {
  const { ts, pid, tid } = marks(events, markName);
  const roots = taskTrees(events, pid, tid);
  const bounds = taskStarts(roots, ts);
  const frames: FrameCost[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    frames.push(tasksIn(roots, bounds[i]!, bounds[i + 1]!, emptyCost()));
  }
  return frames;
}

/**
 * Main-thread CPU time (ms) from the task that sets the first mark to the one that sets the
 * second, that one included.
 */
export function busyBetween(events: TraceEvent[], from: string, to: string): FrameCost {
  const start = marks(events, from);
  const roots = taskTrees(events, start.pid, start.tid);
  const [begin] = taskStarts(roots, start.ts.slice(0, 1));
  const end = marks(events, to).ts[0]!;
  return tasksIn(roots, begin!, end + 1, emptyCost());
}
