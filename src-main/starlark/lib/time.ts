/**
 * The `time` module, as go.starlark.net's lib/time defines it: time.time values (an instant and
 * a zone) and time.duration values (int64 nanoseconds, with Go's wrap-around arithmetic), with
 * their fields, methods, comparison and arithmetic, and the functions now, time, parse_time,
 * from_timestamp, parse_duration and is_valid_timezone.
 *
 * A host can fix the clock for a thread with `setNow` (Go: time.SetNow), e.g. to make a
 * reconcile reproducible.
 */
import { StarlarkError } from '../runtime/errors';
import { repr } from '../runtime/ops';
import type { Thread } from '../runtime/thread';
import { unpackArgs, unpackPositional, wantString, type Check } from '../runtime/unpack';
import {
  Builtin,
  COMPOSITE_KEY,
  Float,
  StarlarkObject,
  typeName,
  type BinaryOperator,
  type BuiltinFn,
  type CompareOperator,
  type HashKey,
  type Value,
} from '../runtime/value';
import { wantInt64 } from '../runtime/methods/args';
import { builtinModule } from './struct';
import { dateOf, durationString, formatTime, parseDuration, parseTime } from './timefmt';
import { loadLocation, localZone, UTC, type Location } from './timezone';

const NS_PER_SEC = 1000000000n;

function int64(x: bigint): bigint {
  return BigInt.asIntN(64, x);
}

/** A starlark int as a JS number or bigint, normalized. */
function intValue(x: bigint): number | bigint {
  return x >= -9007199254740991n && x <= 9007199254740991n ? Number(x) : x;
}

function threeway(op: CompareOperator, c: number): boolean {
  switch (op) {
    case '==':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
  }
}

// ---------------------------------------------------------------------------------------------
// time.duration

const durationFields = [
  'hours',
  'minutes',
  'seconds',
  'milliseconds',
  'microseconds',
  'nanoseconds',
];

export class Duration extends StarlarkObject {
  /** Nanoseconds, within int64. */
  constructor(readonly ns: bigint) {
    super();
  }
  get type(): string {
    return 'time.duration';
  }
  override truth(): boolean {
    return this.ns !== 0n;
  }
  override hashKey(): HashKey {
    return COMPOSITE_KEY + 'd' + this.ns;
  }
  override repr(): string {
    return durationString(this.ns);
  }
  override getAttr(name: string): Value | undefined {
    const d = this.ns;
    const part = (unit: bigint) => Number(d / unit) + Number(d % unit) / Number(unit);
    switch (name) {
      case 'hours':
        return new Float(part(3600n * NS_PER_SEC));
      case 'minutes':
        return new Float(part(60n * NS_PER_SEC));
      case 'seconds':
        return new Float(part(NS_PER_SEC));
      case 'milliseconds':
        return intValue(d / 1000000n);
      case 'microseconds':
        return intValue(d / 1000n);
      case 'nanoseconds':
        return intValue(d);
    }
    throw new StarlarkError(`unrecognized ${this.type} attribute ${repr(name)}`);
  }
  override attrNames(): readonly string[] {
    return durationFields;
  }
  override compareSameType(op: CompareOperator, y: Value): boolean {
    const b = (y as Duration).ns;
    return threeway(op, this.ns < b ? -1 : this.ns > b ? 1 : 0);
  }
  override binary(op: BinaryOperator, y: Value, side: 'left' | 'right'): Value | undefined {
    const x = this.ns;
    const divByZero = () => new StarlarkError(`${this.type} division by zero`);
    switch (op) {
      case '+':
        if (y instanceof Duration) return new Duration(int64(x + y.ns));
        if (y instanceof Time) return y.add(x);
        break;
      case '-':
        if (y instanceof Duration) return new Duration(int64(x - y.ns));
        break;
      case '/':
        if (y instanceof Duration) {
          if (y.ns === 0n) throw divByZero();
          return new Float(Number(x) / Number(y.ns));
        }
        if (typeof y === 'number' || typeof y === 'bigint') {
          if (side === 'right') throw new StarlarkError('unsupported operation');
          const i = int64Operand(y);
          if (i === 0n) throw divByZero();
          return new Duration(int64(x / i));
        }
        if (y instanceof Float) {
          if (y.value === 0) throw divByZero();
          return new Duration(floatToInt64(Number(x) / y.value));
        }
        break;
      case '//':
        if (y instanceof Duration) {
          if (y.ns === 0n) throw divByZero();
          return intValue(int64(x / y.ns));
        }
        break;
      case '*':
        if (typeof y === 'number' || typeof y === 'bigint') {
          return new Duration(int64(x * int64Operand(y)));
        }
        break;
    }
    return undefined;
  }
}

