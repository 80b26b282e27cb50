import { describe, expect, test } from 'vitest';
import { Program } from '../compile/program';
import { resolveFile } from '../resolve/resolve';
import { isUniversal } from '../runtime/builtins';
import { Thread } from '../runtime/thread';
import type { Value } from '../runtime/value';
import { struct } from '../lib/struct';
import { optionsFromNames } from '../syntax/options';
import { parse } from '../syntax/parse';
import { Debugger, type ResumeMode, type StopEvent } from './debugger';
import { placeBreakpoints, statementLines, Breakpoint } from './breakpoints';

const predeclared = new Map<string, Value>([['struct', struct]]);

function compile(source: string, options: string[] = [], debug = true): Program {
  const parsed = parse('main.star', source);
  if (!parsed.ok) throw parsed.error;
  const fileOptions = optionsFromNames(options);
  const errors = resolveFile(parsed.file, fileOptions, (n) => predeclared.has(n), isUniversal);
  if (errors.length > 0) throw new Error(errors.map(String).join('\n'));
  return new Program(parsed.file, predeclared, { recursion: fileOptions.recursion, debug });
}

interface Stop {
  event: StopEvent;
  frames: string[];
}

/**
 * Runs source under a debugger whose client answers each stop with `script(stop, debugger)`;
 * returns every stop (frames as "name@line"), the logpoint output and the run's error.
 */
function debug(
  source: string,
  setup: (d: Debugger) => void,
  script: (stop: Stop, d: Debugger) => ResumeMode,
  options: string[] = [],
) {
  const thread = new Thread();
  const stops: Stop[] = [];
  const output: string[] = [];
  const program = compile(source, options);
  const d: Debugger = new Debugger(thread, {
    stopped(event) {
      const frames = d.stackTrace().map((f) => `${f.name}@${f.line}`);
      const stop = { event, frames };
      stops.push(stop);
      return script(stop, d);
    },
    output: (text) => output.push(text),
  });
  setup(d);
  const { error } = program.run(thread);
  return { stops, output, error, thread };
}

const program = [
  'limit = 10', // 1
  'def scale(items, factor):', // 2
  '    total = 0', // 3
  '    for x in items:', // 4
  '        total += x * factor', // 5
  '    return total', // 6
  '', // 7
  'def main():', // 8
  '    a = scale([1, 2, 3], 2)', // 9
  '    b = scale([4], 3)', // 10
  '    print(a, b)', // 11
  '    return a + b', // 12
  '', // 13
  'result = main()', // 14
  '',
].join('\n');

