/**
 * Number and string formatting with go.starlark.net's exact output.
 *
 * Floats: go.starlark.net prints floats with Go's strconv, whose rules differ from JavaScript's
 * `String(x)`: the shortest round-tripping digits are the same, but 'g' switches to exponent form
 * at 1e+06 rather than 1e21, exponents have at least two digits ("1e+06"), and fixed precision
 * rounds exact halfway cases to even (Go: `%.0f` of 2.5 is "2"; JS `toFixed` gives "3"). So the
 * digits come from two sources — `toExponential()` for the shortest digits (V8's shortest
 * round-trip, identical to Go's), and an exact BigInt expansion of the double for a fixed number of
 * digits, rounded half-to-even as Go's decimal does — and the layout is Go's (fmtE/fmtF).
 *
 * Strings: `percent` is `format % arg` (spec: "String interpolation"), `strFormat` is
 * `format.format(*args, **kwargs)` (spec: "string·format"); both keep go.starlark.net's error
 * messages word for word.
 */

// ---------------------------------------------------------------------------------------------
// decimal digits of a double

/** |x| = 0.d1d2d3… × 10^dp, with no trailing zeros in `d` ('' for zero). */
interface Decimal {
  d: string;
  dp: number;
}

/** The shortest digits that read back as x (x finite, ≥ 0). */
function shortestDecimal(x: number): Decimal {
  if (x === 0) return { d: '', dp: 0 };
  const s = x.toExponential(); // "d.ddde±x", shortest round-trip digits
  const e = s.indexOf('e');
  const d = s[1] === '.' ? s[0]! + s.slice(2, e) : s.slice(0, e);
  return { d, dp: Number(s.slice(e + 1)) + 1 };
}

const bits = new DataView(new ArrayBuffer(8));

/** Every decimal digit of x (x finite, ≥ 0): a double is m × 2^e, and m × 2^e = m × 5^-e / 10^-e. */
function exactDecimal(x: number): Decimal {
  if (x === 0) return { d: '', dp: 0 };
  bits.setFloat64(0, x);
  const hi = bits.getUint32(0);
  const lo = bits.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (hi & 0xfffff) * 0x100000000 + lo;
  let exp: number;
  if (biased === 0) exp = -1074;
  else {
    mant += 2 ** 52;
    exp = biased - 1075;
  }
  while (exp < 0 && mant % 2 === 0) {
    mant /= 2;
    exp++;
  }
  let digits: string;
  let dp: number;
  if (exp >= 0) {
    digits = (BigInt(mant) << BigInt(exp)).toString();
    dp = digits.length;
  } else {
    digits = (BigInt(mant) * 5n ** BigInt(-exp)).toString();
    dp = digits.length + exp;
  }
  return { d: trimZeros(digits), dp };
}

function trimZeros(d: string): string {
  let n = d.length;
  while (n > 0 && d.charCodeAt(n - 1) === 48) n--;
  return n === d.length ? d : d.slice(0, n);
}

/** Rounds an exact decimal to nd digits, halfway cases to even (Go's decimal.Round). */
function roundDecimal(a: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= a.d.length) return a;
  const next = a.d.charCodeAt(nd);
  const up =
    next === 53 && nd + 1 === a.d.length // exactly halfway
      ? nd > 0 && (a.d.charCodeAt(nd - 1) - 48) % 2 === 1
      : next >= 53;
  if (!up) return { d: trimZeros(a.d.slice(0, nd)), dp: a.dp };
  let i = nd - 1;
  while (i >= 0 && a.d[i] === '9') i--;
  if (i < 0) return { d: '1', dp: a.dp + 1 }; // 999 → 1000
  return { d: a.d.slice(0, i) + String.fromCharCode(a.d.charCodeAt(i) + 1), dp: a.dp };
}

// ---------------------------------------------------------------------------------------------
// Go's layouts

