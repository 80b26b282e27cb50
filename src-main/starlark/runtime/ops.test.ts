import { describe, expect, it } from 'vitest';
import {
  binary,
  compare,
  compareForSort,
  equals,
  getAttr,
  index,
  len,
  repr,
  setIndex,
  slice,
  str,
  toArray,
  unary,
} from './ops';
import { Bytes, Dict, Float, List, None, Range, Set, Tuple } from './value';

const big = (s: string) => BigInt(s);

describe('int arithmetic', () => {
  it('stays exact across the safe-integer boundary, in canonical form', () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(binary('+', max, 1)).toBe(big('9007199254740992'));
    expect(binary('-', big('9007199254740992'), 1)).toBe(max);
    expect(binary('*', 3037000500, 3037000500)).toBe(big('9223372037000250000'));
    expect(binary('*', 0, -5)).toBe(0);
    expect(Object.is(binary('*', 0, -5), -0)).toBe(false);
    expect(binary('<<', 1, 100)).toBe(big('1267650600228229401496703205376'));
    expect(binary('>>', big('1267650600228229401496703205376'), 100)).toBe(1);
    expect(binary('>>', -5, 1)).toBe(-3);
    expect(unary('-', big('-9007199254740992'))).toBe(big('9007199254740992'));
    expect(unary('~', 5)).toBe(-6);
  });

  it('floors // and % toward negative infinity', () => {
    expect(binary('//', -7, 2)).toBe(-4);
    expect(binary('%', -7, 2)).toBe(1);
    expect(binary('%', 7, -2)).toBe(-1);
    expect(binary('//', big('-100000000000000000000'), 3)).toBe(big('-33333333333333333334'));
    expect(binary('%', big('-100000000000000000000'), 3)).toBe(2);
  });

  it("reports go.starlark.net's errors", () => {
    expect(() => binary('//', 1, 0)).toThrow('floored division by zero');
    expect(() => binary('%', 1, 0)).toThrow('integer modulo by zero');
    expect(() => binary('/', 1, 0)).toThrow('floating-point division by zero');
    expect(() => binary('<<', 1, -1)).toThrow('negative shift count: -1');
    expect(() => binary('<<', 1, 512)).toThrow('shift count too large: 512');
    expect(() => binary('+', 1, 'a')).toThrow('unknown binary op: int + string');
    expect(() => unary('~', new Float(1))).toThrow('unknown unary op: ~ float');
    expect(() => binary('*', 'ab', 1 << 30)).toThrow('excessive repeat (2 * 1073741824 elements)');
    expect(() => binary('*', None, 2)).toThrow('unknown binary op: NoneType * int');
  });

  it('mixes ints and floats', () => {
    expect(binary('/', 7, 2)).toEqual(new Float(3.5));
    expect(binary('//', new Float(7.5), 2)).toEqual(new Float(3));
    expect(binary('%', new Float(-7.5), 2)).toEqual(new Float(0.5));
    expect(() => binary('+', big('1' + '0'.repeat(400)), new Float(1))).toThrow(
      'int too large to convert to float',
    );
  });
});

describe('sequences', () => {
  it('concatenates and repeats', () => {
    expect(binary('+', 'ab', 'cd')).toBe('abcd');
    expect(repr(binary('+', new List([1]), new List([2])))).toBe('[1, 2]');
    expect(repr(binary('*', 2, new Tuple([1, 'a'])))).toBe('(1, "a", 1, "a")');
    expect(binary('*', 'ab', -1)).toBe('');
  });

  it('tests membership', () => {
    expect(binary('in', 'b', 'abc')).toBe(true);
    expect(binary('not in', 2, new List([1, 2]))).toBe(false);
    expect(binary('in', new List([]), new Dict())).toBe(false);
    expect(binary('in', 3, new Range(0, 10, 3))).toBe(true);
    expect(binary('in', 4, new Range(0, 10, 3))).toBe(false);
    expect(binary('in', 97, new Bytes('abc'))).toBe(true);
    expect(() => binary('in', 1, 'abc')).toThrow(
      "'in <string>' requires string as left operand, not int",
    );
  });

  it('indexes and slices with go.starlark.net semantics', () => {
    const l = new List([0, 1, 2, 3, 4]);
    expect(index(l, -1)).toBe(4);
    expect(() => index(l, 5)).toThrow('list index 5 out of range [-5:4]');
    expect(() => index(new List([]), 0)).toThrow('index 0 out of range: empty list');
    expect(() => index('abc', 'x')).toThrow('string index: got string, want int');
    expect(repr(slice(l, None, None, -2))).toBe('[4, 2, 0]');
    expect(repr(slice(l, 1, -1))).toBe('[1, 2, 3]');
    expect(slice('hello', 10, 0, -1)).toBe('olle');
    expect(repr(slice(new Range(0, 10, 1), 2, 8, 3))).toBe('range(2, 8, 3)');
    expect(() => slice(l, 0, 1, 0)).toThrow('zero is not a valid slice step');
    expect(() => slice(1, 0, 1)).toThrow('invalid slice operand int');
    const d = new Dict();
    setIndex(d, 'k', 1);
    expect(index(d, 'k')).toBe(1);
    expect(() => index(d, 'x')).toThrow('key "x" not in dict');
    expect(() => setIndex(new Tuple([1]), 0, 1)).toThrow(
      'tuple value does not support item assignment',
    );
  });

  it('guards lists against mutation while iterating and when frozen', () => {
    const l = new List([1, 2]);
    l.iterCount++;
    expect(() => setIndex(l, 0, 5)).toThrow('cannot assign to element of list during iteration');
    l.iterCount--;
    l.freeze();
    expect(() => setIndex(l, 0, 5)).toThrow('cannot assign to element of frozen list');
    expect(toArray(new Range(3, 0, -1))).toEqual([3, 2, 1]);
    expect(len(new Bytes('ab'))).toBe(2);
    expect(len(1)).toBe(-1);
  });
});

