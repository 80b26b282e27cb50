import { describe, expect, it } from 'vitest';
import {
  Builtin,
  EvalError,
  StarlarkSyntaxError,
  StaticErrors,
  Thread,
  callFunction,
  evaluate,
  evaluateInFrame,
  decodeUtf8,
  execFile,
  fromStarlark,
  optionsFromNames,
  repr,
  toStarlark,
  type Value,
} from './index';

function run(
  source: string,
  options: string[] = [],
): { out: string[]; globals: Map<string, Value> } {
  const thread = new Thread();
  const out: string[] = [];
  thread.print = (_t, msg) => out.push(decodeUtf8(msg));
  const globals = execFile(thread, 'test.star', source, new Map(), {
    fileOptions: optionsFromNames(options),
  });
  return { out, globals };
}

function failure(source: string, options: string[] = []): EvalError {
  try {
    run(source, options);
  } catch (e) {
    if (e instanceof EvalError) return e;
    throw e;
  }
  throw new Error('expected an EvalError');
}

describe('execFile', () => {
  it('runs a module and returns its frozen globals', () => {
    const { out, globals } = run(`
def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a
x = [fib(i) for i in range(10) if i % 2 == 0]
print(x, fib(100))
`);
    expect(out).toEqual(['[0, 1, 3, 8, 21] 354224848179261915075']);
    expect(repr(globals.get('x')!)).toBe('[0, 1, 3, 8, 21]');
    const thread = new Thread();
    const g = execFile(thread, 'm.star', 'x = [1]\ndef f():\n    x[0] = 2\n');
    expect(() => callFunction(thread, g.get('f')!)).toThrow(
      'cannot assign to element of frozen list',
    );
  });

  it('binds arguments as go.starlark.net does', () => {
    const { out } = run(`
def f(a, b=2, *args, c, d=4, **kw):
    return (a, b, args, c, d, kw)
print(f(1, c=3))
print(f(1, 2, 3, 4, c=5, e=6))
print((lambda *a, **k: (a, k))(*[1, 2], **{"x": 3}))
`);
    expect(out).toEqual([
      '(1, 2, (), 3, 4, {})',
      '(1, 2, (3, 4), 5, 4, {"e": 6})',
      '((1, 2), {"x": 3})',
    ]);
    expect(failure('def f(a, b): pass\nf(1)').message).toBe('function f missing 1 argument (b)');
    expect(failure('def f(a): pass\nf(1, a=2)').message).toBe(
      'function f got multiple values for parameter "a"',
    );
    expect(failure('def f(a): pass\nf(b=2)').message).toBe(
      'function f got an unexpected keyword argument "b"',
    );
    expect(failure('def f(a): pass\nf(1, 2)').message).toBe(
      'function f accepts 1 positional argument (2 given)',
    );
    expect(failure('def f(): pass\nf(*1)').message).toBe(
      'argument after * must be iterable, not int',
    );
  });

  it('captures variables in closures and shares cells', () => {
    const { out } = run(`
def counter():
    n = [0]
    def inc():
        n[0] += 1
        return n[0]
    return inc
c = counter()
c()
print(c(), [f() for f in [lambda: i for i in range(3)]])
`);
    expect(out).toEqual(['2 [2, 2, 2]']);
  });

  it('prints backtraces with the positions go.starlark.net reports', () => {
    const e = failure(`def f(x):
    return g(x) + 1

def g(y):
    return y // 0

f(3)
`);
    expect(e.backtrace()).toBe(
      [
        'Traceback (most recent call last):',
        '  test.star:7:2: in <toplevel>',
        '  test.star:2:13: in f',
        '  test.star:5:14: in g',
        'Error: floored division by zero',
      ].join('\n'),
    );
    const b = failure('x = sorted([1, "a"])');
    expect(b.backtrace()).toBe(
      'Traceback (most recent call last):\n  test.star:1:11: in <toplevel>\nError in sorted: string < int not implemented',
    );
  });

  it('stops recursion unless the dialect allows it, and guards iteration', () => {
    expect(failure('def f(n):\n    return f(n - 1) if n else 0\nf(3)').message).toBe(
      'function f called recursively',
    );
    const { out } = run('def f(n):\n    return f(n - 1) + n if n else 0\nprint(f(100))', [
      'recursion',
    ]);
    expect(out).toEqual(['5050']);
    expect(failure('def f():\n    x = [1]\n    for a in x:\n        x += [2]\nf()').message).toBe(
      'cannot apply += to list during iteration',
    );
    expect(failure('x = [1]\ndef f():\n    x += [2]\nf()').message).toBe(
      'local variable x referenced before assignment',
    );
  });

  it('reports syntax and resolve errors without running anything', () => {
    expect(() => run('x = (')).toThrow(StarlarkSyntaxError);
    try {
      run('print(undefined_name)\ny = nope');
    } catch (e) {
      expect(e).toBeInstanceOf(StaticErrors);
      expect((e as StaticErrors).errors.map(String)).toEqual([
        'test.star:1:7: undefined: undefined_name',
        'test.star:2:5: undefined: nope',
      ]);
    }
  });

  it('stops a thread at its step limit or on cancel', () => {
    const thread = new Thread();
    thread.maxSteps = 1000;
    expect(() =>
      execFile(thread, 't.star', 'def f():\n    while True:\n        pass\nf()', new Map(), {
        fileOptions: optionsFromNames(['while']),
      }),
    ).toThrow('Starlark computation cancelled: too many steps');
    const t2 = new Thread();
    const stop = new Builtin('stop', (t) => {
      t.cancel('stop requested');
      return true;
    });
    expect(() =>
      execFile(t2, 't.star', 'def f():\n    for i in range(10):\n        stop()\nf()', { stop }),
    ).toThrow('Starlark computation cancelled: stop requested');
  });
});