/** %e: d.dddde±dd with prec digits after the point. */
function layoutE(neg: boolean, d: Decimal, prec: number, e: string): string {
  let out = neg ? '-' : '';
  out += d.d.length > 0 ? d.d[0] : '0';
  if (prec > 0) {
    out += '.';
    const frac = d.d.slice(1, prec + 1);
    out += frac + '0'.repeat(prec - frac.length);
  }
  let exp = d.d.length === 0 ? 0 : d.dp - 1;
  let sign = '+';
  if (exp < 0) {
    sign = '-';
    exp = -exp;
  }
  return out + e + sign + (exp < 10 ? '0' + exp : String(exp));
}

/** %f: ddd.ddd with prec digits after the point. */
function layoutF(neg: boolean, d: Decimal, prec: number): string {
  let out = neg ? '-' : '';
  if (d.dp > 0) {
    const m = Math.min(d.d.length, d.dp);
    out += d.d.slice(0, m) + '0'.repeat(d.dp - m);
  } else {
    out += '0';
  }
  if (prec > 0) {
    out += '.';
    for (let i = 0; i < prec; i++) {
      const j = d.dp + i;
      out += j >= 0 && j < d.d.length ? d.d[j] : '0';
    }
  }
  return out;
}

export type FloatVerb = 'g' | 'e' | 'f' | 'G' | 'E' | 'F';

/**
 * Go's strconv.FormatFloat(x, verb, precision, 64): precision -1 means the fewest digits that
 * read back as x. Non-finite values print as Go does ("+Inf", "-Inf", "NaN"). Go has no 'F'
 * verb: like Go, it prints "%F".
 */
export function formatFloat(x: number, verb: FloatVerb, precision = -1): string {
  if (x !== x) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  if (verb === 'F') return '%F';
  const neg = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  const shortest = precision < 0;
  let d: Decimal;
  let prec = precision;
  if (shortest) {
    d = shortestDecimal(abs);
    if (verb === 'e' || verb === 'E') prec = Math.max(d.d.length - 1, 0);
    else if (verb === 'f') prec = Math.max(d.d.length - d.dp, 0);
    else prec = d.d.length;
  } else {
    d = exactDecimal(abs);
    if (verb === 'e' || verb === 'E') d = roundDecimal(d, prec + 1);
    else if (verb === 'f') d = roundDecimal(d, d.dp + prec);
    else {
      if (prec === 0) prec = 1;
      d = roundDecimal(d, prec);
    }
  }
  switch (verb) {
    case 'e':
    case 'E':
      return layoutE(neg, d, prec, verb);
    case 'f':
      return layoutF(neg, d, prec);
    default: {
      let eprec = prec;
      if (eprec > d.d.length && d.d.length >= d.dp) eprec = d.d.length;
      if (shortest) eprec = 6;
      const exp = d.dp - 1;
      if (exp < -4 || exp >= eprec) {
        if (prec > d.d.length) prec = d.d.length;
        return layoutE(neg, d, prec - 1, verb === 'g' ? 'e' : 'E');
      }
      if (prec > d.dp) prec = d.d.length;
      return layoutF(neg, d, Math.max(prec - d.dp, 0));
    }
  }
}

/**
 * A float as str() and repr() print it in go.starlark.net: Go's shortest %g, with ".0" added
 * when the result would otherwise read as an int; "+inf", "-inf", "nan".
 */
export function floatToStr(x: number): string {
  const abs = Math.abs(x);
  if (abs >= 1e-4 && abs < 1e6) {
    // Here Go's %g and JS's String agree: plain decimal notation with the shortest digits.
    const s = String(x);
    return s.includes('.') ? s : s + '.0';
  }
  return starlarkFloat(x, 'g');
}

/** go.starlark.net's Float.format: %g shortest (always marked as a float), %e/%f with 6 digits. */
export function starlarkFloat(x: number, verb: FloatVerb): string {
  if (x !== x) return 'nan';
  if (x === Infinity) return '+inf';
  if (x === -Infinity) return '-inf';
  if (verb === 'g' || verb === 'G') {
    const s = formatFloat(x, verb, -1);
    return s.includes(verb === 'g' ? 'e' : 'E') || s.includes('.') ? s : s + '.0';
  }
  return formatFloat(x, verb, 6);
}