function int64Operand(y: number | bigint): bigint {
  const i = BigInt(y);
  if (i !== int64(i)) throw new StarlarkError('int value out of range (want signed 64-bit value)');
  return i;
}

/** Go's float64 → int64 conversion on amd64: truncation, and the minimum int64 when out of range. */
function floatToInt64(f: number): bigint {
  if (!(f > -9223372036854775808 && f < 9223372036854775808)) return -(1n << 63n);
  return BigInt(Math.trunc(f));
}

// ---------------------------------------------------------------------------------------------
// time.time

const timeFields = [
  'year',
  'month',
  'day',
  'hour',
  'minute',
  'second',
  'nanosecond',
  'unix',
  'unix_nano',
];
const timeAttrNames = ['format', 'in_location', ...timeFields];

/** The process's start, for the monotonic reading Go prints after now()'s time ("m=+0.001"). */
const monotonicStart = Date.now();

export class Time extends StarlarkObject {
  constructor(
    /** Seconds since the Unix epoch and nanoseconds within that second (0 ≤ nsec < 1e9). */
    readonly sec: number,
    readonly nsec: number,
    readonly loc: Location,
    /** Nanoseconds since the process started, for times read from the clock. */
    readonly mono?: bigint,
  ) {
    super();
  }

  static fromParts(t: { sec: number; nsec: number; loc: Location }): Time {
    return new Time(t.sec, t.nsec, t.loc);
  }

  get type(): string {
    return 'time.time';
  }
  override truth(): boolean {
    return !(this.sec === -62135596800 && this.nsec === 0); // Go's zero Time: year 1, UTC
  }
  override hashKey(): HashKey {
    return COMPOSITE_KEY + 't' + this.sec + ':' + this.nsec;
  }

  /** Nanoseconds since the epoch. */
  get unixNano(): bigint {
    return BigInt(this.sec) * NS_PER_SEC + BigInt(this.nsec);
  }

  format(layout: string): string {
    const { offset, abbr } = this.loc.lookup(this.sec);
    return formatTime({ sec: this.sec, nsec: this.nsec, offset, abbr }, layout);
  }

  override repr(): string {
    let s = this.format('2006-01-02 15:04:05.999999999 -0700 MST');
    if (this.mono !== undefined) {
      const m = this.mono < 0n ? -this.mono : this.mono;
      const frac = (m % NS_PER_SEC).toString().padStart(9, '0');
      s += ` m=${this.mono < 0n ? '-' : '+'}${m / NS_PER_SEC}.${frac}`;
    }
    return s;
  }

  /** The civil fields in the time's zone. */
  private civil(): {
    year: number;
    month: number;
    day: number;
    hour: number;
    min: number;
    sec: number;
  } {
    const text = this.format('2006 1 2 15 4 5');
    const [year, month, day, hour, min, sec] = text.split(' ').map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    return { year, month, day, hour, min, sec };
  }

