/**
 * A host worker with a test extension (host/worker/extension.ts): `tally(n)` adds to a per-run
 * count in the worker, `ask(x)` calls the run's `double` service on the host, and the result is
 * `{ value, tally, thread }` read in the worker.
 */
import { Builtin, type Thread } from '../../../src-main/starlark';
import { startHostWorker, type WorkerExtension } from '../../../src-main/host/worker/start';

const key = 'test.tally';
const state = (t: Thread) => t.getLocal<{ tally: number; ask: (x: number) => number }>(key)!;

const extension: WorkerExtension = {
  builtins: new Map([
    ['tally', new Builtin('tally', (t, args) => (state(t).tally += Number(args[0])))],
    ['ask', new Builtin('ask', (t, args) => state(t).ask(Number(args[0])))],
  ]),
  begin(run) {
    const input = run.input as { start: number };
    run.thread.setLocal(key, {
      tally: input.start,
      ask: (x: number) => run.callService('double', { x }) as number,
    });
  },
  result(run, value) {
    return {
      value: typeof value === 'number' ? value : String(value),
      tally: state(run.thread).tally,
      thread: run.thread.name,
    };
  },
};

startHostWorker(new Map([['test', extension]]));
