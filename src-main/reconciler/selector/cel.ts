import { Environment, type ParseResult } from '@marcbachmann/cel-js';

/**
 * One selector expression, compiled once, evaluated as Choreo evaluates it (pkg/server/selector/cel):
 * the expression `e` is compiled as `input.e` with `input` the object, its result is printed the
 * way Go's `fmt.Sprintf("%v", value)` prints it, and an evaluation error means "not found" — never
 * a failure.
 */
export interface CelField {
  /** The expression as written (without the `input.` prefix). */
  readonly expression: string;
  /** The value as a string, or undefined when the expression cannot be evaluated on obj. */
  valueOf(obj: unknown): string | undefined;
}

/** A CEL expression that does not compile: its message and where in the expression it is. */
export class CelCompileError extends Error {
  override name = 'CelCompileError';
  constructor(
    readonly expression: string,
    /** 0-based offset into the expression as written. */
    readonly offset: number,
    readonly detail: string,
  ) {
    super(`invalid CEL expression "${expression}": ${detail}`);
  }
}

const prefix = 'input.';

const environment = new Environment({
  unlistedVariablesAreDyn: false,
  homogeneousAggregateLiterals: false,
}).registerVariable('input', 'dyn');

/** Compiles (parses and type-checks) `input.<expression>`; throws a CelCompileError. */
export function compileField(expression: string): CelField {
  const program = compileProgram(expression);
  return {
    expression,
    valueOf(obj: unknown): string | undefined {
      let value: unknown;
      try {
        value = program({ input: toCelValue(obj) });
      } catch {
        return undefined;
      }
      return goFormat(value, true);
    },
  };
}

/** Like compileField, for an object already converted with toCelValue (several fields, one object). */
export function compileConvertedField(expression: string): (input: unknown) => string | undefined {
  const program = compileProgram(expression);
  return (input) => {
    try {
      return goFormat(program({ input }), true);
    } catch {
      return undefined;
    }
  };
}

function compileProgram(expression: string): ParseResult {
  const source = prefix + expression;
  let program: ParseResult;
  try {
    program = environment.parse(source);
  } catch (e) {
    throw asCompileError(expression, e);
  }
  const checked = program.check();
  if (!checked.valid) throw asCompileError(expression, checked.error);
  return program;
}

function asCompileError(expression: string, e: unknown): CelCompileError {
  const error = e as { message?: string; range?: { start: number } } | undefined;
  const detail = (error?.message ?? String(e)).split('\n')[0]!;
  const offset = Math.max(0, (error?.range?.start ?? prefix.length) - prefix.length);
  return new CelCompileError(expression, Math.min(offset, expression.length), detail);
}

/**
 * JSON as the API server's unstructured objects hold it, for CEL: whole numbers become ints
 * (bigint), other numbers doubles — as Kubernetes decodes JSON numbers into int64 or float64.
 */
export function toCelValue(value: unknown): unknown {
  if (typeof value === 'number') {
    return Number.isInteger(value) && Number.isSafeInteger(value) ? BigInt(value) : value;
  }
  if (Array.isArray(value)) return value.map(toCelValue);
  if (value !== null && typeof value === 'object') {
    if (value instanceof Date || value instanceof Uint8Array) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toCelValue(v);
    return out;
  }
  return value;
}

/**
 * A value printed as Go's `%v` prints the value cel-go hands back: strings as they are, ints in
 * decimal, doubles in Go's shortest `%g` form (`1e+06`), `true`/`false`, lists as `[a b]`, maps as
 * `map[k:v]` with sorted keys, CEL null as `NULL_VALUE` (nested nil as `<nil>`).
 */
export function goFormat(value: unknown, top = false): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'bigint':
      return value.toString();
    case 'number':
      return goFloat(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return '<nil>';
  }
  if (value === null) return top ? 'NULL_VALUE' : '<nil>';
  if (Array.isArray(value)) return `[${value.map((v) => goFormat(v)).join(' ')}]`;
  if (value instanceof Uint8Array) return `[${[...value].join(' ')}]`;
  if (value instanceof Date) return goTime(value);
  if (value instanceof Map) {
    const keys = [...value.keys()].map((k) => goFormat(k)).sort();
    const byKey = new Map([...value.entries()].map(([k, v]) => [goFormat(k), v]));
    return `map[${keys.map((k) => `${k}:${goFormat(byKey.get(k))}`).join(' ')}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    if (entries.length === 0 && Object.getPrototypeOf(value) !== Object.prototype) {
      return String(value);
    }
    return `map[${entries.map(([k, v]) => `${k}:${goFormat(v)}`).join(' ')}]`;
  }
  return String(value);
}

/**
 * Go's `%v` for a float64 (`strconv.FormatFloat(v, 'g', -1, 64)`): the shortest digits that
 * round-trip, in exponent form when the exponent is below -4 or at least 6 (`1e+06`, `1e-05`).
 */
export function goFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [mantissa, expText] = v.toExponential().split('e') as [string, string];
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const exp = Number(expText);
  const sign = negative ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const rest = digits.slice(1);
    const e = Math.abs(exp);
    return `${sign}${digits[0]}${rest ? `.${rest}` : ''}e${exp < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const whole = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const fraction = digits.slice(exp + 1);
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Go's time.Time `%v` for a UTC instant: `2024-01-02 03:04:05.5 +0000 UTC`. */
function goTime(d: Date): string {
  const iso = d.toISOString(); // 2024-01-02T03:04:05.500Z
  const [date, time] = iso.slice(0, -1).split('T') as [string, string];
  const [hms, ms] = time.split('.') as [string, string];
  const fraction = ms.replace(/0+$/, '');
  return `${date} ${hms}${fraction ? `.${fraction}` : ''} +0000 UTC`;
}
