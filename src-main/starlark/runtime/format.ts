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
import { StarlarkError } from './errors';
import { numberToInt, repr } from './ops';
import { decodeRune, encodeRune } from './strings';
import type { Thread } from './thread';
import { Dict, Float, Tuple, typeName, type KwArgs, type Value } from './value';

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
  if (verb === 'g' && precision < 0) {
    const a = Math.abs(x);
    // Here Go's shortest %g and JS's String agree: plain decimal notation, the same digits.
    if (a >= 1e-4 && a < 1e6) return String(x);
  }
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

// ---------------------------------------------------------------------------------------------
// str % x

function asFloat(x: Value): number | undefined {
  if (x instanceof Float) return x.value;
  if (typeof x === 'number') return x;
  if (typeof x === 'bigint') return Number(x);
  return undefined;
}

/**
 * `format % arg` (spec: "String interpolation"): %s %r %d %i %o %x %X %e %f %g %E %F %G %c %%,
 * with a tuple for several operands and a dict for %(name)s.
 */
export function percent(format: string, arg: Value): string {
  let out = '';
  let index = 0;
  const tuple = arg instanceof Tuple ? arg.elems : undefined;
  const nargs = tuple ? tuple.length : 1;
  let pos = 0;
  const n = format.length;
  for (;;) {
    const i = format.indexOf('%', pos);
    if (i < 0) {
      out += pos === 0 ? format : format.slice(pos);
      break;
    }
    out += format.slice(pos, i);
    pos = i + 1;
    if (pos < n && format.charCodeAt(pos) === 37 /* % */) {
      out += '%';
      pos++;
      continue;
    }
    let x: Value;
    if (pos < n && format.charCodeAt(pos) === 40 /* ( */) {
      const j = format.indexOf(')', pos + 1);
      if (j < 0) throw new StarlarkError('incomplete format key');
      const key = format.slice(pos + 1, j);
      if (!(arg instanceof Dict)) throw new StarlarkError('format requires a mapping');
      const v = arg.get(key);
      if (v === undefined) throw new StarlarkError(`key not found: ${key}`);
      x = v;
      pos = j + 1;
    } else {
      if (index >= nargs) throw new StarlarkError('not enough arguments for format string');
      x = tuple ? tuple[index]! : arg;
    }
    if (pos >= n) throw new StarlarkError('incomplete format');
    const c = format[pos]!;
    out += convert(c, x);
    pos++;
    index++;
  }
  if (index < nargs && !(arg instanceof Dict)) {
    throw new StarlarkError('too many arguments for format string');
  }
  return out;
}

/** One %-conversion of one operand. */
function convert(c: string, x: Value): string {
  switch (c) {
    case 's':
      return typeof x === 'string' ? x : repr(x);
    case 'r':
      return repr(x);
    case 'd':
    case 'i':
    case 'o':
    case 'x':
    case 'X': {
      let i: number | bigint;
      try {
        i = numberToInt(x);
      } catch (e) {
        if (e instanceof StarlarkError) {
          throw new StarlarkError(`%${c} format requires integer: ${e.message}`);
        }
        throw e;
      }
      if (c === 'o') return i.toString(8);
      if (c === 'x') return i.toString(16);
      if (c === 'X') return i.toString(16).toUpperCase();
      return String(i);
    }
    case 'e':
    case 'f':
    case 'g':
    case 'E':
    case 'F':
    case 'G': {
      const f = asFloat(x);
      if (f === undefined) {
        throw new StarlarkError(`%${c} format requires float, not ${typeName(x)}`);
      }
      return starlarkFloat(f, c);
    }
    case 'c':
      if (typeof x === 'number' || typeof x === 'bigint') {
        if (typeof x === 'bigint' || x < 0 || x > 0x10ffff) {
          throw new StarlarkError(`%c format requires a valid Unicode code point, got ${x}`);
        }
        return encodeRune(x);
      }
      if (typeof x === 'string') {
        const [r, size] = decodeRune(x, 0);
        if (size !== x.length || x.length === 0) {
          throw new StarlarkError('%c format requires a single-character string');
        }
        return encodeRune(r);
      }
      throw new StarlarkError(
        `%c format requires int or single-character string, not ${typeName(x)}`,
      );
    case '%':
      return '%';
    default:
      // Go prints the offending byte as a rune.
      throw new StarlarkError(`unknown conversion %${encodeRune(c.charCodeAt(0))}`);
  }
}

