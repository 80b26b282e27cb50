import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { StarlarkRunError } from '../../src-main/host/errors';
import { StarlarkHost, type RunRequest } from '../../src-main/host/host';

const host = new StarlarkHost({ maxWorkers: 8, minWorkers: 1 });
afterAll(() => host.dispose());

/** The error a run failed with (fails the test when the run succeeded). */
async function failure(done: Promise<unknown>): Promise<StarlarkRunError> {
  const outcome = await done.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`the run succeeded with ${String(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(StarlarkRunError);
  return outcome.error as StarlarkRunError;
}

/** A promise and the function that settles it. */
function signal<T = void>(): { promise: Promise<T>; fire: (v: T) => void } {
  let fire!: (v: T) => void;
  const promise = new Promise<T>((r) => (fire = r));
  return { promise, fire };
}

function module(source: string, path = 'test.star'): RunRequest['main'] {
  return { path, source };
}

describe('running Starlark in a worker', () => {
  test('executes a module, calls its function with arguments and returns the result', async () => {
    const printed: string[] = [];
    const r = await host.run({
      main: module('def f(x, y = 1):\n    print("x is", x)\n    return {"sum": x + y, "s": "é"}\n'),
      call: { function: 'f', args: [41], kwargs: {} },
      print: (t) => printed.push(t),
    });
    expect(r.value).toEqual({ sum: 42, s: 'é' });
    expect(printed).toEqual(['x is 41']);
    expect(r.steps).toBeGreaterThan(0);
  });

  test('host builtins run in the host, may be asynchronous and get checked arguments', async () => {
    const calls: unknown[] = [];
    const r = await host.run({
      main: module('def f():\n    return get("a", namespace = "ns") + get("b")\n'),
      call: { function: 'f' },
      builtins: {
        get: {
          params: ['name', 'namespace?'],
          values: 'json',
          fn: async ({ kwargs }) => {
            calls.push(kwargs);
            await new Promise((r) => setTimeout(r, 5));
            return [kwargs.name];
          },
        },
      },
    });
    expect(r.value).toEqual(['a', 'b']);
    expect(calls).toEqual([{ name: 'a', namespace: 'ns' }, { name: 'b' }]);
  });

  test('a host builtin that fails raises a Starlark error with a backtrace', async () => {
    const e = await failure(
      host.run({
        main: module('def f():\n    return get(1, 2, 3)\n\nf()\n'),
        builtins: { get: { params: ['name'], fn: () => 1 } },
      }),
    );
    expect(e.kind).toBe('eval');
    expect(e.message).toBe('get: got 3 arguments, want at most 1');
    expect(e.backtrace()).toContain('test.star:4:2: in <toplevel>');
    const thrown = await failure(
      host.run({
        main: module('x = fail_here()\n'),
        builtins: { fail_here: () => Promise.reject(new Error('the server said no')) },
      }),
    );
    expect(thrown.message).toBe('the server said no');
    expect(thrown.backtrace()).toMatch(
      /test\.star:1:\d+: in <toplevel>\n.*Error.*the server said no/s,
    );
  });

  test('syntax and resolve errors come back as file:line:col', async () => {
    const syntax = await failure(host.run({ main: module('x = (\n') }));
    expect(syntax.kind).toBe('syntax');
    expect(syntax.backtrace()).toMatch(/^test\.star:2:1: /);
    const unresolved = await failure(host.run({ main: module('x = 1\ny = undefined_name\n') }));
    expect(unresolved.kind).toBe('static');
    expect(unresolved.backtrace()).toContain('test.star:2:5: undefined: undefined_name');
  });

  test('load() finds the modules given, asks the host for others, and refuses the rest', async () => {
    const asked: string[] = [];
    const r = await host.run({
      main: module(
        'load("lib.star", "a")\nload("//other.star", "b")\ndef f():\n    return a + b\n',
      ),
      modules: { 'lib.star': 'a = 1\n' },
      load: (name) => {
        asked.push(name);
        return { path: 'other.star', source: 'b = 2\n' };
      },
      call: { function: 'f' },
    });
    expect(r.value).toBe(3);
    expect(asked).toEqual(['//other.star']);
    const refused = await failure(host.run({ main: module('load("/etc/passwd", "x")\n') }));
    expect(refused.message).toContain('module not found');
  });
});

describe('limits', () => {
  test('a runaway loop is stopped by the step limit, with a backtrace', async () => {
    const e = await failure(
      host.run({
        main: module('def spin():\n    while True:\n        pass\n\nspin()\n'),
        dialect: ['while'],
        limits: { maxSteps: 1_000_000 },
      }),
    );
    expect(e.kind).toBe('cancelled');
    expect(e.message).toBe('Starlark computation cancelled: too many steps');
    expect(e.backtrace()).toMatch(
      /test\.star:5:5: in <toplevel>\n {2}test\.star:\d+:\d+: in spin\n/,
    );
  });

  test('a runaway loop is stopped by the timeout, and the host goes on at once', async () => {
    const e = await failure(
      host.run({
        main: module('while True:\n    pass\n'),
        dialect: ['while', 'topLevelControl'],
        limits: { timeoutMs: 300 },
      }),
    );
    expect(e.kind).toBe('cancelled');
    expect(e.message).toBe('Starlark computation cancelled: timed out after 0.3s');
    expect(e.backtrace()).toContain('test.star:1:1: in <toplevel>');
    const next = await host.run({
      main: module('def f():\n    return 1\n'),
      call: { function: 'f' },
    });
    expect(next.value).toBe(1);
  });

  test('the timeout also ends a thread waiting for a host builtin', async () => {
    const e = await failure(
      host.run({
        main: module('x = never()\n'),
        builtins: { never: () => new Promise(() => {}) },
        limits: { timeoutMs: 200 },
      }),
    );
    expect(e.message).toBe('Starlark computation cancelled: timed out after 0.2s');
  });

  test('the host cancels a running thread at any moment', async () => {
    const started = signal();
    const handle = host.start({
      main: module('started()\nwhile True:\n    pass\n'),
      dialect: ['while', 'topLevelControl'],
      builtins: { started: () => started.fire() },
    });
    await started.promise;
    await new Promise((r) => setTimeout(r, 50));
    handle.cancel('the object was deleted');
    const e = await failure(handle.done);
    expect(e.message).toBe('Starlark computation cancelled: the object was deleted');
    // On a loaded machine the cancel may reach the worker before the reply to started() does.
    expect(e.backtrace()).toMatch(
      /test\.star:\d+:\d+: in <toplevel>\n( {2}<builtin>: in started\n)?Error: Starlark computation cancelled/,
    );
  });

  test('an AbortSignal cancels a run, also one still waiting for a worker', async () => {
    const aborter = new AbortController();
    aborter.abort('not needed');
    const e = await failure(host.run({ main: module('x = 1\n'), signal: aborter.signal }));
    expect(e.message).toBe('Starlark computation cancelled: not needed');
  });

  test('a thread stuck inside a long builtin has its worker replaced', async () => {
    const stuck = new StarlarkHost({ maxWorkers: 1, stopGraceMs: 50 });
    try {
      const started = signal();
      // sorted() of a big list does not reach a step check until it returns.
      const handle = stuck.start({
        main: module('started()\nx = sorted(range(30000000), reverse = True)\n'),
        builtins: { started: () => started.fire() },
      });
      await started.promise;
      await new Promise((r) => setTimeout(r, 20));
      handle.cancel('stop now');
      const e = await failure(handle.done);
      expect(e.message).toBe('Starlark computation cancelled: stop now');
      expect(stuck.stats.replaced).toBe(1); // the forced path: the worker did not stop by itself
      const next = await stuck.run({
        main: module('def f():\n    return 2\n'),
        call: { function: 'f' },
      });
      expect(next.value).toBe(2);
    } finally {
      await stuck.dispose();
    }
  });

  test('deep recursion is stopped by the call depth limit', async () => {
    const e = await failure(
      host.run({
        main: module('def down(n):\n    return down(n + 1)\ndown(0)\n'),
        dialect: ['recursion'],
        limits: { maxCallDepth: 100 },
      }),
    );
    expect(e.message).toBe('Starlark call stack too deep (more than 100 frames)');
  });

  test('a worker out of memory fails its run, and the next run gets a new worker', async () => {
    const small = new StarlarkHost({
      maxWorkers: 1,
      resourceLimits: { maxOldGenerationSizeMb: 32 },
    });
    try {
      const e = await failure(
        small.run({
          main: module('x = []\nfor i in range(100000000):\n    x.append([i, i, i])\n'),
          dialect: ['topLevelControl'],
        }),
      );
      expect(e.message).toBe('Starlark computation cancelled: out of memory (limit: 32 MB)');
      const next = await small.run({
        main: module('def f():\n    return 3\n'),
        call: { function: 'f' },
      });
      expect(next.value).toBe(3);
    } finally {
      await small.dispose();
    }
  });
});

describe('blocking calls between worker and host', () => {
  test('a reply that arrives after its call was cancelled is never read as the next answer', async () => {
    const one = new StarlarkHost({ maxWorkers: 1 });
    try {
      const late = signal();
      const first = one.start({
        main: module('x = slow()\n'),
        builtins: {
          slow: async () => {
            late.fire();
            await new Promise((r) => setTimeout(r, 150));
            return 'stale';
          },
        },
      });
      await late.promise;
      first.cancel('changed my mind');
      await failure(first.done);
      // The same worker, while the first reply is still coming.
      const r = await one.run({
        main: module('def f():\n    return [fresh(), fresh()]\n'),
        call: { function: 'f' },
        builtins: {
          fresh: async () => {
            await new Promise((r) => setTimeout(r, 100));
            return 'fresh';
          },
        },
      });
      expect(r.value).toEqual(['fresh', 'fresh']);
    } finally {
      await one.dispose();
    }
  });

  test('8 threads run at once (each waits until all 8 are inside a host builtin)', async () => {
    let arrived = 0;
    const all = signal();
    const runs = Array.from({ length: 8 }, (_, i) =>
      host.run({
        name: `thread-${i}`,
        main: module('def f(i):\n    return meet(i) * 2\n'),
        call: { function: 'f', args: [i] },
        builtins: {
          meet: async ({ args, thread }) => {
            expect(thread).toBe(`thread-${i}`);
            if (++arrived === 8) all.fire();
            await all.promise;
            return args[0];
          },
        },
      }),
    );
    const results = await Promise.all(runs);
    expect(results.map((r) => r.value)).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
  });

  describe('a builtin doing real I/O', () => {
    let server: Server;
    let port = 0;
    const token = Math.random().toString(36).slice(2);
    beforeAll(async () => {
      server = createServer((req, res) => {
        if (req.headers.authorization !== `Bearer ${token}`) {
          res.writeHead(401).end();
          return;
        }
        const n = Number(new URL(req.url!, 'http://x').searchParams.get('n'));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ n, square: n * n }));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    test('10,000 HTTP requests to a local server from Starlark', async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 8 });
      const get = (n: number) =>
        new Promise<unknown>((resolve, reject) => {
          const req = request(
            {
              host: '127.0.0.1',
              port,
              path: `/?n=${n}`,
              agent,
              headers: { authorization: `Bearer ${token}` },
            },
            (res) => {
              let body = '';
              res.setEncoding('utf8');
              res.on('data', (c: string) => (body += c));
              res.on('end', () =>
                res.statusCode === 200
                  ? resolve(JSON.parse(body))
                  : reject(new Error(`HTTP ${res.statusCode}`)),
              );
            },
          );
          req.on('error', reject);
          req.end();
        });
      let requests = 0;
      try {
        const r = await host.run({
          main: module(
            'def f(n):\n    total = 0\n    for i in range(n):\n        r = http_get(i)\n        if r["n"] != i:\n            fail("wrong answer", r, "for", i)\n        total += r["square"]\n    return total\n',
          ),
          call: { function: 'f', args: [10_000] },
          builtins: {
            http_get: {
              params: ['n'],
              values: 'json',
              fn: ({ kwargs }) => (requests++, get(kwargs.n as number)),
            },
          },
        });
        let expected = 0;
        for (let i = 0; i < 10_000; i++) expected += i * i;
        expect(r.value).toBe(expected);
        expect(requests).toBe(10_000);
      } finally {
        agent.destroy();
      }
    });
  });
});
