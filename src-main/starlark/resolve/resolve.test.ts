import { describe, expect, test } from 'vitest';
import type { Binding, DefStmt, Expr, File, FunctionInfo, Ident, Node } from '../syntax/ast';
import { defaultFileOptions, optionsFromNames, type FileOptions } from '../syntax/options';
import { parse, parseExpr } from '../syntax/parse';
import { walk } from '../syntax/walk';
import { resolveExpr, resolveFile, type PausedFrame } from './resolve';

const universal = new Set(['None', 'True', 'False', 'len', 'print', 'range', 'set', 'str']);
const isUniversal = (name: string) => universal.has(name);
const isPredeclared = (name: string) => name === 'json';

function resolved(source: string, options: FileOptions = defaultFileOptions): File {
  const parsed = parse('a.star', source);
  if (!parsed.ok) throw parsed.error;
  const errors = resolveFile(parsed.file, options, isPredeclared, isUniversal);
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return parsed.file;
}

function errorsOf(source: string, options: FileOptions = defaultFileOptions): string[] {
  const parsed = parse('a.star', source);
  if (!parsed.ok) throw parsed.error;
  return resolveFile(parsed.file, options, isPredeclared, isUniversal).map(String);
}

/** Each use of a name as `name@line:col scope index`, in source order. */
function uses(node: Node): string[] {
  const out: string[] = [];
  walk(node, (n) => {
    if (n.kind === 'Ident' && n.binding) {
      out.push(`${n.name}@${n.start.line}:${n.start.col} ${n.binding.scope} ${n.binding.index}`);
    }
  });
  return out;
}

const names = (bindings: readonly Binding[]) => bindings.map((b) => `${b.first?.name}:${b.scope}`);

function defs(file: File): Map<string, FunctionInfo> {
  const out = new Map<string, FunctionInfo>();
  walk(file, (n) => {
    if (n.kind === 'DefStmt') out.set(n.name.name, n.fn!);
  });
  return out;
}

