import { describe, expect, it } from 'vitest';
import { universe } from './builtins';
import { call } from './call';
import { repr } from './ops';
import { Thread } from './thread';
import type { Dict } from './value';
import { Bytes, Float, List, None, Tuple, type KwArgs, type Value } from './value';

function run(name: string, args: Value[], kwargs: KwArgs = []): Value {
  return call(new Thread(), universe.get(name)!, args, kwargs);
}

describe('universe builtins', () => {
  it('hash strings as go.starlark.net does (Java hashCode over the runes) and bytes with FNV-1a', () => {
    expect(run('hash', ['abc'])).toBe(96354);
    expect(run('hash', [''])).toBe(0);
    expect(run('hash', ['a somewhat longer string to overflow int32'])).toBe(
      (() => {
        let h = 0;
        for (const c of 'a somewhat longer string to overflow int32') {
          h = (Math.imul(31, h) + c.charCodeAt(0)) | 0;
        }
        return h;
      })(),
    );
    expect(run('hash', [new Bytes('')])).toBe(2166136261);
    expect(() => run('hash', [1])).toThrow('hash: got int, want string or bytes');
  });

  it('parses int literals in every base', () => {
    expect(run('int', ['0x1F', 0])).toBe(31);
    expect(run('int', ['-0b101', 0])).toBe(-5);
    expect(run('int', ['ff', 16])).toBe(255);
    expect(run('int', ['123456789012345678901234567890'])).toBe(
      BigInt('123456789012345678901234567890'),
    );
    expect(() => run('int', ['0755', 0])).toThrow('int: invalid literal with base 0: 0755');
    expect(() => run('int', ['1', 1])).toThrow('int: base must be an integer >= 2 && <= 36');
    expect(() => run('int', [])).toThrow('int: missing argument for x');
    expect(run('int', [new Float(-2.7)])).toBe(-2);
    expect(() => run('int', [new Float(NaN)])).toThrow('int: cannot convert float NaN to integer');
  });

  it('parses float literals', () => {
    expect(run('float', ['-1.5e3'])).toEqual(new Float(-1500));
    expect((run('float', ['-iNFiniTy']) as Float).value).toBe(-Infinity);
    expect(() => run('float', ['1e1000'])).toThrow('floating-point number too large');
    expect(() => run('float', ['1.1abc'])).toThrow('invalid float literal: 1.1abc');
  });

  it('sorts stably, reversing without reordering equal keys', () => {
    const pairs = new List([new Tuple([1, 'a']), new Tuple([0, 'b']), new Tuple([1, 'c'])]);
    const key = universe.get('len')!; // all length 2: order must be kept
    expect(repr(run('sorted', [pairs], [['key', key]]))).toBe(repr(pairs));
    expect(repr(run('sorted', [new List([3, 1, 2])], [['reverse', true]]))).toBe('[3, 2, 1]');
    expect(() => run('sorted', [new List([1, 'a'])])).toThrow(/not implemented/);
  });

  it('builds dicts from pairs and keywords', () => {
    const d = run('dict', [new List([new Tuple(['a', 1])])], [['b', 2]]) as Dict;
    expect(repr(d)).toBe('{"a": 1, "b": 2}');
    expect(() => run('dict', [new List([new Tuple([1])])])).toThrow(
      'dict: dictionary update sequence element #0 has length 1, want 2',
    );
  });

  it('reports errors in the words of go.starlark.net', () => {
    expect(() => run('len', [1])).toThrow('len: value of type int has no len');
    expect(() => run('list', [1])).toThrow('list: for parameter 1: got int, want iterable');
    expect(() => run('max', [])).toThrow('max requires at least one positional argument');
    expect(() => run('min', [new List([])])).toThrow('min: argument is an empty sequence');
    expect(() => run('chr', [-1])).toThrow('chr: Unicode code point -1 out of range (<0)');
    expect(() => run('fail', ['x', 1])).toThrow('fail: x 1');
    expect(() => run('range', [1, 2, 0])).toThrow('range: step argument must not be zero');
    expect(run('ord', ['\xc3\xa9'])).toBe(0xe9);
    expect(repr(run('zip', [new List([1, 2]), new Tuple(['a'])]))).toBe('[(1, "a")]');
    expect(repr(run('enumerate', [new List(['x'])], []))).toBe('[(0, "x")]');
    expect(run('type', [None])).toBe('NoneType');
  });

  it('prints through the thread', () => {
    const thread = new Thread();
    const out: string[] = [];
    thread.print = (_t, msg) => out.push(msg);
    call(thread, universe.get('print')!, ['a', 1, new Bytes('b')], [['sep', '-']]);
    expect(out).toEqual(['a-1-b']);
  });
});

describe('sorted errors', () => {
  it("reports the last failed comparison, as Go's sort.Stable does", () => {
    // Go compares 2 < None (fails), then 3 < None (fails): the last error wins.
    expect(() => run('sorted', [new List([1, 2, None, 3])])).toThrow(
      'int < NoneType not implemented',
    );
    expect(() => run('sorted', [new List([1, 'one'])])).toThrow('string < int not implemented');
    const many = new List([...Array.from({ length: 45 }, (_, i) => 45 - i), 'x']);
    expect(() => run('sorted', [many])).toThrow(/not implemented/);
  });

  it('unlocks the lists zip iterated when an argument is not iterable', () => {
    const l = new List([1]);
    expect(() => run('zip', [l, 1])).toThrow('zip: argument #2 is not iterable: int');
    expect(l.iterCount).toBe(0);
  });
});
