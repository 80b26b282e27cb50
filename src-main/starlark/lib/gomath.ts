/**
 * Functions of Go's math package that JavaScript lacks or answers differently in special cases
 * (Go's documentation lists each function's special cases; these follow them).
 */

const bits = new DataView(new ArrayBuffer(8));

export function signbit(x: number): boolean {
  bits.setFloat64(0, x);
  return bits.getUint8(0) >= 0x80;
}

/** Go's math.Copysign. */
export function copysign(x: number, y: number): number {
  const mag = Math.abs(x);
  return signbit(y) ? -mag : mag;
}

/** Go's math.Pow: as IEEE pow, but 1**y = 1 and (-1)**±Inf = 1 for every y. */
export function pow(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return Math.pow(x, y);
}

/** Go's math.Round: half away from zero. */
export function round(x: number): number {
  const t = Math.trunc(x);
  if (Math.abs(x - t) >= 0.5) return t + Math.sign(x);
  return t;
}

/** IEEE 754 remainder: x − n·y with n the integer nearest x/y, ties to even (Go's math.Remainder). */
export function remainder(x: number, y: number): number {
  if (x !== x || y !== y || !Number.isFinite(x) || y === 0) return NaN;
  if (!Number.isFinite(y)) return x;
  const neg = signbit(x);
  let r = Math.abs(x);
  const m = Math.abs(y);
  if (r === m) return neg ? -0 : 0;
  // r mod 2m is exact and leaves r in [0, 2m); then fold it into [-m/2, m/2].
  if (m <= Number.MAX_VALUE / 2) r %= m + m;
  if (m < 2 ** -1021) {
    if (r + r > m) {
      r -= m;
      if (r + r >= m) r -= m;
    }
  } else {
    const half = 0.5 * m;
    if (r > half) {
      r -= m;
      if (r >= half) r -= m;
    }
  }
  return neg ? -r : r;
}

const lanczos = [
  0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406,
  12.507343278686905, -0.13857109526572012, 0.000009984369578019572, 1.5056327351493116e-7,
];

/** The gamma function, with Go's special cases (Γ(±0) = ±Inf, Γ(negative integer) = NaN). */
export function gamma(x: number): number {
  if (x !== x || x === -Infinity) return NaN;
  if (x === Infinity) return Infinity;
  if (x === 0) return signbit(x) ? -Infinity : Infinity;
  if (x < 0 && Number.isInteger(x)) return NaN;
  if (x > 171.61447887182297) return Infinity;
  if (Number.isInteger(x) && x <= 33) {
    // Small integers: the exact factorial, multiplied in the order Go's recurrence does.
    let z = 1;
    for (let k = x - 1; k >= 2; k--) z *= k;
    return z;
  }
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  const t0 = x - 1;
  let a = lanczos[0]!;
  const t = t0 + 7.5;
  for (let i = 1; i < 9; i++) a += lanczos[i]! / (t0 + i);
  // t^(x-0.5) overflows before the product does: take it in two halves.
  const half = Math.pow(t, (t0 + 0.5) / 2);
  return Math.sqrt(2 * Math.PI) * half * (half * Math.exp(-t)) * a;
}