describe('resolveFile', () => {
  test('gives globals, locals, predeclared and universal names their slots', () => {
    const file = resolved('a = len\nb = json\ndef f(x, y):\n  z = x + a\n  return z\n');
    expect(names(file.module!.globals)).toEqual(['a:global', 'b:global', 'f:global']);
    expect(uses(file)).toEqual([
      'a@1:1 global 0',
      'len@1:5 universal 0',
      'b@2:1 global 1',
      'json@2:5 predeclared 0',
      'f@3:5 global 2',
      'x@3:7 local 0',
      'y@3:10 local 1',
      'z@4:3 local 2',
      'x@4:7 local 0',
      'a@4:11 global 0',
      'z@5:10 local 2',
    ]);
    const f = defs(file).get('f')!;
    expect(names(f.locals)).toEqual(['x:local', 'y:local', 'z:local']);
    expect(f.freeVars).toEqual([]);
  });

  test('turns captured locals into cells and threads them through nested functions', () => {
    const file = resolved(
      [
        'def outer(a, b):',
        '    c = 1',
        '    def middle():',
        '        def inner():',
        '            return a + c',
        '        return inner',
        '    return middle, b',
        '',
      ].join('\n'),
    );
    const fns = defs(file);
    const outer = fns.get('outer')!;
    const middle = fns.get('middle')!;
    const inner = fns.get('inner')!;
    expect(names(outer.locals)).toEqual(['a:cell', 'b:local', 'c:cell', 'middle:local']);
    // middle captures a and c only to hand them to inner: both are its free variables.
    expect(names(middle.locals)).toEqual(['inner:local']);
    expect(middle.freeVars).toEqual([outer.locals[0], outer.locals[2]]);
    expect(names(inner.freeVars)).toEqual(['a:free', 'c:free']);
    expect(inner.freeVars.map((b) => b.index)).toEqual([0, 1]);
    expect(uses((file.stmts[0] as DefStmt).body[1]!).filter((u) => u.includes('@5:'))).toEqual([
      'a@5:20 free 0',
      'c@5:24 free 1',
    ]);
  });

  test('a name bound anywhere in a function is local throughout it', () => {
    const file = resolved('x = 1\ndef f():\n    print(x)\n    x = 2\n');
    expect(uses(file)).toContain('x@3:11 local 0');
  });

  test('comprehension variables get slots of their own, even when names repeat', () => {
    const file = resolved('def f(x):\n    return [x for x in x], [x for x in range(3)]\n');
    const f = defs(file).get('f')!;
    expect(f.locals.map((b) => [b.first?.name, b.index, b.comprehension?.kind])).toEqual([
      ['x', 0, undefined],
      ['x', 1, 'Comprehension'],
      ['x', 2, 'Comprehension'],
    ]);
    // [x for x in x]: the operand of the first for is read outside the comprehension.
    expect(uses(file).filter((u) => u.startsWith('x@2'))).toEqual([
      'x@2:13 local 1',
      'x@2:19 local 1',
      'x@2:24 local 0',
      'x@2:29 local 2',
      'x@2:35 local 2',
    ]);
  });

  test('names bound by load are file-locals, and cells when a function uses them', () => {
    const file = resolved('load("lib.star", "helper")\ndef f():\n    return helper()\n');
    expect(names(file.module!.locals)).toEqual(['helper:cell']);
    expect(names(defs(file).get('f')!.freeVars)).toEqual(['helper:cell']);
  });

  test('reports parameters: varargs, kwargs and keyword-only ones', () => {
    const file = resolved('def f(a, b=1, *args, c, d=2, **kw): pass\ndef g(*, k): pass\n');
    const { hasVarargs, hasKwargs, numKwonlyParams, locals } = defs(file).get('f')!;
    expect({ hasVarargs, hasKwargs, numKwonlyParams }).toEqual({
      hasVarargs: true,
      hasKwargs: true,
      numKwonlyParams: 2,
    });
    expect(locals.map((b) => b.first?.name)).toEqual(['a', 'b', 'c', 'd', 'args', 'kw']);
    expect(defs(file).get('g')!.numKwonlyParams).toBe(1);
  });

  test('a lambda is a function whose body returns its expression', () => {
    const file = resolved('def f(n):\n    return lambda x: x + n\n');
    let lambda: FunctionInfo | undefined;
    walk(file, (n) => {
      if (n.kind === 'LambdaExpr') lambda = n.fn;
    });
    expect(lambda?.name).toBe('lambda');
    expect(lambda?.body[0]?.kind).toBe('ReturnStmt');
    expect(names(lambda!.locals)).toEqual(['x:local']);
    expect(names(lambda!.freeVars)).toEqual(['n:cell']);
  });

  test('collects every error, in the order go.starlark.net reports them', () => {
    // Undefined names inside functions are found at the end of the file, after the others.
    expect(errorsOf('def f():\n    return undefined_name\nx = 1\nx = 2\nbreak\n')).toEqual([
      'a.star:4:1: cannot reassign global x declared at a.star:3:1',
      'a.star:5:1: break not in a loop',
      'a.star:2:12: undefined: undefined_name',
    ]);
  });

  test('suggests the nearest name for an undefined one', () => {
    expect(errorsOf('count = 1\ndef f(items):\n    return cuont + len(itmes)\n')).toEqual([
      'a.star:3:12: undefined: cuont (did you mean count?)',
      'a.star:3:24: undefined: itmes (did you mean items?)',
    ]);
  });

  test('applies the dialect options', () => {
    const src = 's = set()\nfor x in []:\n    pass\ndef f():\n    while True:\n        pass\n';
    // `set` is checked when top-level names are looked up, at the end.
    expect(errorsOf(src)).toEqual([
      'a.star:2:1: for loop not within a function',
      'a.star:5:5: this Starlark dialect does not support while loops',
      'a.star:1:5: this Starlark dialect does not support sets',
    ]);
    expect(errorsOf(src, optionsFromNames(['set', 'toplevelcontrol', 'while']))).toEqual([]);
  });

  test('a tree nested deeper than the stack allows is an error, not a crash', () => {
    const calls = 'x = 1\ny = f' + '()'.repeat(20_000) + '\n';
    expect(errorsOf(calls)).toEqual(['a.star:2:1: nested too deeply']);
  });

  test('names in messages are text, though identifiers are byte strings', () => {
    expect(errorsOf('café = 1\ncafé = 2\nprint(thé)\n')).toEqual([
      'a.star:2:1: cannot reassign global café declared at a.star:1:1',
      'a.star:3:7: undefined: thé',
    ]);
  });
});

