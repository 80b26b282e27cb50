/**
 * The `math` module, as go.starlark.net's lib/math defines it: every function takes ints or
 * floats ("got string, want float or int") and returns a float, except ceil and floor, which
 * return ints.
 *
 * Values come from JavaScript's Math, with Go's math package's answers for the special cases
 * (infinities, NaN, signed zeros, domain errors) where the two differ: Pow(1, NaN) = 1,
 * Round(-2.5) = -3, IEEE Remainder, Gamma. Away from special cases, results may differ from Go's
 * in the last bit (docs/choreo-compat.md).
 */
import { StarlarkError } from '../runtime/errors';
import { numberToInt } from '../runtime/ops';
import type { Check } from '../runtime/unpack';
import { unpackPositional } from '../runtime/unpack';
import { Float, typeName, type BuiltinFn, type Value } from '../runtime/value';
import { copysign, gamma, pow, remainder, round } from './gomath';
import { builtinModule } from './struct';

const wantNumber: Check = (v) =>
  typeof v === 'number' || typeof v === 'bigint' || v instanceof Float
    ? undefined
    : `got ${typeName(v)}, want float or int`;

function toNumber(v: Value): number {
  return v instanceof Float ? v.value : Number(v as number | bigint);
}

function unary(name: string, f: (x: number) => number): BuiltinFn {
  return (_thread, args, kwargs) => {
    const [x] = unpackPositional(name, args, kwargs, 1, 1, [wantNumber]);
    return new Float(f(toNumber(x!)));
  };
}

function binary(name: string, f: (x: number, y: number) => number): BuiltinFn {
  return (_thread, args, kwargs) => {
    const [x, y] = unpackPositional(name, args, kwargs, 2, 2, [wantNumber, wantNumber]);
    return new Float(f(toNumber(x!), toNumber(y!)));
  };
}

/** ceil and floor: ints stay ints; floats are rounded and converted (NaN and ±Inf fail). */
function rounding(name: string, f: (x: number) => number): BuiltinFn {
  return (_thread, args, kwargs) => {
    const [x] = unpackPositional(name, args, kwargs, 1, 1);
    if (typeof x === 'number' || typeof x === 'bigint') return x;
    if (x instanceof Float) return numberToInt(new Float(f(x.value)));
    throw new StarlarkError(`got ${typeName(x!)}, want float or int`);
  };
}

/** log(x[, base]): the natural logarithm, or the logarithm in base. */
const log: BuiltinFn = (_thread, args, kwargs) => {
  const [x, base] = unpackPositional('log', args, kwargs, 1, 2, [wantNumber, wantNumber]);
  const b = base === undefined ? Math.E : toNumber(base);
  if (b === 1) throw new StarlarkError('division by zero');
  return new Float(Math.log(toNumber(x!)) / Math.log(b));
};

export const math = builtinModule('math', false, {
  ceil: rounding('ceil', Math.ceil),
  copysign: binary('copysign', copysign),
  fabs: unary('fabs', Math.abs),
  floor: rounding('floor', Math.floor),
  mod: binary('mod', (x, y) => x % y),
  pow: binary('pow', pow),
  remainder: binary('remainder', remainder),
  round: unary('round', round),

  exp: unary('exp', Math.exp),
  sqrt: unary('sqrt', Math.sqrt),

  acos: unary('acos', Math.acos),
  asin: unary('asin', Math.asin),
  atan: unary('atan', Math.atan),
  atan2: binary('atan2', Math.atan2),
  cos: unary('cos', Math.cos),
  hypot: binary('hypot', Math.hypot),
  sin: unary('sin', Math.sin),
  tan: unary('tan', Math.tan),

  degrees: unary('degrees', (x) => (360 * x) / (2 * Math.PI)),
  radians: unary('radians', (x) => (2 * Math.PI * x) / 360),

  acosh: unary('acosh', Math.acosh),
  asinh: unary('asinh', Math.asinh),
  atanh: unary('atanh', Math.atanh),
  cosh: unary('cosh', Math.cosh),
  sinh: unary('sinh', Math.sinh),
  tanh: unary('tanh', Math.tanh),

  log,

  gamma: unary('gamma', gamma),

  e: new Float(Math.E),
  pi: new Float(Math.PI),
});
