import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratchFolder } from './cli-tests';

const { dir, write } = scratchFolder('test');

// The first exec-mode test loads (and vitest transforms) the whole engine: allow for a busy machine.
describe('starling test (exec mode)', { timeout: 60_000 }, () => {
  it("provides go.starlark.net's test environment: assert.star, json.star, fibonacci, hasfields", async () => {
    const file = write(
      'env.star',
      [
        'load("assert.star", "assert")',
        'load("json.star", "json")',
        'assert.eq(json.encode([1]), "[1]")',
        'fib = []',
        'def take():',
        '    for x in fibonacci:',
        '        if len(fib) == 6:',
        '            break',
        '        fib.append(x)',
        'take()',
        'assert.eq(fib, [0, 1, 1, 2, 3, 5])',
        'h = hasfields()',
        'h.x = 1',
        'assert.eq(h.x, 1)',
        'assert.eq([] + h, 42)',
        'assert.fails(lambda: 1 // 0, "division by zero")',
        'assert.eq(struct(a = 1).a, 1)',
        '---',
        'x = {}["k"] ### `key "k" not in dict`',
      ].join('\n'),
    );
    const run = await runCli(['test', file]);
    expect(run.status).toBe(0);
    expect(run.out).toBe('2 passed, 0 failed\n');
  });

  it('reports each assert failure with its call stack, and errors at the innermost frame in the file', async () => {
    const file = write(
      'fails.star',
      [
        'load("assert.star", "assert")',
        'assert.eq(1, 2)',
        'assert.true(False, "custom message")',
        '---',
        'def f():',
        '    return 1 // 0 ### "floored division by zero"',
        'f()',
        '---',
        'def g():',
        '    return 1 // 0',
        'g() ### "division"',
      ].join('\n'),
    );
    const run = await runCli(['test', file]);
    expect(run.status).toBe(1);
    const lines = run.out.split('\n');
    expect(lines).toContain(`${file}:1: Traceback (most recent call last):`);
    expect(lines).toContain(`      ${file}:2:10: in <toplevel>`);
    expect(lines).toContain('    Error: 1 != 2');
    expect(lines).toContain('    Error: custom message');
    expect(lines).toContain(`${file}:10: unexpected error: floored division by zero`);
    expect(lines).toContain(`${file}:11: expected error matching "division"`);
    expect(lines[lines.length - 2]).toBe('1 passed, 2 failed');
  });
});

describe('starling test --mode resolve', () => {
  it('checks resolve errors with go.starlark.net test names (M predeclared, U universal)', async () => {
    const file = write(
      'scopes.star',
      [
        'x = M + U',
        'x = 2 ### "cannot reassign global x"',
        '---',
        'y = len ### "undefined: len"',
      ].join('\n'),
    );
    const run = await runCli(['test', '--mode', 'resolve', file]);
    expect(run.status).toBe(0);
    expect(run.out).toBe('2 passed, 0 failed\n');
  });
});

describe('starling test --mode parse', () => {
  it('passes chunks whose syntax errors are the expected ones and counts them', async () => {
    const file = write(
      'ok.star',
      [
        'x = 1',
        '---',
        'def f(:  ### "got \':\', want"',
        '---',
        'y = (1,',
        '### "got end of file"',
      ].join('\n'),
    );
    const run = await runCli(['test', '--mode', 'parse', file]);
    expect(run.status).toBe(0);
    expect(run.out).toBe('3 passed, 0 failed\n');
  });

  it('prints a line per failure with file:line, expected and got, and exits 1', async () => {
    const file = write(
      'bad.star',
      ['x = = 1 ### "something else"', '---', 'y = 2 ### "never happens"', '---', 'z = )'].join(
        '\n',
      ),
    );
    const run = await runCli(['test', '--mode=parse', file]);
    expect(run.status).toBe(1);
    expect(run.out.split('\n')).toEqual([
      `${file}:1: error "got '=', want primary expression" does not match pattern "something else"`,
      `${file}:3: expected error matching "never happens"`,
      `${file}:5: unexpected error: unexpected ')'`,
      '0 passed, 3 failed',
      '',
    ]);
  });

  it('reports an unreadable file as a failure', async () => {
    const run = await runCli(['test', '--mode', 'parse', join(dir, 'missing.star')]);
    expect(run.status).toBe(1);
    expect(run.out).toMatch(/missing\.star: cannot read: .*\n0 passed, 1 failed\n$/);
  });

  it('rejects a bad command line with exit 2', async () => {
    const run = await runCli(['test', '--mode', 'eval', 'x.star']);
    expect(run.status).toBe(2);
    expect(run.err).toContain('--mode must be one of exec, resolve, parse');
    expect((await runCli(['test'])).status).toBe(2);
  });
});
