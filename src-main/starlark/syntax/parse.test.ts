import { describe, expect, test } from 'vitest';
import type { CallExpr, DefStmt, Expr, File, IfStmt, LoadStmt, Node } from './ast';
import { parse, parseExpr } from './parse';
import { walk } from './walk';

function parseOk(source: string, keepComments = false): File {
  const result = parse('a.star', source, { keepComments });
  if (!result.ok) throw new Error(result.error.toString());
  return result.file;
}

function errorOf(source: string): string {
  const result = parse('a.star', source);
  return result.ok ? 'ok' : result.error.toString();
}

/** Every node of a tree as `Kind start-end`, parents first. */
function spans(node: Node): string[] {
  const out: string[] = [];
  walk(node, (n) => {
    out.push(`${n.kind} ${n.start.line}:${n.start.col}-${n.end.line}:${n.end.col}`);
  });
  return out;
}

describe('parse', () => {
  test('gives every node kind its span (end is just past its last character)', () => {
    const file = parseOk(
      [
        'load("m", "a", b="c")',
        'def f(x, y=1, *args, z, **kw):',
        '    """doc"""',
        '    for i, j in x:',
        '        if not i:',
        '            continue',
        '        elif i < -j:',
        '            break',
        '        else:',
        '            pass',
        '    while x: x -= 1',
        '    return lambda: [k for k in x if k], {1: 2}, (), (x,), x[1:2], x[0], x.y(*args, **kw), a if b else c',
        '',
      ].join('\n'),
    );
    expect(spans(file)).toEqual([
      'File 1:1-13:1',
      'LoadStmt 1:1-1:22',
      'Literal 1:6-1:9',
      'Ident 1:12-1:13', // from "a" (the same node as to)
      'Ident 1:19-1:20', // from "c"
      'Ident 1:12-1:13',
      'Ident 1:16-1:17', // to b
      'DefStmt 2:1-12:104',
      'Ident 2:5-2:6',
      'Ident 2:7-2:8',
      'BinaryExpr 2:10-2:13',
      'Ident 2:10-2:11',
      'Literal 2:12-2:13',
      'UnaryExpr 2:15-2:20',
      'Ident 2:16-2:20',
      'Ident 2:22-2:23',
      'UnaryExpr 2:25-2:29',
      'Ident 2:27-2:29',
      'ExprStmt 3:5-3:14',
      'Literal 3:5-3:14',
      'ForStmt 4:5-10:17',
      'TupleExpr 4:9-4:13',
      'Ident 4:9-4:10',
      'Ident 4:12-4:13',
      'Ident 4:17-4:18',
      'IfStmt 5:9-10:17',
      'UnaryExpr 5:12-5:17',
      'Ident 5:16-5:17',
      'BranchStmt 6:13-6:21',
      'IfStmt 7:9-10:17', // the elif
      'BinaryExpr 7:14-7:20',
      'Ident 7:14-7:15',
      'UnaryExpr 7:18-7:20',
      'Ident 7:19-7:20',
      'BranchStmt 8:13-8:18',
      'BranchStmt 10:13-10:17',
      'WhileStmt 11:5-11:20',
      'Ident 11:11-11:12',
      'AssignStmt 11:14-11:20',
      'Ident 11:14-11:15',
      'Literal 11:19-11:20',
      'ReturnStmt 12:5-12:104',
      'TupleExpr 12:12-12:104',
      'LambdaExpr 12:12-12:39',
      'Comprehension 12:20-12:39',
      'Ident 12:21-12:22',
      'ForClause 12:23-12:33',
      'Ident 12:27-12:28',
      'Ident 12:32-12:33',
      'IfClause 12:34-12:38',
      'Ident 12:37-12:38',
      'DictExpr 12:41-12:47',
      'DictEntry 12:42-12:46',
      'Literal 12:42-12:43',
      'Literal 12:45-12:46',
      'TupleExpr 12:49-12:51', // ()
      'ParenExpr 12:53-12:57', // (x,) is a ParenExpr around a tuple, as in go.starlark.net
      'TupleExpr 12:54-12:55',
      'Ident 12:54-12:55',
      'SliceExpr 12:59-12:65',
      'Ident 12:59-12:60',
      'Literal 12:61-12:62',
      'Literal 12:63-12:64',
      'IndexExpr 12:67-12:71',
      'Ident 12:67-12:68',
      'Literal 12:69-12:70',
      'CallExpr 12:73-12:89',
      'DotExpr 12:73-12:76',
      'Ident 12:73-12:74',
      'Ident 12:75-12:76',
      'UnaryExpr 12:77-12:82',
      'Ident 12:78-12:82',
      'UnaryExpr 12:84-12:88',
      'Ident 12:86-12:88',
      'CondExpr 12:91-12:104',
      'Ident 12:96-12:97', // cond first
      'Ident 12:91-12:92',
      'Ident 12:103-12:104',
    ]);
  });

  test('records the positions runtime errors report', () => {
    const stmt = parseOk('x = [a.b, c[1], {k: v}, -d + e]\n').stmts[0]!;
    const kinds: string[] = [];
    walk(stmt, (n) => {
      const at = (p: { line: number; col: number }) => `${p.line}:${p.col}`;
      switch (n.kind) {
        case 'AssignStmt':
        case 'BinaryExpr':
        case 'UnaryExpr':
          kinds.push(`${n.kind} ${n.op} at ${at(n.opPos)}`);
          break;
        case 'ListExpr':
          kinds.push(`ListExpr ${at(n.start)}-${at(n.end)}`);
          break;
        case 'DotExpr':
          kinds.push(`DotExpr . at ${at(n.dot)}`);
          break;
        case 'IndexExpr':
          kinds.push(`IndexExpr [ at ${at(n.lbrack)}`);
          break;
        case 'DictEntry':
          kinds.push(`DictEntry : at ${at(n.colon)}`);
          break;
      }
    });
    expect(kinds).toEqual([
      'AssignStmt = at 1:3',
      'ListExpr 1:5-1:32',
      'DotExpr . at 1:7',
      'IndexExpr [ at 1:12',
      'DictEntry : at 1:19',
      'BinaryExpr + at 1:28',
      'UnaryExpr - at 1:25',
    ]);
  });

  test('records where defs, calls and else branches start', () => {
    const file = parseOk('def f(a):\n  return a\nf (1 ,2 )[0].x\nif a: pass\nelse: pass\n');
    const def = file.stmts[0] as DefStmt;
    expect(def.lparen).toMatchObject({ line: 1, col: 6 });
    const call = ((file.stmts[1] as { x: Expr }).x as { x: { x: CallExpr } }).x.x;
    expect([call.lparen, call.rparen]).toMatchObject([
      { line: 3, col: 3 },
      { line: 3, col: 9 },
    ]);
    const ifStmt = file.stmts[2] as IfStmt;
    expect(ifStmt.elsePos).toMatchObject({ line: 5, col: 1 });
  });

  test('builds operator trees with go.starlark.net precedence', () => {
    const shape = (source: string): string => {
      const result = parseExpr('a.star', source);
      if (!result.ok) return result.error.msg;
      const show = (e: Expr): string => {
        switch (e.kind) {
          case 'BinaryExpr':
            return `(${show(e.x)} ${e.op} ${show(e.y)})`;
          case 'UnaryExpr':
            return `(${e.op} ${e.x ? show(e.x) : ''})`;
          case 'Ident':
            return e.name;
          case 'CondExpr':
            return `(${show(e.trueExpr)} if ${show(e.cond)} else ${show(e.falseExpr)})`;
          default:
            return e.kind;
        }
      };
      return show(result.expr);
    };
    expect(shape('a or b and not c == d | e ^ f & g << h + i * -j')).toBe(
      '(a or (b and (not (c == (d | (e ^ (f & (g << (h + (i * (- j)))))))))))',
    );
    expect(shape('a - b - c')).toBe('((a - b) - c)');
    expect(shape('a // b % c * d')).toBe('(((a // b) % c) * d)');
    expect(shape('not a not in b')).toBe('(not (a not in b))');
    expect(shape('a if b else c if d else e')).toBe('(a if b else (c if d else e))');
    expect(shape('-a.b')).toBe('(- DotExpr)');
    expect(shape('a < b < c')).toBe('< does not associate with < (use parens)');
    expect(shape('a == not b')).toBe('got not, want primary expression');
    expect(shape('a not b')).toBe('got identifier, want in');
  });

  test('keeps literal values as the runtime represents them', () => {
    const stmt = parseOk('1, 0x7fffffffffffffff, 1.5, "é", b"\\xff", "a\\tb"\n').stmts[0];
    const tuple = stmt?.kind === 'ExprStmt' && stmt.x.kind === 'TupleExpr' ? stmt.x : undefined;
    const values = tuple?.list.map((l) => (l.kind === 'Literal' ? l.value : l.kind));
    expect(values).toEqual([1, 0x7fffffffffffffffn, 1.5, '\xc3\xa9', '\xff', 'a\tb']);
  });

  test('load binds names at the string, one column inside the quote', () => {
    const load = parseOk('load("m", "x", y = "z")\n').stmts[0] as LoadStmt;
    expect(load.module.value).toBe('m');
    expect(load.from.map((i) => [i.name, i.start.col])).toEqual([
      ['x', 12],
      ['z', 21],
    ]);
    expect(load.to.map((i) => [i.name, i.start.col])).toEqual([
      ['x', 12],
      ['y', 16],
    ]);
    expect(load.rparen).toMatchObject({ line: 1, col: 23 });
  });

  // Expected positions and messages checked against go.starlark.net.
  test.each([
    ['x = 1 +\n2\n', 'a.star:1:8: got newline, want primary expression'],
    ['def f(:\n', "a.star:1:8: got ':', want ')'"],
    ['f(a=1, *, b=2)', "a.star:1:9: got ',', want primary expression"],
    ['x = (1, 2', "a.star:1:10: got end of file, want ')'"],
    ['a, b, = 1, 2', 'a.star:1:5: unparenthesized tuple with trailing comma'],
    ['f(x)=1 if', 'a.star:1:10: got end of file, want primary expression'],
    ['[x for x in y else z]', "a.star:1:19: got else, want ']', for, or if"],
    ['load("a", b"x")', 'a.star:1:15: load operand must be "name" or localname="name" (got )'],
    ['x = class', 'a.star:1:5: got illegal token, want primary expression'],
    ['print 1', 'a.star:1:8: got int literal, want newline'],
    ['if x:\npass', 'a.star:2:5: got pass, want indent'],
    ['x = {1, 2}', "a.star:1:8: got ',', want ':'"], // no set literals at this version
  ])('error for %j', (source, want) => expect(errorOf(source)).toBe(want));

  test('an expression nested too deeply is a syntax error, not a crash', () => {
    const deep = 'x = ' + '('.repeat(100_000) + '1' + ')'.repeat(100_000) + '\n';
    expect(errorOf(deep)).toMatch(/^a\.star:1:\d+: nested too deeply$/);
  });

  test('keeps comments when asked, and only then', () => {
    const source = '# head\nx = 1  # tail\ndef f():\n    # inner\n    pass\n';
    expect(parseOk(source).comments).toEqual([]);
    expect(parseOk(source, true).comments.map((c) => [c.start.line, c.start.col, c.text])).toEqual([
      [1, 1, '# head'],
      [2, 8, '# tail'],
      [4, 5, '# inner'],
    ]);
  });

  test('an empty file has no statements', () => {
    const file = parseOk('\n# nothing\n\n');
    expect(file.stmts).toEqual([]);
    expect(file.path).toBe('a.star');
  });

  test('leaves resolver annotations unset', () => {
    const file = parseOk('def f(): return lambda: x\n');
    expect(file.module).toBeUndefined();
    const def = file.stmts[0] as DefStmt;
    expect(def.fn).toBeUndefined();
    expect(def.name.binding).toBeUndefined();
  });
});

describe('parseExpr', () => {
  test('parses an expression or a tuple, with an optional newline', () => {
    const result = parseExpr('<expr>', 'a, b[1]\n');
    expect(result.ok && result.expr.kind).toBe('TupleExpr');
  });

  test('rejects what follows the expression', () => {
    const result = parseExpr('<expr>', 'a b');
    expect(result.ok ? 'ok' : result.error.toString()).toBe(
      '<expr>:1:4: got identifier after expression, want EOF',
    );
  });

  test('rejects statements', () => {
    const result = parseExpr('<expr>', 'x = 1');
    expect(result.ok ? 'ok' : result.error.msg).toBe("got '=' after expression, want EOF");
  });
});