  override getAttr(name: string): Value | undefined {
    switch (name) {
      case 'year':
      case 'month':
      case 'day':
      case 'hour':
        return this.civil()[name];
      case 'minute':
        return this.civil().min;
      case 'second':
        return this.civil().sec;
      case 'nanosecond':
        return this.nsec;
      case 'unix':
        return this.sec;
      case 'unix_nano':
        return intValue(int64(this.unixNano));
      case 'format':
        return new Builtin('format', timeFormat, this);
      case 'in_location':
        return new Builtin('in_location', timeIn, this);
    }
    return undefined;
  }
  override attrNames(): readonly string[] {
    return timeAttrNames;
  }

  override compareSameType(op: CompareOperator, y: Value): boolean {
    const t = y as Time;
    const c = this.sec !== t.sec ? this.sec - t.sec : this.nsec - t.nsec;
    return threeway(op, c);
  }

  /** t + d, keeping the zone (and the monotonic reading, as Go does). */
  add(d: bigint): Time {
    const total = BigInt(this.nsec) + d;
    let secs = total / NS_PER_SEC;
    let nsec = total % NS_PER_SEC;
    if (nsec < 0n) {
      nsec += NS_PER_SEC;
      secs -= 1n;
    }
    const mono = this.mono === undefined ? undefined : this.mono + d;
    return new Time(this.sec + Number(secs), Number(nsec), this.loc, mono);
  }

  override binary(op: BinaryOperator, y: Value): Value | undefined {
    if (op === '+' && y instanceof Duration) return this.add(y.ns);
    if (op === '-') {
      if (y instanceof Duration) return this.add(int64(-y.ns));
      if (y instanceof Time) {
        // Go's Sub saturates at the duration limits.
        const d = this.unixNano - y.unixNano;
        const max = (1n << 63n) - 1n;
        return new Duration(d > max ? max : d < -max - 1n ? -max - 1n : d);
      }
    }
    return undefined;
  }
}

/** time.format(layout) */
const timeFormat: BuiltinFn = (_thread, args, kwargs, recv) => {
  const [layout] = unpackPositional('format', args, kwargs, 1, 1, [wantString]);
  return (recv as Time).format(layout as string);
};

/** time.in_location(name) */
const timeIn: BuiltinFn = (_thread, args, kwargs, recv) => {
  const [name] = unpackPositional('in_location', args, kwargs, 1, 1, [wantString]);
  const t = recv as Time;
  return new Time(t.sec, t.nsec, loadLocation(name as string), t.mono);
};

// ---------------------------------------------------------------------------------------------
// the module's functions

const NOW_KEY = 'time.now';

/** Fixes what time.now() returns on a thread (go.starlark.net's time.SetNow). */
export function setNow(thread: Thread, now: () => Time): void {
  thread.setLocal(NOW_KEY, now);
}

/** A time.time for an instant given as milliseconds since the epoch, in UTC. */
export function timeFromMillis(ms: number): Time {
  const sec = Math.floor(ms / 1000);
  return new Time(sec, Math.round((ms - sec * 1000) * 1e6), UTC);
}

type Clock = { timeOrigin: number; now(): number };

/** time.now(): the current time in the local zone. */
const now: BuiltinFn = (thread) => {
  // go.starlark.net's now ignores any arguments.
  const fixed = thread.getLocal<() => Time>(NOW_KEY);
  if (fixed !== undefined) return fixed();
  const clock = (globalThis as { performance?: Clock }).performance;
  const ms = clock ? clock.timeOrigin + clock.now() : Date.now();
  const sec = Math.floor(ms / 1000);
  const nsec = Math.min(999999999, Math.round((ms - sec * 1000) * 1e6));
  const mono = BigInt(Math.round((ms - monotonicStart) * 1e6));
  return new Time(sec, nsec, localZone(), mono);
};

const wantDuration: Check = (v) =>
  v instanceof Duration || typeof v === 'string'
    ? undefined
    : `got ${typeName(v)}, want a duration, string, or int`;

