import { describe, expect, test } from 'vitest';
import { StarlarkSyntaxError } from './errors';
import { Scanner } from './scanner';
import { bytesToText } from './utf8';

/** The token stream of a source as one line: names, values, and punctuation as spelled. */
function tokens(source: string): string {
  const sc = new Scanner('a.star', source);
  const out: string[] = [];
  try {
    do {
      sc.next();
      switch (sc.tok) {
        case 'IDENT':
          out.push(bytesToText(sc.raw));
          break;
        case 'INT':
          out.push(String(sc.value));
          break;
        case 'FLOAT':
          out.push(`float(${String(sc.value)})`);
          break;
        case 'STRING':
          out.push(JSON.stringify(sc.value));
          break;
        case 'BYTES':
          out.push('b' + JSON.stringify(sc.value));
          break;
        default:
          out.push(sc.tok);
      }
    } while (sc.tok !== 'EOF');
  } catch (e) {
    if (e instanceof StarlarkSyntaxError) return e.message;
    throw e;
  }
  return out.join(' ');
}

describe('scanner', () => {
  test.each([
    ['', 'EOF'],
    ['a.b(1)', 'a . b ( 1 ) EOF'],
    ['x = y', 'x = y EOF'],
    ['naïve.façade', 'naïve . façade EOF'],
    ['a; b;', 'a ; b ; EOF'],
    ['<<= >>= //= ** != == <= >= //', '<<= >>= //= ** != == <= >= // EOF'],
    ['+= -= *= /= %= &= |= ^= ~', '+= -= *= /= %= &= |= ^= ~ EOF'],
    ['class import as', 'ILLEGAL ILLEGAL ILLEGAL EOF'], // reserved words
    ['assert', 'assert EOF'],
  ])('tokens of %j', (source, want) => expect(tokens(source)).toBe(want));

  test.each([
    ['f(\n  1,\n  2,\n)\n', 'f ( 1 , 2 , ) NEWLINE EOF'],
    ['x = 1 + \\\n  2\n', 'x = 1 + 2 NEWLINE EOF'],
    ['a\n\n\n# c\n  # d\nb', 'a NEWLINE b EOF'],
    ['a\r\nb\rc', 'a NEWLINE b NEWLINE c EOF'],
    ['if x:\n  y\n', 'if x : NEWLINE INDENT y NEWLINE OUTDENT EOF'],
    ['if x:\n  y', 'if x : NEWLINE INDENT y NEWLINE OUTDENT EOF'], // EOF acts as a newline
    [
      'if x:\n  if y:\n    z\nw',
      'if x : NEWLINE INDENT if y : NEWLINE INDENT z NEWLINE OUTDENT OUTDENT w EOF',
    ],
    ['if x:\n\ty\n        z', 'if x : NEWLINE INDENT y NEWLINE z NEWLINE OUTDENT EOF'], // a tab is 8 columns
    ['if x:\n  y\n  # c\n\n  z\n', 'if x : NEWLINE INDENT y NEWLINE z NEWLINE OUTDENT EOF'],
  ])('lines and indentation of %j', (source, want) => expect(tokens(source)).toBe(want));

  test.each([
    ['0 00 7 0x1F 0XaB 0o17 0O7 0b101 0B1', '0 0 7 31 171 15 7 5 1 EOF'],
    ['9007199254740993 0x20000000000001', '9007199254740993 9007199254740993 EOF'],
    ['123456789012345678901234567890', '123456789012345678901234567890 EOF'],
    [
      '1.5 1. .5 1e3 1E-3 2.5e+2 0.0 007.5 09e1',
      'float(1.5) float(1) float(0.5) float(1000) float(0.001) float(250) float(0) float(7.5) float(90) EOF',
    ],
    ['1if 0in 6or', '1 if 0 in 6 or EOF'],
    ['0x1.5', '1 float(0.5) EOF'],
    ['0b102', '2 2 EOF'],
    ['.', '. EOF'],
    ['1_000', '1 _000 EOF'],
  ])('numbers in %j', (source, want) => expect(tokens(source)).toBe(want));

  test('big ints are bigints and small ones numbers', () => {
    const sc = new Scanner('a.star', '9007199254740991 9007199254740992');
    sc.next();
    expect(sc.value).toBe(9007199254740991);
    sc.next();
    expect(sc.value).toBe(9007199254740992n);
  });

  test.each([
    [`'a' "b" '''c''' """d"""`, '"a" "b" "c" "d" EOF'],
    [`"\\a\\b\\f\\n\\r\\t\\v\\\\\\'\\""`, '"\\u0007\\b\\f\\n\\r\\t\\u000b\\\\\'\\"" EOF'],
    [`"\\101\\x41\\u0041\\U00000041"`, '"AAAA" EOF'],
    [`"\\0\\12\\1234"`, '"\\u0000\\nS4" EOF'],
    [`"é\\u00e9"`, '"Ã©Ã©" EOF'], // str values are UTF-8 byte strings
    [`"\\U0001F600"`, '"ð\u009f\u0098\u0080" EOF'],
    [`b"\\xff\\377é"`, 'b"ÿÿÃ©" EOF'],
    [`r"\\n\\x" rb'\\'' R"x"`, '"\\\\n\\\\x" b"\\\\\'" R "x" EOF'],
    [`br"x"`, 'br "x" EOF'], // only rb is a prefix, as in go.starlark.net
    [`"a\\\nb"`, '"ab" EOF'],
    [`'''a\nb'c''d'''`, "\"a\\nb'c''d\" EOF"],
    [`"""a\r\nb"""`, '"a\\nb" EOF'],
    [`""""""" x`, 'a.star:1:7: unexpected EOF in string'], // six quotes are "", the seventh opens a string
  ])('strings in %j', (source, want) => expect(tokens(source)).toBe(want));

  test('identifiers are byte strings', () => {
    const sc = new Scanner('a.star', 'café');
    sc.next();
    expect(sc.raw).toBe('caf\xc3\xa9');
  });

  test.each([
    ['x = 0755', 'a.star:1:9: obsolete form of octal literal; use 0o755'],
    ['x = 0758', 'a.star:1:5: invalid int literal'],
    ['0x', 'a.star:1:1: invalid hex literal'],
    ['0o8', 'a.star:1:3: invalid octal literal'],
    ['0b', 'a.star:1:3: invalid binary literal'],
    ['0o1000000000000000000000', 'a.star:1:1: invalid int literal'], // beyond int64
    ['1e', 'a.star:1:3: invalid float literal'],
    ['1e-x', 'a.star:1:4: invalid float literal'],
    ['1e999', 'a.star:1:6: invalid float literal'],
    ['x = "abc', 'a.star:1:5: unexpected EOF in string'],
    ['x = "a\nb"', 'a.star:1:5: unexpected newline in string'],
    ['x = r"a\nb"', 'a.star:1:5: unexpected newline in string'],
    ['x = """a\\', 'a.star:1:5: unexpected EOF in string'],
    ['x = "\\q"', 'a.star:1:5: invalid escape sequence \\q'],
    ['x = "\\é"', 'a.star:1:5: invalid escape sequence \\Ã'],
    ['x = b"\\x4"', 'a.star:1:6: truncated escape sequence \\x4'],
    ['x = "\\xg1"', 'a.star:1:5: invalid escape sequence \\xg1'],
    [
      'x = "\\x80"',
      'a.star:1:5: non-ASCII hex escape \\x80 (use \\u0080 for the UTF-8 encoding of U+0080)',
    ],
    [
      'x = "\\200"',
      'a.star:1:5: non-ASCII octal escape \\200 (use \\u0080 for the UTF-8 encoding of U+0080)',
    ],
    ['x = b"\\777"', 'a.star:1:6: invalid escape sequence \\777'],
    ['x = "\\u12"', 'a.star:1:5: truncated escape sequence \\u12'],
    ['x = "\\ud800"', 'a.star:1:5: invalid Unicode code point U+D800'],
    ['x = "\\U00110000"', 'a.star:1:5: code point out of range: \\U00110000 (max \\U00110000)'],
    ['a ! b', "a.star:1:3: unexpected input character '!'"],
    ['a $ b', "a.star:1:3: unexpected input character '$'"],
    ['a \x01', "a.star:1:3: unexpected input character '\\x01'"],
    ['é €', "a.star:1:3: unexpected input character '€'"],
    ['a)', "a.star:1:2: unexpected ')'"],
    ['a \\ b', 'a.star:1:4: stray backslash in program'],
    ['if x:\n    a\n  b', 'a.star:3:3: unindent does not match any outer indentation level'],
  ])('error for %j', (source, want) => expect(tokens(source)).toBe(want));

  test('keeps comments, whole-line and trailing, when asked', () => {
    const sc = new Scanner('a.star', '# one\nx = 1  # two\n  # three\n', true);
    do sc.next();
    while (sc.tok !== 'EOF');
    expect(sc.comments).toEqual([
      { start: { file: 'a.star', line: 1, col: 1 }, text: '# one' },
      { start: { file: 'a.star', line: 2, col: 8 }, text: '# two' },
      { start: { file: 'a.star', line: 3, col: 3 }, text: '# three' },
    ]);
  });

  test('columns count code points, not UTF-16 units', () => {
    const sc = new Scanner('a.star', '"😀é" x');
    sc.next();
    expect([sc.tokCol, sc.endCol]).toEqual([1, 5]);
    sc.next();
    expect(sc.tokCol).toBe(6);
  });
});
