import { describe, expect, test } from 'vitest';
import { compileFile, EvalError, Thread } from './index';
import { optionsFromNames } from './syntax/options';

function run(source: string, setup: (t: Thread) => void, options: string[] = []) {
  const thread = new Thread();
  setup(thread);
  const program = compileFile('limits.star', source, new Map(), {
    fileOptions: optionsFromNames(options),
  });
  return program.run(thread).error;
}

describe('limits a host sets on a Thread', () => {
  test('maxCallDepth stops deep recursion with a backtrace', () => {
    const error = run(
      'def down(n):\n    return down(n + 1)\ndown(0)\n',
      (t) => (t.maxCallDepth = 50),
      ['recursion'],
    );
    expect(error).toBeInstanceOf(EvalError);
    expect(error!.message).toBe('Starlark call stack too deep (more than 50 frames)');
    expect(error!.callStack).toHaveLength(51); // <toplevel> and 50 calls of down
    // The newest frame has not run anything yet: it sits at its function's first instruction.
    expect(error!.backtrace()).toMatch(
      /limits\.star:2:16: in down\n {2}limits\.star:2:\d+: in down\nError: Starlark call stack/,
    );
  });

  test('onError sees the error while the failing frame is still on the stack', () => {
    const seen: string[] = [];
    const error = run('def f(x):\n    return x + "a"\nf(1)\n', (t) => {
      t.onError = (e) => seen.push(`${e.message} in ${t.frame?.fn.name}`);
    });
    expect(seen).toEqual(['unknown binary op: int + string in f']);
    expect(error!.message).toBe('unknown binary op: int + string');
  });

  test('a string beyond what JavaScript can hold is an out-of-memory error, not an internal one', () => {
    const error = run(
      'def grow():\n    s = "x" * (1 << 28)\n    for i in range(8):\n        s += s\ngrow()\n',
      () => {},
      [],
    );
    expect(error!.message).toBe('out of memory: Invalid string length');
  });
});
