/**
 * Scripted Debug Adapter Protocol sessions with `starling dap` over stdio, as an editor drives it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { DapClient as Client, type Body } from './support/dap-client';

const dir = mkdtempSync(join(tmpdir(), 'starling-dap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let client: Client | undefined;
afterEach(() => {
  client?.child.kill('SIGKILL');
  client = undefined;
});

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function start(program: string, breakpoints: Body[], launch: Body = {}): Promise<Client> {
  const c = (client = new Client());
  const caps = await c.request('initialize', {
    adapterID: 'starlark',
    linesStartAt1: true,
    columnsStartAt1: true,
  });
  expect(caps.supportsConfigurationDoneRequest).toBe(true);
  expect(caps.supportsConditionalBreakpoints).toBe(true);
  await c.next('initialized');
  const launched = c.request('launch', { program, ...launch });
  const set = await c.request('setBreakpoints', { source: { path: program }, breakpoints });
  expect(set.breakpoints).toHaveLength(breakpoints.length);
  await c.request('setExceptionBreakpoints', { filters: launch.filters ?? [] });
  await c.request('configurationDone');
  await launched;
  return c;
}

const greet = `def greet(name, n):
    msg = "hello " + name
    total = 0
    for i in range(n):
        total += i
    print(msg, total)
    return total

def main():
    a = greet("a", 3)
    b = greet("b", 4)
    return [a, b]

results = main()
print("done", results)
`;

describe('starling dap', { timeout: 60_000 }, () => {
  test('break in a function, read locals, evaluate, step, continue to the next hit, run to the end', async () => {
    const program = write('greet.star', greet);
    const c = await start(program, [{ line: 6 }]);

    const stop = await c.next('stopped');
    expect(stop.reason).toBe('breakpoint');
    const threadId = stop.threadId as number;
    const { threads } = await c.request('threads');
    expect(threads).toEqual([{ id: threadId, name: program }]);

    const { stackFrames } = await c.request('stackTrace', { threadId });
    expect(stackFrames.map((f: Body) => [f.name, f.line])).toEqual([
      ['greet', 6],
      ['main', 10],
      ['<toplevel>', 14],
    ]);
    expect(stackFrames[0].source.path).toBe(program);
    const top = stackFrames[0].id as number;

    const { scopes } = await c.request('scopes', { frameId: top });
    expect(scopes[0].name).toBe('Locals');
    const { variables } = await c.request('variables', {
      variablesReference: scopes[0].variablesReference,
    });
    const locals = Object.fromEntries(variables.map((v: Body) => [v.name, v.value]));
    expect(locals).toEqual({ name: '"a"', n: '3', msg: '"hello a"', total: '3', i: '2' });

    const evaluated = await c.request('evaluate', {
      expression: 'total * 10 + n',
      frameId: top,
      context: 'repl',
    });
    expect(evaluated.result).toBe('33');
    const list = await c.request('evaluate', { expression: '[msg, range(n)]', frameId: top });
    expect(list.variablesReference).toBeGreaterThan(0);
    const children = await c.request('variables', { variablesReference: list.variablesReference });
    expect(children.variables.map((v: Body) => v.value)).toEqual(['"hello a"', 'range(3)']);
    const bad = await c.send('evaluate', { expression: 'nope + 1', frameId: top });
    expect(bad.success).toBe(false);
    expect(bad.message).toContain('undefined: nope');

    await c.request('next', { threadId });
    const stepped = await c.next('stopped');
    expect(stepped.reason).toBe('step');
    const afterStep = await c.request('stackTrace', { threadId });
    expect(afterStep.stackFrames[0].line).toBe(7);
    expect(c.output()).toBe('hello a 3\n');

    await c.request('stepOut', { threadId });
    expect((await c.next('stopped')).reason).toBe('step');
    const out = await c.request('stackTrace', { threadId });
    expect([out.stackFrames[0].name, out.stackFrames[0].line]).toEqual(['main', 11]);

    await c.request('continue', { threadId });
    const second = await c.next('stopped');
    expect(second.reason).toBe('breakpoint');
    const frames2 = await c.request('stackTrace', { threadId });
    const name = await c.request('evaluate', {
      expression: 'name',
      frameId: frames2.stackFrames[0].id,
    });
    expect(name.result).toBe('"b"');

    await c.request('setBreakpoints', { source: { path: program }, breakpoints: [] });
    await c.request('continue', { threadId });
    const exited = await c.next('exited');
    expect(exited.exitCode).toBe(0);
    await c.next('terminated');
    expect(c.output()).toBe('hello a 3\nhello b 6\ndone [3, 6]\n');

    await c.request('disconnect');
    expect(await c.exit).toBe(0);
    expect(c.stderr).toBe('');
  });

  test('conditions, hit counts and logpoints; step in', async () => {
    const program = write('loop.star', greet);
    const c = await start(program, [
      { line: 5, condition: 'i == 2 and name == "b"' },
      { line: 3, logMessage: 'starting {name} with n={n}' },
      { line: 2, hitCondition: '2' },
    ]);
    const first = await c.next('stopped');
    const threadId = first.threadId as number;
    let frames = (await c.request('stackTrace', { threadId })).stackFrames;
    // The second hit of line 2 (greet("b", 4)) stops; the first does not.
    expect([
      frames[0].line,
      (await c.request('evaluate', { expression: 'name', frameId: frames[0].id })).result,
    ]).toEqual([2, '"b"']);
    await c.request('continue', { threadId });
    await c.next('stopped');
    frames = (await c.request('stackTrace', { threadId })).stackFrames;
    expect(frames[0].line).toBe(5);
    expect((await c.request('evaluate', { expression: 'i', frameId: frames[0].id })).result).toBe(
      '2',
    );
    const logs = c.events.filter((e) => e.event === 'output' && e.body.category === 'console');
    expect(logs.map((e) => e.body.output)).toEqual([
      'starting a with n=3\n',
      'starting b with n=4\n',
    ]);
    expect(logs[0]!.body.line).toBe(3);

    await c.request('setBreakpoints', { source: { path: program }, breakpoints: [{ line: 10 }] });
    await c.request('continue', { threadId });
    await c.next('exited');
    await c.request('disconnect');
    expect(await c.exit).toBe(0);
  });

  test('stop on entry, step in, pause a runaway loop, stop on an error, disconnect', async () => {
    const program = write(
      'spin.star',
      'def inner():\n    return 1\n\ndef spin():\n    x = inner()\n    while True:\n        pass\n\nspin()\n',
    );
    const c = await start(program, [], { stopOnEntry: true, options: ['while'] });
    const entry = await c.next('stopped');
    expect(entry.reason).toBe('entry');
    const threadId = entry.threadId as number;
    for (const line of [4, 9, 5]) {
      await c.request('stepIn', { threadId });
      await c.next('stopped');
      const top = (await c.request('stackTrace', { threadId })).stackFrames[0];
      expect(top.line).toBe(line);
    }
    let frames = (await c.request('stackTrace', { threadId })).stackFrames;
    expect([frames[0].name, frames[0].line]).toEqual(['spin', 5]);
    await c.request('stepIn', { threadId });
    await c.next('stopped');
    frames = (await c.request('stackTrace', { threadId })).stackFrames;
    expect([frames[0].name, frames[0].line]).toEqual(['inner', 2]);

    await c.request('continue', { threadId });
    await c.next('continued');
    await c.request('pause', { threadId });
    const paused = await c.next('stopped');
    expect(paused.reason).toBe('pause');
    frames = (await c.request('stackTrace', { threadId })).stackFrames;
    expect(frames[0].name).toBe('spin');

    await c.request('disconnect');
    expect(await c.exit).toBe(0);

    const failing = write('fail.star', 'def f(x):\n    return x["missing"]\n\nf({})\n');
    const d = await start(failing, [], { filters: ['uncaught'] });
    const error = await d.next('stopped');
    expect(error.reason).toBe('exception');
    expect(error.description).toBe('key "missing" not in dict');
    const where = (await d.request('stackTrace', { threadId: error.threadId })).stackFrames;
    expect([where[0].name, where[0].line]).toEqual(['f', 2]);
    await d.request('continue', { threadId: error.threadId });
    const exited = await d.next('exited');
    expect(exited.exitCode).toBe(1);
    const stderr = d.events.filter((e) => e.event === 'output' && e.body.category === 'stderr');
    expect(stderr.map((e) => e.body.output).join('')).toContain(
      `${failing}:2:13: in f\nError: key "missing" not in dict`,
    );
    await d.request('disconnect');
    expect(await d.exit).toBe(0);
  });
});