// ---------------------------------------------------------------------------------------------
// str.format

/**
 * `format.format(*args, **kwargs)` (spec: "string·format"): `{}` (automatic numbering), `{0}`
 * (manual), `{name}`, each optionally with `!s` or `!r`; `{{` and `}}` are literal braces.
 */
export function strFormat(
  _thread: Thread,
  format: string,
  args: readonly Value[],
  kwargs: KwArgs,
): string {
  let out = '';
  let auto = false;
  let manual = false;
  let index = 0;
  let pos = 0;
  for (;;) {
    const open = format.indexOf('{', pos);
    const literalEnd = open < 0 ? format.length : open;
    // The literal part, with "}}" standing for "}" and a lone "}" an error.
    for (;;) {
      const close = format.indexOf('}', pos);
      if (close < 0 || close >= literalEnd) {
        out += format.slice(pos, literalEnd);
        break;
      }
      if (close + 1 >= literalEnd || format[close + 1] !== '}') {
        throw new StarlarkError("format: single '}' in format");
      }
      out += format.slice(pos, close + 1);
      pos = close + 2;
    }
    if (open < 0) break;
    if (format[open + 1] === '{') {
      out += '{';
      pos = open + 2;
      continue;
    }
    const end = format.indexOf('}', open + 1);
    if (end < 0) throw new StarlarkError("format: unmatched '{' in format");
    let field = format.slice(open + 1, end);
    pos = end + 1;

    let name: string;
    let conv = 's';
    let spec = '';
    const bang = field.indexOf('!');
    if (bang < 0) {
      const colon = field.indexOf(':');
      if (colon < 0) name = field;
      else [name, spec] = [field.slice(0, colon), field.slice(colon + 1)];
    } else {
      name = field.slice(0, bang);
      field = field.slice(bang + 1);
      const colon = field.indexOf(':');
      if (colon < 0) conv = field;
      else [conv, spec] = [field.slice(0, colon), field.slice(colon + 1)];
    }

    let arg: Value | undefined;
    if (name === '') {
      if (manual) {
        throw new StarlarkError(
          'format: cannot switch from manual field specification to automatic field numbering',
        );
      }
      auto = true;
      if (index >= args.length) throw new StarlarkError('format: tuple index out of range');
      arg = args[index++];
    } else if (/^[0-9]{1,18}$/.test(name)) {
      if (auto) {
        throw new StarlarkError(
          'format: cannot switch from automatic field numbering to manual field specification',
        );
      }
      manual = true;
      const num = Number(name);
      if (num >= args.length) throw new StarlarkError('format: tuple index out of range');
      arg = args[num];
    } else {
      for (const [k, v] of kwargs) {
        if (k === name) {
          arg = v;
          break;
        }
      }
      if (arg === undefined) throw missingKeyword(name);
    }

    if (spec !== '') {
      throw new StarlarkError(`format spec features not supported in replacement fields: ${spec}`);
    }
    if (conv === 's') out += typeof arg === 'string' ? arg : repr(arg!);
    else if (conv === 'r') out += repr(arg!);
    else throw new StarlarkError(`format: unknown conversion ${repr(conv)}`);
  }
  return out;
}

function missingKeyword(name: string): StarlarkError {
  if (name.includes('.')) {
    return new StarlarkError(
      `format: attribute syntax x.y is not supported in replacement fields: ${name}`,
    );
  }
  if (name.includes('[')) {
    return new StarlarkError(
      `format: element syntax a[i] is not supported in replacement fields: ${name}`,
    );
  }
  if (name.includes('{'))
    return new StarlarkError('format: nested replacement fields not supported');
  return new StarlarkError(`format: keyword ${name} not found`);
}