describe('calling Starlark from TypeScript', () => {
  it('converts JSON-like values both ways', () => {
    const thread = new Thread();
    const globals = execFile(
      thread,
      'r.star',
      'def reconcile(obj):\n    return {"name": obj["metadata"]["name"] + "-x", "n": len(obj["spec"]["items"]), "f": 1.5}',
    );
    const obj = { metadata: { name: 'wébapp' }, spec: { items: [1, null, true] } };
    const result = callFunction(thread, globals.get('reconcile')!, [toStarlark(obj)]);
    expect(fromStarlark(result)).toEqual({ name: 'wébapp-x', n: 3, f: 1.5 });
    expect(() => callFunction(thread, 1)).toThrow('invalid call of non-function (int)');
  });
});

describe('evaluating expressions', () => {
  it('evaluates in a paused frame: locals, captured variables, globals and comprehensions', () => {
    const thread = new Thread();
    const seen: string[] = [];
    thread.onStatement = (frame, stmt) => {
      if (stmt.start.line === 6) {
        seen.push(repr(evaluateInFrame(thread, frame, 'x + y + [g, len(z)]')));
        seen.push(repr(evaluateInFrame(thread, frame, '[v * 2 for v in z]')));
        expect(() => evaluateInFrame(thread, frame, 'nope')).toThrow('undefined: nope');
        expect(() => evaluateInFrame(thread, frame, 'x[10]')).toThrow('index 10 out of range');
      }
    };
    execFile(
      thread,
      'dbg.star',
      'g = 3\ndef f(x):\n    z = [1, 2]\n    y = [4]\n    h = lambda: z\n    return x + y\nf([0])\n',
      new Map(),
      { debug: true },
    );
    expect(seen).toEqual(['[0, 4, 3, 2]', '[2, 4]']);
  });

  it('evaluates a REPL expression with predeclared names', () => {
    expect(
      repr(
        evaluate(new Thread(), 'sorted(d.keys())', new Map([['d', toStarlark({ b: 1, a: 2 })]])),
      ),
    ).toBe('["a", "b"]');
  });
});
