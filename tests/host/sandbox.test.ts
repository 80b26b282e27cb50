/**
 * Starlark code reaches nothing but the builtins the host chose: these tests try to break out.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { StarlarkRunError } from '../../src-main/host/errors';
import { StarlarkHost } from '../../src-main/host/host';

const host = new StarlarkHost({ maxWorkers: 2 });
afterAll(() => host.dispose());

async function value(
  source: string,
  extra: Parameters<StarlarkHost['run']>[0] extends infer R ? Partial<R> : never = {},
) {
  const r = await host.run({
    main: { path: 'escape.star', source },
    call: { function: 'main' },
    ...extra,
  });
  return r.value;
}

async function error(
  source: string,
  extra: Partial<Parameters<StarlarkHost['run']>[0]> = {},
): Promise<StarlarkRunError> {
  const outcome = await host.run({ main: { path: 'escape.star', source }, ...extra }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(outcome).toBeInstanceOf(StarlarkRunError);
  return outcome as StarlarkRunError;
}

const jsNames = [
  '__proto__',
  'constructor',
  'prototype',
  '__class__',
  '__dict__',
  '__defineGetter__',
  'hasOwnProperty',
  'toString',
  'valueOf',
  'call',
  'apply',
  'bind',
  'kv',
  'data',
  'fn',
];

describe('sandbox', () => {
  test('JavaScript property names are no attributes of any value', async () => {
    const source = `
def f():
    pass

VALUES = [None, True, 1, 1 << 80, 1.5, "s", b"b", [1], (1,), {"a": 1}, range(3), f, len,
          "s".upper, struct(a = 1), module("m", a = 1), json, math, time]

def main():
    found = []
    for v in VALUES:
        for name in NAMES:
            if hasattr(v, name) or getattr(v, name, "absent") != "absent" or name in dir(v):
                found.append("%s.%s" % (type(v), name))
    return found
`;
    const names = `NAMES = ${JSON.stringify(jsNames)}\n`;
    expect(await value(names + source)).toEqual([]);
    for (const v of ['1', '"s"', '[]', '{}', 'len', 'struct(a = 1)', 'None']) {
      const e = await error(`x = (${v}).constructor\n`);
      expect(e.message).toMatch(/has no \.constructor (field or method|attribute)/);
    }
  });

  test('keys named like JavaScript internals are ordinary data, in dicts, structs and JSON', async () => {
    const r = await value(`
def main():
    d = {"__proto__": 1, "constructor": 2, "prototype": 3, "hasOwnProperty": 4}
    d["toString"] = 5
    s = struct(**{"__proto__": "p", "constructor": "c"})
    j = json.decode('{"__proto__": {"polluted": true}, "constructor": {"prototype": 1}}')
    return {
        "d": d,
        "len": len(d),
        "keys": sorted(d.keys()),
        "struct": [s.__proto__, s.constructor, dir(s)],
        "json": j,
        "json_keys": sorted(j.keys()),
        "fresh": json.decode('{}'),
        "encoded": json.encode(j),
    }
`);
    const out = r as Record<string, unknown>;
    expect(out.len).toBe(4 + 1);
    expect(out.keys).toEqual([
      '__proto__',
      'constructor',
      'hasOwnProperty',
      'prototype',
      'toString',
    ]);
    expect(out.struct).toEqual(['p', 'c', ['__proto__', 'constructor']]);
    expect(out.json_keys).toEqual(['__proto__', 'constructor']);
    expect(out.fresh).toEqual({});
    expect(out.encoded).toBe('{"__proto__":{"polluted":true},"constructor":{"prototype":1}}');
    // What reached the host has them as own data properties, and nothing was polluted.
    const d = out.d as Record<string, unknown>;
    expect(Object.getPrototypeOf(d)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(d, '__proto__')?.value).toBe(1);
    expect(Object.getOwnPropertyDescriptor(out.json, '__proto__')?.value).toEqual({
      polluted: true,
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('the host process is out of reach: no globals, no require, no environment', async () => {
    const e = await error(
      'x = [process, require, globalThis, eval, Function, open, __import__, this, self, window, env]\n',
    );
    expect(e.kind).toBe('static');
    for (const name of [
      'process',
      'require',
      'globalThis',
      'eval',
      'Function',
      'open',
      '__import__',
      'this',
      'self',
      'window',
      'env',
    ]) {
      expect(e.message).toContain(`undefined: ${name}`);
    }
  });

  test('load() reaches only the modules the host allows', async () => {
    for (const path of ['/etc/passwd', '../../../../etc/passwd', 'node:fs', 'fs']) {
      const e = await error(`load(${JSON.stringify(path)}, "x")\n`);
      expect(e.message).toContain('module not found');
    }
    const asked: string[] = [];
    const e = await error('load("../secret.star", "x")\n', {
      load: (name) => {
        asked.push(name);
        throw new Error(`${name} is outside the project`);
      },
    });
    expect(asked).toEqual(['../secret.star']);
    expect(e.message).toContain('../secret.star is outside the project');
  });

  test('format strings reach no attributes', async () => {
    for (const [src, message] of [
      ['"{0.__class__}".format(1)', /keyword|attribute|not supported|invalid/],
      ['"{constructor}".format()', /keyword constructor not found/],
      ['"%(constructor)s" % {}', /key "constructor" not in dict|not found/],
      ['"{0[__proto__]}".format({})', /keyword|not supported|invalid|index/],
    ] as const) {
      const e = await error(`x = ${src}\n`);
      expect(e.kind).toBe('eval');
      expect(e.message).toMatch(message);
    }
  });

  test('huge allocations and deep recursion fail as Starlark errors, and the host goes on', async () => {
    expect((await error('x = "x" * (1 << 31)\n')).message).toMatch(/excessive repeat|too large/);
    expect((await error('x = [0] * (1 << 31)\n')).message).toMatch(/excessive repeat|too large/);
    const recursion = await error('def f(n):\n    return f(n + 1)\nf(0)\n', {
      dialect: ['recursion'],
    });
    expect(recursion.message).toMatch(/stack too deep|call stack/);
    const direct = await error('def f(n):\n    return f(n + 1)\nf(0)\n');
    expect(direct.message).toMatch(/called recursively/);
    expect(await value('def main():\n    return "ok"\n')).toBe('ok');
  });

  test('errors and values from host builtins carry no host objects', async () => {
    class Secret {
      secret = 'hunter2';
    }
    const builtins = {
      throws_object: () => {
        throw { message: 'plain', secret: 'hunter2', toString: () => 'hunter2' };
      },
      throws_error: () => {
        const e = new Error('no access');
        (e as Error & { secret: string }).secret = 'hunter2';
        throw e;
      },
      returns_function: () => () => 'hunter2',
      returns_instance: () => new Secret(),
      returns_symbol: () => Symbol('hunter2'),
      returns_global: () => globalThis,
    };
    const messages: string[] = [];
    for (const name of Object.keys(builtins)) {
      const e = await error(`x = ${name}()\n`, { builtins });
      expect(e.kind).toBe('eval');
      expect(e.backtrace()).not.toContain('hunter2');
      messages.push(e.message);
    }
    expect(messages).toEqual([
      'failed',
      'no access',
      'returns_function returned a function, which cannot become a Starlark value',
      'returns_instance returned an object of a class, which cannot become a Starlark value',
      'returns_symbol returned a symbol, which cannot become a Starlark value',
      'returns_global returned an object of a class, which cannot become a Starlark value',
    ]);
  });
});
