import { describe, expect, it } from 'vitest';
import { copysign, gamma, pow, remainder, round } from './gomath';

// Reference values are Go's math package's (Gamma, Remainder, Round, Pow, Copysign).
describe("Go's math special cases", () => {
  it('keeps the sign of zero and of NaN arguments as Go does', () => {
    expect(Object.is(copysign(3, -0), -3)).toBe(true);
    expect(Object.is(round(-0.4), -0)).toBe(true);
    expect(Object.is(remainder(-3, 3), -0)).toBe(true);
    expect(pow(1, NaN)).toBe(1);
    expect(pow(-1, -Infinity)).toBe(1);
    expect(pow(NaN, 0)).toBe(1);
  });

  it('rounds half away from zero and takes IEEE remainders with ties to even', () => {
    expect(round(2.5)).toBe(3);
    expect(round(-2.5)).toBe(-3);
    expect(round(0.49999999999999994)).toBe(0);
    expect(remainder(5, 2)).toBe(1);
    expect(remainder(7, 2)).toBe(-1);
    expect(remainder(1e308, 3)).toBe(-1);
    expect(remainder(5e-324, 1e-323)).toBe(5e-324);
  });
});

describe('gamma', () => {
  it('is exact for small integers and Go-like at the poles', () => {
    expect(gamma(5)).toBe(24);
    expect(gamma(25)).toBe(6.204484017332394e23);
    expect(gamma(0)).toBe(Infinity);
    expect(gamma(-0)).toBe(-Infinity);
    expect(gamma(-2)).toBeNaN();
    expect(gamma(172)).toBe(Infinity);
  });

  it('agrees with Go to 1e-12 elsewhere (Go uses another approximation)', () => {
    const goValues: [number, number][] = [
      [171, 7.257415615307999e306],
      [0.5, 1.7724538509055159],
      [1.5, 0.8862269254527579],
      [-0.5, -3.5449077018110318],
      [10.1, 454760.7514415855],
      [100.7, 2.3417900214543253e157],
      [0.001, 999.4237724845956],
      [-170.5, -3.3127395215386015e-308],
    ];
    for (const [x, want] of goValues) {
      expect(Math.abs(gamma(x) - want) / Math.abs(want)).toBeLessThan(1e-12);
    }
  });
});