describe('comparison', () => {
  it('orders ints and floats exactly, NaN above everything and equal to itself', () => {
    const nan = new Float(NaN);
    expect(compare('<', big('9007199254740993'), new Float(9007199254740992))).toBe(false);
    expect(compare('>', big('9007199254740993'), new Float(9007199254740992))).toBe(true);
    expect(compare('==', 1, new Float(1))).toBe(true);
    expect(equals(nan, nan)).toBe(true);
    expect(compare('<', new Float(Infinity), nan)).toBe(true);
    expect(compare('<', 1, nan)).toBe(true);
  });

  it('tests equality exactly across int representations and between types', () => {
    expect(equals(9007199254740992, big('9007199254740992'))).toBe(true);
    expect(equals(9007199254740992, big('9007199254740993'))).toBe(false);
    expect(equals(new Float(2), 2)).toBe(true);
    expect(equals(0, new Float(0.5))).toBe(false);
    expect(equals(new List([1, 'a']), new Tuple([1, 'a']))).toBe(false);
    const nested = () => new List([new Tuple([1, new Float(NaN)]), new Dict()]);
    expect(equals(nested(), nested())).toBe(true);
    expect(compare('!=', new List([1]), new List([1, 2]))).toBe(true);
    expect(compare('==', None, None)).toBe(true);
    expect(equals(new Bytes('a'), new Bytes('a'))).toBe(true);
    expect(equals(new Range(0, 0, 1), new Range(5, 5, 2))).toBe(true);
  });

  it('compares sequences element-wise and refuses unordered types', () => {
    expect(compare('<', new List([1, 2]), new List([1, 3]))).toBe(true);
    expect(compare('<', new Tuple([1]), new Tuple([1, 0]))).toBe(true);
    expect(equals(1, true)).toBe(false);
    expect(() => compare('<', 1, 'a')).toThrow('int < string not implemented');
    expect(() => compare('<', new Dict(), new Dict())).toThrow('dict < dict not implemented');
    expect(() => compare('<', None, None)).toThrow('NoneType < NoneType not implemented');
    expect(compareForSort('b', 'a')).toBe(1);
    const cyclic = new List([]);
    cyclic.elems.push(cyclic);
    expect(() => equals(cyclic, cyclic)).toThrow('comparison exceeded maximum recursion depth');
  });

  it('compares dicts by entries, whatever their order and deleted entries', () => {
    const dict = (...kv: [string | number, unknown][]) => {
      const d = new Dict();
      for (const [k, v] of kv) d.set(k, v as never);
      return d;
    };
    const a = dict(['x', 1], ['y', new List([1, 2])], [3, 'z']);
    expect(equals(a, dict(['x', 1], ['y', new List([1, 2])], [3, 'z']))).toBe(true);
    expect(equals(a, dict([3, 'z'], ['x', 1], ['y', new List([1, 2])]))).toBe(true);
    expect(equals(a, dict(['x', 1], ['y', new List([1, 3])], [3, 'z']))).toBe(false);
    expect(equals(a, dict(['x', 1], ['w', new List([1, 2])], [3, 'z']))).toBe(false);
    // Beyond the linear-search size, with holes left by deletions on one side only.
    const entries: [number, number][] = Array.from({ length: 20 }, (_, i) => [i, i * i]);
    const big = dict(...entries, [100, 0], [101, 0]);
    big.delete(100);
    big.delete(101);
    big.delete(0);
    expect(equals(big, dict(...entries.slice(1)))).toBe(true);
    expect(equals(dict(...entries.slice(1)), big)).toBe(true);
    expect(equals(big, dict(...entries.slice(2), [1, 2]))).toBe(false);
  });

  it('compares sets by inclusion', () => {
    const a = new Set();
    const b = new Set();
    a.add(1);
    b.add(1);
    b.add(2);
    expect(compare('<', a, b)).toBe(true);
    expect(compare('>=', b, a)).toBe(true);
    expect(equals(a, b)).toBe(false);
  });
});

describe('repr and str', () => {
  it("prints values as go.starlark.net's writeValue does", () => {
    const d = new Dict();
    d.set('a', new List([1, new Float(2), None, true]));
    d.set(new Tuple([1]), new Bytes('x\xff'));
    expect(repr(d)).toBe('{"a": [1, 2.0, None, True], (1,): b"x\\xff"}');
    const l = new List([]);
    l.elems.push(l);
    expect(repr(l)).toBe('[[...]]');
    expect(repr('a"b\\\n\t\x7f')).toBe('"a\\"b\\\\\\n\\t\\x7f"');
    expect(repr('\xc3\xa9')).toBe('"\xc3\xa9"'); // é stays, as UTF-8 bytes
    expect(str(new Bytes('\xc3'))).toBe('\xef\xbf\xbd');
    expect(repr(new Float(1e6))).toBe('1e+06');
    expect(repr(new Float(123456.5))).toBe('123456.5');
    expect(repr(new Float(-0))).toBe('-0.0');
    expect(repr(new Float(1e-5))).toBe('1e-05');
    expect(repr(new Float(0.0001))).toBe('0.0001');
  });
});

describe('attributes', () => {
  it('reports a missing field with its type', () => {
    expect(() => getAttr(1, 'x')).toThrow('int has no .x field or method');
  });
});