/** time.parse_duration(d): a duration from its text ("1h30m"), or a duration itself. */
const parseDurationFn: BuiltinFn = (_thread, args, kwargs) => {
  const [d] = unpackPositional('parse_duration', args, kwargs, 1, 1);
  const problem = wantDuration(d!);
  if (problem) throw new StarlarkError(`parse_duration: for parameter 1: ${problem}`);
  if (d instanceof Duration) return d;
  try {
    return new Duration(parseDuration(d as string));
  } catch (e) {
    if (e instanceof StarlarkError) {
      throw new StarlarkError(`parse_duration: for parameter 1: ${e.message}`);
    }
    throw e;
  }
};

/** time.is_valid_timezone(name) */
const isValidTimezone: BuiltinFn = (_thread, args, kwargs) => {
  const [name] = unpackPositional('is_valid_timezone', args, kwargs, 1, 1, [wantString]);
  try {
    loadLocation(name as string);
    return true;
  } catch {
    return false;
  }
};

/** time.parse_time(x, format=RFC3339, location="UTC") */
const parseTimeFn: BuiltinFn = (_thread, args, kwargs) => {
  const [x, format, location] = unpackArgs('parse_time', args, kwargs, [
    ['x', wantString],
    ['format?', wantString],
    ['location?', wantString],
  ]);
  const layout = (format as string | undefined) ?? '2006-01-02T15:04:05Z07:00';
  const name = (location as string | undefined) ?? 'UTC';
  if (name === 'UTC') return Time.fromParts(parseTime(layout, x as string, UTC, localZone()));
  const loc = loadLocation(name);
  return Time.fromParts(parseTime(layout, x as string, loc, loc));
};

/** time.from_timestamp(sec, nsec=0): the instant, in the local zone. */
const fromTimestamp: BuiltinFn = (_thread, args, kwargs) => {
  const [sec, nsec] = unpackPositional('from_timestamp', args, kwargs, 1, 2, [
    wantInt64,
    wantInt64,
  ]);
  const total =
    BigInt(sec as number | bigint) * NS_PER_SEC +
    BigInt((nsec as number | bigint | undefined) ?? 0);
  let s = total / NS_PER_SEC;
  let n = total % NS_PER_SEC;
  if (n < 0n) {
    n += NS_PER_SEC;
    s -= 1n;
  }
  return new Time(Number(s), Number(n), localZone());
};

const wantGoInt: Check = (v) => wantInt64(v);

/** time.time(year=, month=, day=, hour=, minute=, second=, nanosecond=, location=) */
const newTime: BuiltinFn = (_thread, args, kwargs) => {
  const [year, month, day, hour, minute, second, nanosecond, location] = unpackArgs(
    'time',
    args,
    kwargs,
    [
      ['year?', wantGoInt],
      ['month?', wantGoInt],
      ['day?', wantGoInt],
      ['hour?', wantGoInt],
      ['minute?', wantGoInt],
      ['second?', wantGoInt],
      ['nanosecond?', wantGoInt],
      ['location?', wantString],
    ],
  );
  if (args.length > 0) throw new StarlarkError('time: unexpected positional arguments');
  const n = (v: Value | undefined) => (v === undefined ? 0 : Number(v as number | bigint));
  const loc = loadLocation((location as string | undefined) ?? '');
  return Time.fromParts(
    dateOf(n(year), n(month), n(day), n(hour), n(minute), n(second), n(nanosecond), loc),
  );
};

const second = 1000000000n;

export const time = builtinModule('time', false, {
  from_timestamp: fromTimestamp,
  is_valid_timezone: isValidTimezone,
  now,
  parse_duration: parseDurationFn,
  parse_time: parseTimeFn,
  time: newTime,

  nanosecond: new Duration(1n),
  microsecond: new Duration(1000n),
  millisecond: new Duration(1000000n),
  second: new Duration(second),
  minute: new Duration(60n * second),
  hour: new Duration(3600n * second),
});
