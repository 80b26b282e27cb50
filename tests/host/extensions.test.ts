/**
 * Kept globals and worker extensions: a module's top level executes once per worker and source
 * version, and an extension's builtins run inside the worker with per-run state, reaching the
 * host only through the run's services.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { StarlarkRunError } from '../../src-main/host/errors';
import { StarlarkHost, type RunRequest } from '../../src-main/host/host';
import { workerScript } from '../../src-main/host/worker-script';

const src = join(import.meta.dirname, '../../src-main');
// One worker: every run sees what the runs before it left in the worker.
const host = new StarlarkHost({
  maxWorkers: 1,
  workerScript: workerScript({
    builtName: 'test-extension-worker.js',
    here: import.meta.url,
    source: join(import.meta.dirname, 'support/extension-worker.ts'),
    sourceDirs: [
      ...['host', 'starlark', 'util'].map((d) => join(src, d)),
      join(import.meta.dirname, 'support'),
    ],
  }),
});
afterAll(() => host.dispose());

const lib = 'print("lib executed")\nK = 10\n';
const main = 'load("lib.star", "K")\nprint("main executed")\ndef f(x):\n    return K + x\n';

async function run(request: Partial<RunRequest>, printed: string[] = []) {
  const r = await host.run({
    main: { path: 'main.star', source: main },
    modules: { 'lib.star': { path: 'crds/lib.star', source: lib } },
    call: { function: 'f', args: [1] },
    keepGlobals: true,
    print: (t) => printed.push(t),
    ...request,
  });
  return { value: r.value, printed };
}

describe('kept globals', () => {
  test('a module and what it loads execute once, and again when a source changes', async () => {
    expect(await run({})).toEqual({ value: 11, printed: ['lib executed', 'main executed'] });
    expect(await run({ call: { function: 'f', args: [2] } })).toEqual({ value: 12, printed: [] });
    const changedLib = { 'lib.star': { path: 'crds/lib.star', source: 'K = 20\n' } };
    expect(await run({ modules: changedLib })).toEqual({ value: 21, printed: ['main executed'] });
    const changedMain = { path: 'main.star', source: main.replace('K + x', 'K * x') };
    expect(await run({ main: changedMain, modules: changedLib })).toEqual({
      value: 20,
      printed: ['main executed'],
    });
    // without keepGlobals everything executes every time
    expect(await run({ keepGlobals: false })).toEqual({
      value: 11,
      printed: ['lib executed', 'main executed'],
    });
  });

  test('a top level that calls the host executes on every run', async () => {
    let calls = 0;
    const request: Partial<RunRequest> = {
      main: { path: 'asks.star', source: 'N = n()\ndef f(x):\n    return N + x\n' },
      builtins: { n: () => ++calls },
    };
    expect((await run(request)).value).toBe(2);
    expect((await run(request)).value).toBe(3);
    expect(calls).toBe(2);
  });

  test('positions in a loaded module name its path', async () => {
    const error = await run({
      main: {
        path: 'main.star',
        source: 'load("lib.star", "boom")\ndef f(x):\n    return boom()\n',
      },
      modules: {
        'lib.star': { path: 'crds/lib.star', source: 'def boom():\n    return 1 // 0\n' },
      },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StarlarkRunError);
    expect((error as StarlarkRunError).backtrace()).toContain('crds/lib.star:2:14: in boom');
  });
});

describe('a worker extension', () => {
  test('its builtins run in the worker with per-run state; services run on the host', async () => {
    const doubled: unknown[] = [];
    const request = (start: number): RunRequest => ({
      name: `run ${start}`,
      main: {
        path: 'ext.star',
        source: 'def f():\n    tally(2)\n    tally(3)\n    return ask(21)\n',
      },
      call: { function: 'f' },
      keepGlobals: true,
      extension: {
        name: 'test',
        input: { start },
        services: {
          double: ({ kwargs }) => {
            doubled.push(kwargs.x);
            return (kwargs.x as number) * 2;
          },
        },
      },
    });
    expect((await host.run(request(100))).value).toEqual({
      value: 42,
      tally: 105,
      thread: 'run 100',
    });
    expect((await host.run(request(0))).value).toEqual({ value: 42, tally: 5, thread: 'run 0' });
    expect(doubled).toEqual([21, 21]);
  });

  test('a service that fails raises a Starlark error; an unknown extension fails the run', async () => {
    const failing = host.run({
      main: { path: 'ext.star', source: 'def f():\n    return ask(1)\n' },
      call: { function: 'f' },
      extension: {
        name: 'test',
        input: { start: 0 },
        services: {
          double: () => {
            throw new Error('no doubling today');
          },
        },
      },
    });
    await expect(failing).rejects.toThrow('no doubling today');
    const unknown = host.run({
      main: { path: 'ext.star', source: 'x = 1\n' },
      extension: { name: 'nope' },
    });
    await expect(unknown).rejects.toThrow('this worker has no extension nope');
  });

  test('without the extension its builtins do not exist', async () => {
    const run = host.run({ main: { path: 'ext.star', source: 'tally(1)\n' } });
    await expect(run).rejects.toThrow('undefined: tally');
  });
});
