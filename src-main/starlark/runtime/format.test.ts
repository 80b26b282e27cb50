import { describe, expect, it } from 'vitest';
import { floatToStr, formatFloat } from './format';

// Expected strings are Go's strconv.FormatFloat / go.starlark.net's str() output.
describe('formatFloat (Go strconv semantics)', () => {
  it('prints the shortest round-tripping digits in Go layout', () => {
    expect(formatFloat(0.1, 'g')).toBe('0.1');
    expect(formatFloat(1e6, 'g')).toBe('1e+06');
    expect(formatFloat(123456789, 'g')).toBe('1.23456789e+08');
    expect(formatFloat(1e-5, 'g')).toBe('1e-05');
    expect(formatFloat(1e-4, 'g')).toBe('0.0001');
    expect(formatFloat(5e-324, 'e')).toBe('5e-324');
    expect(formatFloat(1.7976931348623157e308, 'G')).toBe('1.7976931348623157E+308');
    expect(formatFloat(-0, 'g')).toBe('-0');
    expect(formatFloat(0.1, 'f')).toBe('0.1');
  });

  it('rounds a fixed precision exactly, halfway cases to even', () => {
    expect(formatFloat(2.5, 'f', 0)).toBe('2'); // JS toFixed gives "3"
    expect(formatFloat(3.5, 'f', 0)).toBe('4');
    expect(formatFloat(0.125, 'f', 2)).toBe('0.12');
    expect(formatFloat(0.375, 'e', 1)).toBe('3.8e-01');
    expect(formatFloat(0.1, 'f', 20)).toBe('0.10000000000000000555');
    expect(formatFloat(1.23e45, 'f', 6)).toBe(
      '1229999999999999973814869011019624571608236032.000000',
    );
    expect(formatFloat(999.9999999, 'e', 3)).toBe('1.000e+03');
    expect(formatFloat(0.009, 'f', 2)).toBe('0.01');
    expect(formatFloat(1234.5678, 'g', 2)).toBe('1.2e+03');
    expect(formatFloat(1234.5678, 'g', 6)).toBe('1234.57');
    expect(formatFloat(0, 'g', 5)).toBe('0');
  });

  it('prints non-finite values and the unknown verb F as Go does', () => {
    expect(formatFloat(NaN, 'g')).toBe('NaN');
    expect(formatFloat(-Infinity, 'e', 3)).toBe('-Inf');
    expect(formatFloat(1.5, 'F', 6)).toBe('%F');
  });
});

describe('floatToStr (str/repr of a float)', () => {
  it('marks integral values as floats and uses exponents from 1e+06', () => {
    expect(floatToStr(0)).toBe('0.0');
    expect(floatToStr(-0)).toBe('-0.0');
    expect(floatToStr(123)).toBe('123.0');
    expect(floatToStr(1.11)).toBe('1.11');
    expect(floatToStr(1e5)).toBe('100000.0');
    expect(floatToStr(1e6)).toBe('1e+06');
    expect(floatToStr(1.23e45)).toBe('1.23e+45');
    expect(floatToStr(-1.23e-45)).toBe('-1.23e-45');
    expect(floatToStr(1 / 3)).toBe('0.3333333333333333');
  });

  it('prints non-finite values in lower case with a sign on infinity', () => {
    expect(floatToStr(NaN)).toBe('nan');
    expect(floatToStr(Infinity)).toBe('+inf');
    expect(floatToStr(-Infinity)).toBe('-inf');
  });

  it('agrees between its fast path and the general path', () => {
    for (let i = 0; i < 2000; i++) {
      const x = (Math.random() - 0.5) * 10 ** (Math.floor(Math.random() * 14) - 6);
      const s = formatFloat(x, 'g');
      expect(floatToStr(x)).toBe(s.includes('e') || s.includes('.') ? s : s + '.0');
    }
  });
});