describe('Debugger', () => {
  test('with no breakpoints it installs no statement hook', () => {
    const thread = new Thread();
    const d = new Debugger(thread, { stopped: () => 'continue', output: () => {} });
    expect(thread.onStatement).toBeUndefined();
    d.setBreakpoints('main.star', [{ line: 3 }]);
    expect(thread.onStatement).toBeDefined();
    d.setBreakpoints('main.star', []);
    expect(thread.onStatement).toBeUndefined();
  });

  test('stops at a breakpoint inside a function, shows locals and globals, evaluates', () => {
    const seen: unknown[] = [];
    let n = 0;
    const { stops, error } = debug(
      program,
      (d) => d.setBreakpoints('main.star', [{ line: 5 }]),
      (_stop, d) => {
        if (++n === 1) {
          const scopes = d.scopes(0);
          expect(scopes.map((s) => s.name)).toEqual(['Locals', 'Globals']);
          const locals = d.variables(scopes[0]!.ref);
          seen.push(locals.map((v) => `${v.name}=${v.value}:${v.type}`));
          const globals = d.variables(scopes[1]!.ref);
          seen.push(globals.map((v) => v.name));
          seen.push(d.evaluate('total + x * factor + limit').value);
          seen.push(d.evaluate('[y * factor for y in items]').value);
          // In main's frame, `items` is not defined.
          expect(() => d.evaluate('items[1]', 1)).toThrow('<expr>:1:1: undefined: items');
        }
        return 'continue';
      },
    );
    expect(error).toBeUndefined();
    expect(stops[0]!.event).toMatchObject({ reason: 'breakpoint', breakpointIds: [1] });
    expect(stops[0]!.frames).toEqual(['scale@5', 'main@9', '<toplevel>@14']);
    expect(seen[0]).toEqual(['items=[1, 2, 3]:list', 'factor=2:int', 'total=0:int', 'x=1:int']);
    expect(seen[1]).toEqual(['limit', 'scale', 'main']);
    expect(seen[2]).toBe('12');
    expect(seen[3]).toBe('[2, 4, 6]');
  });

  test('continues to each hit; hit counts and conditions select the hits', () => {
    const frames = (hits: Stop[]) => hits.map((s) => s.frames[0]);
    const all = debug(
      program,
      (d) => d.setBreakpoints('main.star', [{ line: 5 }]),
      () => 'continue',
    );
    expect(all.error).toBeUndefined();
    expect(all.stops).toHaveLength(4);
    const xs: string[] = [];
    const conditional = debug(
      program,
      (d) => d.setBreakpoints('main.star', [{ line: 5, condition: 'x >= 2' }]),
      (_stop, d) => {
        xs.push(d.evaluate('x').value);
        return 'continue';
      },
    );
    expect(xs).toEqual(['2', '3', '4']);
    expect(conditional.stops.every((s) => s.event.reason === 'breakpoint')).toBe(true);
    const third = debug(
      program,
      (d) => d.setBreakpoints('main.star', [{ line: 5, hitCondition: '3' }]),
      (_stop, d) => {
        xs.push(`third:${d.evaluate('x').value}`);
        return 'continue';
      },
    );
    expect(frames(third.stops)).toEqual(['scale@5']);
    expect(xs.at(-1)).toBe('third:3');
    const everyOther = debug(
      program,
      (d) => d.setBreakpoints('main.star', [{ line: 5, hitCondition: '%2' }]),
      () => 'continue',
    );
    expect(everyOther.stops).toHaveLength(2);
  });

  test('logpoints print instead of stopping', () => {
    const { stops, output } = debug(
      program,
      (d) =>
        d.setBreakpoints('main.star', [
          { line: 6, logMessage: 'total={total} {{literal}} {nope}' },
        ]),
      () => 'continue',
    );
    expect(stops).toEqual([]);
    expect(output).toEqual([
      'total=12 {literal} <error: <expr>:1:1: undefined: nope>\n',
      'total=12 {literal} <error: <expr>:1:1: undefined: nope>\n',
    ]);
  });

  test('steps over calls and out of a function at its end', () => {
    const plan: ResumeMode[] = ['next', 'next', 'stepIn', 'next'];
    const { stops, error } = debug(
      program,
      (d) => d.setBreakpoints('main.star', [{ line: 9 }]),
      () => plan.shift()!,
    );
    expect(error).toBeUndefined();
    expect(stops.map((s) => `${s.event.reason} ${s.frames[0]}`)).toEqual([
      'breakpoint main@9',
      'step main@10', // over the call of scale
      'step main@11',
      'step main@12', // stepIn on print: a builtin, nothing to step into
    ]); // next from the return: the caller's statement is under way, so the run ends
    expect(plan).toEqual([]);
  });

  test('stepIn enters a function, stepOut returns to the caller', () => {
    const plan: ResumeMode[] = ['stepIn', 'next', 'stepOut', 'continue'];
    const { stops } = debug(
      program,
      (d) => d.setBreakpoints('main.star', [{ line: 10 }]),
      () => plan.shift()!,
    );
    expect(stops.map((s) => `${s.event.reason} ${s.frames.join(' < ')}`)).toEqual([
      'breakpoint main@10 < <toplevel>@14',
      'step scale@3 < main@10 < <toplevel>@14',
      'step scale@4 < main@10 < <toplevel>@14',
      'step main@11 < <toplevel>@14',
    ]);
  });

  test('a breakpoint moves to the next statement; one past the end stays unverified', () => {
    const thread = new Thread();
    const d = new Debugger(thread, { stopped: () => 'continue', output: () => {} });
    const p = compile(program);
    const [moved, past, bad] = d.setBreakpoints(
      'main.star',
      [{ line: 7 }, { line: 99 }, { line: 3, hitCondition: 'often' }],
      { tree: p.file, ids: [7, 8, 9] },
    );
    expect([moved!.id, past!.id, bad!.id]).toEqual([7, 8, 9]);
    expect(moved).toMatchObject({ line: 8, verified: true });
    expect(past).toMatchObject({ verified: false, message: 'no statement at or after this line' });
    expect(bad!.verified).toBe(false);
    expect(bad!.message).toMatch(/invalid hit condition "often"/);
  });

  test('statement lines skip pass and docstrings and give the first column', () => {
    const p = compile('def f():\n    """doc"""\n\n    x = 1; y = 2\n    pass\nf()\n');
    expect([...statementLines(p.file)]).toEqual([
      [1, 1],
      [4, 5],
      [6, 1],
    ]);
    const bp = new Breakpoint(1, 'main.star', { line: 2 }, undefined, undefined);
    expect([...placeBreakpoints([bp], p.file).keys()]).toEqual([4]);
  });

  test('pauses on an error before the stack unwinds', () => {
    const locals: string[] = [];
    const { stops, error } = debug(
      'def f(d):\n    k = "missing"\n    return d[k]\nf({})\n',
      (d) => (d.pauseOnError = true),
      (_stop, d) => {
        locals.push(...d.variables(d.scopes(0)[0]!.ref).map((v) => `${v.name}=${v.value}`));
        return 'continue';
      },
    );
    expect(stops[0]!.event).toMatchObject({
      reason: 'exception',
      description: 'key "missing" not in dict',
    });
    expect(stops[0]!.frames).toEqual(['f@3', '<toplevel>@4']);
    expect(locals).toEqual(['d={}', 'k="missing"']);
    expect(error?.message).toBe('key "missing" not in dict');
  });

  test('a pause request stops at the next statement, or at the next check of a loop without any', () => {
    const thread = new Thread();
    let checks = 0;
    const stops: string[] = [];
    const d: Debugger = new Debugger(thread, {
      stopped(event) {
        const top = d.stackTrace()[0]!;
        stops.push(`${event.reason} ${top.name}@${top.line}`);
        if (stops.length === 2) thread.cancel('enough');
        return 'continue';
      },
      output: () => {},
    });
    thread.checkInterval = 100;
    thread.onCheck = () => {
      if (++checks === 1 || checks === 10) d.requestPause();
      d.pauseIfRequested();
    };
    thread.scheduleCheck();
    const source = [
      'def spin():',
      '    n = 0',
      '    while n < 250:',
      '        n += 1',
      '    while True:',
      '        pass',
      'spin()',
    ].join('\n');
    const { error } = compile(source, ['while']).run(thread);
    // The first pause is requested by a check inside the first loop and honoured at its next
    // statement; the second comes while `while True: pass` runs, which has no statement to stop
    // at: it is honoured at the loop's next check.
    expect(stops).toEqual(['pause spin@4', 'pause spin@5']);
    expect(error?.message).toBe('Starlark computation cancelled: enough');
  });

  test('large values are inspected a page at a time', () => {
    const pages: string[][] = [];
    debug(
      'big = list(range(5000))\nd = {"a": [1], 2: struct(x = 1, y = "z")}\npass\nx = 1\n',
      (d) => d.setBreakpoints('main.star', [{ line: 4 }]),
      (_stop, d) => {
        const globals = d.variables(d.scopes(0).find((s) => s.name === 'Globals')!.ref);
        const big = globals.find((v) => v.name === 'big')!;
        expect(big).toMatchObject({ type: 'list', indexed: 5000 });
        expect(big.value.length).toBeLessThan(250);
        pages.push(
          d.variables(big.ref, { start: 4998, count: 10 }).map((v) => `${v.name}=${v.value}`),
        );
        expect(d.variables(big.ref, { filter: 'named' })).toEqual([]);
        const dict = globals.find((v) => v.name === 'd')!;
        const entries = d.variables(dict.ref);
        pages.push(entries.map((v) => `${v.name}=${v.value}:${v.evaluateName}`));
        const s = entries[1]!;
        pages.push(d.variables(s.ref).map((v) => `${v.name}=${v.value}:${v.evaluateName}`));
        return 'continue';
      },
    );
    expect(pages).toEqual([
      ['[4998]=4998', '[4999]=4999'],
      ['"a"=[1]:d["a"]', '2=struct(x = 1, y = "z"):d[2]'],
      ['x=1:d[2].x', 'y="z":d[2].y'],
    ]);
  });
});
