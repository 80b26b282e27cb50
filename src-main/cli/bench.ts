import { readFileSync } from 'node:fs';
import { execPredeclared } from './exec';
import { UsageError, type CliIO } from './io';
import {
  execFile,
  call,
  EvalError,
  StarlarkError,
  Thread,
  Builtin,
  None,
  StarlarkObject,
  typeName,
  type HashKey,
  type Value,
  fileOptionNames,
  optionsFromNames,
} from '../starlark/index';

/**
 * `starling bench [--count N] [--filter REGEXP] [--clock cpu|wall] [--option NAME]... FILE.star`:
 * runs every global `bench_*` function of a file with a `b` value, as go.starlark.net's benchmark
 * driver does (starlark/bench_test.go), and prints `bench_name  <n>  <ns/op> ns/op` per run.
 * `b.n` is calibrated as Go's testing package does it: from 1, predicting the count that fills
 * the benchmark time (1 s) from the last run, 1.2× over, at most 100× the last count, until a
 * run takes at least that long. The clock is the process's CPU time (user + system, all threads)
 * unless `--clock wall`: the machines are shared, and wall time depends on the neighbours. The
 * reference interpreter's `bench` (tests/reference) does exactly the same, so the two compare.
 */
export async function run(args: string[], io: CliIO): Promise<number> {
  const { file, count, filter, options, clock } = parseArgs(args);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    io.stderr(`starling bench: ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  // Like go.starlark.net's benchmarks, a file turns dialect flags on with option:NAME.
  for (const name of fileOptionNames) if (source.includes(`option:${name}`)) options.push(name);

  const thread = new Thread();
  thread.name = `bench ${file}`;
  let globals: ReadonlyMap<string, Value>;
  try {
    globals = execFile(thread, file, source, execPredeclared(), {
      fileOptions: optionsFromNames(options),
    });
  } catch (e) {
    io.stderr(`${describeError(e)}\n`);
    return 1;
  }
  // In name order, as go.starlark.net's StringDict.Keys() gives them to its benchmark driver.
  for (const name of [...globals.keys()].sort()) {
    const fn = globals.get(name)!;
    if (!name.startsWith('bench_') || typeName(fn) !== 'function') continue;
    if (filter && !filter.test(name)) continue;
    for (let i = 0; i < count; i++) {
      try {
        const { n, ns } = benchmark(thread, fn, clock);
        io.stdout(`${name}  ${n}  ${formatNsPerOp(ns, n)} ns/op\n`);
      } catch (e) {
        io.stderr(`${describeError(e)}\n`);
        return 1;
      }
    }
  }
  return 0;
}

function parseArgs(args: string[]) {
  let count = 1;
  let filter: RegExp | undefined;
  let clock: Clock = cpuClock;
  const options: string[] = [];
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--count') {
      count = Number(value());
      if (!Number.isInteger(count) || count < 1)
        throw new UsageError('--count wants a positive integer');
    } else if (a === '--filter') {
      filter = new RegExp(value());
    } else if (a === '--clock') {
      const v = value();
      if (v !== 'cpu' && v !== 'wall') throw new UsageError('--clock wants cpu or wall');
      clock = v === 'cpu' ? cpuClock : wallClock;
    } else if (a === '--option') {
      options.push(value());
    } else if (a.startsWith('-')) {
      throw new UsageError(`unknown flag ${a}`);
    } else files.push(a);
  }
  if (files.length !== 1) throw new UsageError('want exactly one FILE.star');
  try {
    optionsFromNames(options);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return { file: files[0]!, count, filter, options, clock };
}

function describeError(e: unknown): string {
  if (e instanceof EvalError) return e.backtrace();
  if (e instanceof Error) return e.message;
  return String(e);
}

/** Whole nanoseconds from 100 up, two decimals below (as the reference prints them). */
export function formatNsPerOp(ns: number, n: number): string {
  const per = ns / n;
  return per >= 100 ? per.toFixed(0) : per.toFixed(2);
}

const benchTimeNs = 1e9;

/** A clock in nanoseconds. */
type Clock = () => number;
const wallClock: Clock = () => Number(process.hrtime.bigint());
const cpuClock: Clock = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) * 1000;
};

/** Go's predictN (testing/benchmark.go): the next b.n from the last run. */
export function predictN(goalNs: number, prevIters: number, prevNs: number, last: number): number {
  let n = Math.floor((goalNs * prevIters) / Math.max(prevNs, 1));
  n += Math.floor(n / 5);
  n = Math.min(n, 100 * last);
  n = Math.max(n, last + 1);
  return Math.min(n, 1e9);
}

/** Calibrates and runs one benchmark function; returns the last run's b.n and its time. */
function benchmark(thread: Thread, fn: Value, clock: Clock): { n: number; ns: number } {
  const b = new BenchmarkValue(clock);
  const gc = (globalThis as { gc?: () => void }).gc;
  const runN = (n: number) => {
    gc?.();
    b.n = n;
    b.reset();
    b.startTimer();
    call(thread, fn, [b]);
    b.stopTimer();
  };
  runN(1);
  for (let n = 1; b.elapsedNs < benchTimeNs && n < 1e9;) {
    n = predictN(benchTimeNs, b.n, b.elapsedNs, n);
    runN(n);
  }
  return { n: b.n, ns: b.elapsedNs };
}

const timerMethod = (name: string, action: (b: BenchmarkValue) => void) =>
  new Builtin(name, (_thread, args, kwargs, recv) => {
    if (args.length > 0 || kwargs.length > 0) {
      throw new StarlarkError(`${name}: got ${args.length + kwargs.length} arguments, want 0`);
    }
    action(recv as BenchmarkValue);
    return None;
  });

const restart = timerMethod('restart', (b) => b.reset());
const start = timerMethod('start', (b) => b.startTimer());
const stop = timerMethod('stop', (b) => b.stopTimer());

/** The `b` passed to bench_* functions: b.n, and the timer methods of Go's testing.B. */
class BenchmarkValue extends StarlarkObject {
  n = 0;
  elapsedNs = 0;
  private startedAt: number | undefined;

  constructor(private readonly clock: Clock) {
    super();
  }

  get type(): string {
    return 'benchmark';
  }
  override repr(): string {
    return '<benchmark>';
  }
  override hashKey(): HashKey {
    throw new StarlarkError('unhashable: benchmark');
  }
  override attrNames(): readonly string[] {
    return ['n', 'restart', 'start', 'stop'];
  }
  override getAttr(name: string): Value | undefined {
    switch (name) {
      case 'n':
        return this.n;
      case 'restart':
        return restart.bind(this);
      case 'start':
        return start.bind(this);
      case 'stop':
        return stop.bind(this);
    }
    return undefined;
  }
  startTimer(): void {
    this.startedAt ??= this.clock();
  }
  stopTimer(): void {
    if (this.startedAt === undefined) return;
    this.elapsedNs += this.clock() - this.startedAt;
    this.startedAt = undefined;
  }
  /** ResetTimer: zero the elapsed time; a running timer restarts from now. */
  reset(): void {
    this.elapsedNs = 0;
    if (this.startedAt !== undefined) this.startedAt = this.clock();
  }
}