describe('resolveExpr', () => {
  function exprOf(source: string): Expr {
    const parsed = parseExpr('<expr>', source);
    if (!parsed.ok) throw parsed.error;
    return parsed.expr;
  }

  test('resolves a standalone expression against predeclared and universal names', () => {
    const expr = exprOf('[len(s) for s in json]');
    const { errors, fn } = resolveExpr(expr, defaultFileOptions, isPredeclared, isUniversal);
    expect(errors).toEqual([]);
    expect(fn.name).toBe('<expr>');
    expect(fn.body[0]).toMatchObject({ kind: 'ReturnStmt', result: expr });
    expect(names(fn.locals)).toEqual(['s:local']);
    expect(uses(expr)).toEqual([
      'len@1:2 universal 0',
      's@1:6 local 0',
      's@1:13 local 0',
      'json@1:18 predeclared 0',
    ]);
  });

  test('reports undefined names', () => {
    const { errors } = resolveExpr(
      exprOf('nope + 1'),
      defaultFileOptions,
      isPredeclared,
      isUniversal,
    );
    expect(errors.map(String)).toEqual(['<expr>:1:1: undefined: nope']);
  });

  const program = [
    'load("lib.star", "helper")',
    'limit = 10',
    'def outer(items):',
    '    scale = 2',
    '    def inner(x):',
    '        total = x * scale',
    '        return [y for y in items if y < total]',
    '    return inner',
    '',
  ].join('\n');

  function pausedIn(fnName: string, line: number, col: number): PausedFrame {
    const file = resolved(program);
    return {
      module: file.module!,
      fn: defs(file).get(fnName),
      pos: { file: 'a.star', line, col },
    };
  }

  test("reads a paused function's locals and captured cells as free variables, unchanged", () => {
    const frame = pausedIn('inner', 7, 9);
    const inner = frame.fn!;
    const scopesBefore = inner.locals.map((b) => b.scope);
    const expr = exprOf('total + x + scale + limit');
    const { errors, fn } = resolveExpr(expr, defaultFileOptions, isPredeclared, isUniversal, frame);
    expect(errors).toEqual([]);
    // The expression's free variables are the frame's own bindings: x and total are plain locals
    // of inner (read from its slots), scale is inner's captured cell 0.
    expect(fn.freeVars.map((b) => `${b.first?.name}:${b.scope}:${b.index}`)).toEqual([
      'total:local:1',
      'x:local:0',
      'scale:free:0',
    ]);
    expect(uses(expr)).toEqual([
      'total@1:1 free 0',
      'x@1:9 free 1',
      'scale@1:13 free 2',
      'limit@1:21 global 0',
    ]);
    // Evaluating must not change how the paused function was compiled.
    expect(inner.locals.map((b) => b.scope)).toEqual(scopesBefore);
  });

  test('sees comprehension variables only where the frame is paused inside them', () => {
    const inComprehension = pausedIn('inner', 7, 18);
    const { errors, fn } = resolveExpr(
      exprOf('y'),
      defaultFileOptions,
      isPredeclared,
      isUniversal,
      inComprehension,
    );
    expect(errors).toEqual([]);
    expect(fn.freeVars[0]?.comprehension?.kind).toBe('Comprehension');

    const outside = pausedIn('inner', 6, 9);
    const result = resolveExpr(
      exprOf('y'),
      defaultFileOptions,
      isPredeclared,
      isUniversal,
      outside,
    );
    expect(result.errors.map((e) => e.msg)).toEqual(['undefined: y']);
  });

  test('at top level, reads file-locals from the module frame', () => {
    const file = resolved(program);
    const frame: PausedFrame = { module: file.module! };
    const expr = exprOf('helper(limit)');
    const { errors, fn } = resolveExpr(expr, defaultFileOptions, isPredeclared, isUniversal, frame);
    expect(errors).toEqual([]);
    expect(fn.freeVars).toEqual([file.module!.locals[0]]);
    expect(uses(expr)).toEqual(['helper@1:1 free 0', 'limit@1:8 global 0']);
  });

  test('lambdas in the expression capture the frame through the expression', () => {
    const frame = pausedIn('outer', 8, 5);
    const expr = exprOf('(lambda k: k * scale)(1)');
    const { errors, fn } = resolveExpr(expr, defaultFileOptions, isPredeclared, isUniversal, frame);
    expect(errors).toEqual([]);
    expect(fn.freeVars.map((b) => `${b.first?.name}:${b.scope}`)).toEqual(['scale:cell']);
    let lambda: FunctionInfo | undefined;
    walk(expr, (n) => {
      if (n.kind === 'LambdaExpr') lambda = n.fn;
    });
    expect(lambda!.freeVars.map((b) => `${b.first?.name}:${b.scope}:${b.index}`)).toEqual([
      'scale:free:0',
    ]);
  });

  test('suggests names the frame can see', () => {
    const frame = pausedIn('inner', 6, 9);
    const { errors } = resolveExpr(
      exprOf('totl'),
      defaultFileOptions,
      isPredeclared,
      isUniversal,
      frame,
    );
    expect(errors.map((e) => e.msg)).toEqual(['undefined: totl (did you mean total?)']);
  });

  test('binds an undefined name as undefined', () => {
    const id = exprOf('x') as Ident;
    resolveExpr(id, defaultFileOptions, isPredeclared, isUniversal);
    expect(id.binding?.scope).toBe('undefined');
  });
});
