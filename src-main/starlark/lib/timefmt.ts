/**
 * Go's time layouts and duration text, which the time module exposes unchanged: a layout is an
 * example rendering of the reference time "Mon Jan 2 15:04:05 MST 2006" (`2006-01-02T15:04:05Z07:00`
 * is RFC 3339), and durations read and print as "1h2m3.5s". Errors keep Go's wording, since
 * Starlark code sees them ("parsing time "x" as "2006": cannot parse "x" as "2006"").
 */
import { StarlarkError } from '../runtime/errors';
import { civilFromDays, daysFromCivil, FixedZone, UTC, type Location } from './timezone';

// ---------------------------------------------------------------------------------------------
// layout elements

type Std =
  | 'LongMonth'
  | 'Month'
  | 'NumMonth'
  | 'ZeroMonth'
  | 'LongWeekDay'
  | 'WeekDay'
  | 'Day'
  | 'UnderDay'
  | 'ZeroDay'
  | 'UnderYearDay'
  | 'ZeroYearDay'
  | 'Hour'
  | 'Hour12'
  | 'ZeroHour12'
  | 'Minute'
  | 'ZeroMinute'
  | 'Second'
  | 'ZeroSecond'
  | 'LongYear'
  | 'Year'
  | 'PM'
  | 'pm'
  | 'TZ'
  | 'ISO8601TZ'
  | 'ISO8601SecondsTZ'
  | 'ISO8601ShortTZ'
  | 'ISO8601ColonTZ'
  | 'ISO8601ColonSecondsTZ'
  | 'NumTZ'
  | 'NumSecondsTz'
  | 'NumShortTZ'
  | 'NumColonTZ'
  | 'NumColonSecondsTZ'
  | 'FracSecond0'
  | 'FracSecond9';

interface Chunk {
  prefix: string;
  std: Std | undefined;
  suffix: string;
  /** Fractional seconds: the number of digits and the separator. */
  digits: number;
  sep: string;
}

const zeroStd: Std[] = ['ZeroMonth', 'ZeroDay', 'ZeroHour12', 'ZeroMinute', 'ZeroSecond', 'Year'];

const numericZones: [string, Std][] = [
  ['-070000', 'NumSecondsTz'],
  ['-07:00:00', 'NumColonSecondsTZ'],
  ['-0700', 'NumTZ'],
  ['-07:00', 'NumColonTZ'],
  ['-07', 'NumShortTZ'],
  ['Z070000', 'ISO8601SecondsTZ'],
  ['Z07:00:00', 'ISO8601ColonSecondsTZ'],
  ['Z0700', 'ISO8601TZ'],
  ['Z07:00', 'ISO8601ColonTZ'],
  ['Z07', 'ISO8601ShortTZ'],
];

function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

function startsWithLower(s: string): boolean {
  const c = s.charCodeAt(0);
  return c >= 97 && c <= 122;
}

/** The text before the first layout element, the element, and the text after it. */
function nextChunk(layout: string): Chunk {
  const at = (i: number, std: Std, len: number, digits = 0, sep = '.'): Chunk => ({
    prefix: layout.slice(0, i),
    std,
    suffix: layout.slice(i + len),
    digits,
    sep,
  });
  for (let i = 0; i < layout.length; i++) {
    const rest = layout.slice(i);
    switch (layout[i]) {
      case 'J':
        if (rest.startsWith('Jan')) {
          if (rest.startsWith('January')) return at(i, 'LongMonth', 7);
          if (!startsWithLower(rest.slice(3))) return at(i, 'Month', 3);
        }
        break;
      case 'M':
        if (rest.startsWith('Mon')) {
          if (rest.startsWith('Monday')) return at(i, 'LongWeekDay', 6);
          if (!startsWithLower(rest.slice(3))) return at(i, 'WeekDay', 3);
        }
        if (rest.startsWith('MST')) return at(i, 'TZ', 3);
        break;
      case '0':
        if (rest.length >= 2 && rest[1]! >= '1' && rest[1]! <= '6') {
          return at(i, zeroStd[rest.charCodeAt(1) - 49]!, 2);
        }
        if (rest.startsWith('002')) return at(i, 'ZeroYearDay', 3);
        break;
      case '1':
        if (rest[1] === '5') return at(i, 'Hour', 2);
        return at(i, 'NumMonth', 1);
      case '2':
        if (rest.startsWith('2006')) return at(i, 'LongYear', 4);
        return at(i, 'Day', 1);
      case '_':
        if (rest[1] === '2') {
          // "_2006" is a literal _ followed by the long year.
          if (rest.startsWith('_2006')) return at(i + 1, 'LongYear', 4);
          return at(i, 'UnderDay', 2);
        }
        if (rest.startsWith('__2')) return at(i, 'UnderYearDay', 3);
        break;
      case '3':
        return at(i, 'Hour12', 1);
      case '4':
        return at(i, 'Minute', 1);
      case '5':
        return at(i, 'Second', 1);
      case 'P':
        if (rest[1] === 'M') return at(i, 'PM', 2);
        break;
      case 'p':
        if (rest[1] === 'm') return at(i, 'pm', 2);
        break;
      case '-':
      case 'Z':
        for (const [text, std] of numericZones)
          if (rest.startsWith(text)) return at(i, std, text.length);
        break;
      case '.':
      case ',':
        if (rest[1] === '0' || rest[1] === '9') {
          const ch = rest[1];
          let j = 1;
          while (j < rest.length && rest[j] === ch) j++;
          if (!isDigitAt(rest, j)) {
            return at(i, ch === '0' ? 'FracSecond0' : 'FracSecond9', j, (j - 1) & 0xfff, layout[i]);
          }
        }
        break;
    }
  }
  return { prefix: layout, std: undefined, suffix: '', digits: 0, sep: '.' };
}

// ---------------------------------------------------------------------------------------------
// formatting

const longMonths = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const longDays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Go's appendInt: x in decimal, zero-padded to width, with a leading '-' for negatives. */
function pad(x: number, width: number): string {
  const s = String(Math.abs(x)).padStart(width, '0');
  return x < 0 ? '-' + s : s;
}

/** An instant as seen in a zone: what Format needs. */
export interface ZonedTime {
  /** Seconds since the Unix epoch, and nanoseconds within the second. */
  sec: number;
  nsec: number;
  offset: number;
  abbr: string;
}

/** Go's Time.Format. */
export function formatTime(t: ZonedTime, layout: string): string {
  const local = t.sec + t.offset;
  const days = Math.floor(local / 86400);
  const secOfDay = local - days * 86400;
  const [year, month, day] = civilFromDays(days);
  const yday = days - daysFromCivil(year, 1, 1) + 1;
  const hour = Math.floor(secOfDay / 3600);
  const min = Math.floor((secOfDay % 3600) / 60);
  const sec = secOfDay % 60;
  const weekday = (((days + 4) % 7) + 7) % 7;

  let out = '';
  while (layout !== '') {
    const c = nextChunk(layout);
    out += c.prefix;
    if (c.std === undefined) break;
    layout = c.suffix;
    switch (c.std) {
      case 'Year':
        out += pad(Math.abs(year) % 100, 2);
        break;
      case 'LongYear':
        out += pad(year, 4);
        break;
      case 'Month':
        out += longMonths[month - 1]!.slice(0, 3);
        break;
      case 'LongMonth':
        out += longMonths[month - 1];
        break;
      case 'NumMonth':
        out += month;
        break;
      case 'ZeroMonth':
        out += pad(month, 2);
        break;
      case 'WeekDay':
        out += longDays[weekday]!.slice(0, 3);
        break;
      case 'LongWeekDay':
        out += longDays[weekday];
        break;
      case 'Day':
        out += day;
        break;
      case 'UnderDay':
        out += (day < 10 ? ' ' : '') + day;
        break;
      case 'ZeroDay':
        out += pad(day, 2);
        break;
      case 'UnderYearDay':
        out += (yday < 10 ? '  ' : yday < 100 ? ' ' : '') + yday;
        break;
      case 'ZeroYearDay':
        out += pad(yday, 3);
        break;
      case 'Hour':
        out += pad(hour, 2);
        break;
      case 'Hour12':
        out += hour % 12 === 0 ? 12 : hour % 12;
        break;
      case 'ZeroHour12':
        out += pad(hour % 12 === 0 ? 12 : hour % 12, 2);
        break;
      case 'Minute':
        out += min;
        break;
      case 'ZeroMinute':
        out += pad(min, 2);
        break;
      case 'Second':
        out += sec;
        break;
      case 'ZeroSecond':
        out += pad(sec, 2);
        break;
      case 'PM':
        out += hour >= 12 ? 'PM' : 'AM';
        break;
      case 'pm':
        out += hour >= 12 ? 'pm' : 'am';
        break;
      case 'TZ':
        out += t.abbr !== '' ? t.abbr : numericOffset(t.offset, 'NumTZ');
        break;
      case 'FracSecond0':
      case 'FracSecond9':
        out += fraction(t.nsec, c.std === 'FracSecond9', c.digits, c.sep);
        break;
      default:
        if (t.offset === 0 && c.std.startsWith('ISO8601')) out += 'Z';
        else out += numericOffset(t.offset, c.std);
    }
  }
  return out;
}

function numericOffset(offset: number, std: Std): string {
  const zone = Math.trunc(offset / 60);
  let out = zone < 0 ? '-' : '+';
  const z = Math.abs(zone);
  out += pad(Math.floor(z / 60), 2);
  const colon = std.includes('Colon');
  if (colon) out += ':';
  if (std !== 'NumShortTZ' && std !== 'ISO8601ShortTZ') out += pad(z % 60, 2);
  if (std.includes('Seconds') || std === 'NumSecondsTz') {
    if (colon) out += ':';
    out += pad(Math.abs(offset) % 60, 2);
  }
  return out;
}

function fraction(nsec: number, trim: boolean, n: number, sep: string): string {
  if (trim && (n === 0 || nsec === 0)) return '';
  let digits = pad(nsec, 9);
  if (n < 9) digits = digits.slice(0, n);
  let out = sep + digits;
  if (trim) {
    out = out.replace(/0+$/, '');
    if (out === sep) out = '';
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// parsing

/** Go's time-package quoting for error messages: non-ASCII and control bytes as \xNN. */
export function quoteTimeText(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80 || c < 0x20) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += (c === 34 || c === 92 ? '\\' : '') + s[i];
  }
  return out + '"';
}

class ParseFailure extends Error {}

function parseError(
  layout: string,
  value: string,
  layoutElem: string,
  valueElem: string,
  message: string,
): StarlarkError {
  if (message === '') {
    return new StarlarkError(
      `parsing time ${quoteTimeText(value)} as ${quoteTimeText(layout)}: cannot parse ${quoteTimeText(valueElem)} as ${quoteTimeText(layoutElem)}`,
    );
  }
  return new StarlarkError(`parsing time ${quoteTimeText(value)}${message}`);
}

const bad = new ParseFailure('bad');

function cutSpace(s: string): string {
  let i = 0;
  while (s[i] === ' ') i++;
  return s.slice(i);
}

/** Consumes the literal prefix; spaces match runs of spaces. */
function skip(value: string, prefix: string): string {
  while (prefix.length > 0) {
    if (prefix[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') throw bad;
      prefix = cutSpace(prefix);
      value = cutSpace(value);
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) throw bad;
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return value;
}

/** A case-insensitive match of one of the names at the start of value. */
function lookupName(names: readonly string[], value: string): [number, string] {
  for (let i = 0; i < names.length; i++) {
    const v = names[i]!;
    // Names are ASCII letters, so folding the byte string's case matches as Go's match does.
    if (value.length >= v.length && value.slice(0, v.length).toLowerCase() === v.toLowerCase()) {
      return [i, value.slice(v.length)];
    }
  }
  throw bad;
}

/** One or two digits (exactly two when fixed). */
function getnum(s: string, fixed: boolean): [number, string] {
  if (!isDigitAt(s, 0)) throw bad;
  if (!isDigitAt(s, 1)) {
    if (fixed) throw bad;
    return [s.charCodeAt(0) - 48, s.slice(1)];
  }
  return [(s.charCodeAt(0) - 48) * 10 + s.charCodeAt(1) - 48, s.slice(2)];
}

function getnum3(s: string, fixed: boolean): [number, string] {
  let n = 0;
  let i = 0;
  for (; i < 3 && isDigitAt(s, i); i++) n = n * 10 + s.charCodeAt(i) - 48;
  if (i === 0 || (fixed && i !== 3)) throw bad;
  return [n, s.slice(i)];
}

/** Go's atoi: an optionally signed decimal int64. */
function atoi(s: string): number {
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  const m = /^[0-9]*/.exec(s)![0];
  if (m.length !== s.length || m.length > 18) throw bad;
  const x = Number(m);
  return neg ? -x : x;
}

/** The fraction ".ddd" in the first nbytes of value, in nanoseconds; negative is out of range. */
function parseNanoseconds(value: string, nbytes: number): number {
  if (value[0] !== '.' && value[0] !== ',') throw bad;
  if (nbytes > 10) nbytes = 10;
  let ns = atoi(value.slice(1, nbytes));
  for (let i = 0; i < 10 - nbytes; i++) ns *= 10;
  return ns;
}

function nanosecondsOrRange(value: string, nbytes: number): [number, string] {
  const ns = parseNanoseconds(value, nbytes);
  return ns < 0 ? [ns, 'fractional second'] : [ns, ''];
}

/** The length of a zone abbreviation at the start of value (Go's parseTimeZone), or 0. */
function timeZoneLength(value: string): number {
  if (value.length < 3) return 0;
  if (value.startsWith('ChST') || value.startsWith('MeST')) return 4;
  if (value.startsWith('GMT')) return 3 + signedOffsetLength(value.slice(3));
  if (value[0] === '+' || value[0] === '-') return signedOffsetLength(value);
  let n = 0;
  while (n < 6 && n < value.length && value[n]! >= 'A' && value[n]! <= 'Z') n++;
  if (n === 3) return 3;
  if (n === 4 && (value[3] === 'T' || value.startsWith('WITA'))) return 4;
  if (n === 5 && value[4] === 'T') return 5;
  return 0;
}

function signedOffsetLength(value: string): number {
  if (value === '') return 0;
  if (value[0] !== '-' && value[0] !== '+') return 0;
  const m = /^[0-9]+/.exec(value.slice(1));
  if (!m || m[0].length > 18 || Number(m[0]) > 23) return 0;
  return 1 + m[0].length;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** An instant and its zone. */
export interface ParsedTime {
  sec: number;
  nsec: number;
  loc: Location;
}

/** Go's time.Date: normalizes out-of-range fields, then resolves the civil time in loc. */
export function dateOf(
  year: number,
  month: number,
  day: number,
  hour: number,
  min: number,
  sec: number,
  nsec: number,
  loc: Location,
): ParsedTime {
  const norm = (hi: number, lo: number, base: number): [number, number] => {
    const n = Math.floor(lo / base);
    return [hi + n, lo - n * base];
  };
  let m = month - 1;
  [year, m] = norm(year, m, 12);
  [sec, nsec] = norm(sec, nsec, 1e9);
  [min, sec] = norm(min, sec, 60);
  [hour, min] = norm(hour, min, 60);
  [day, hour] = norm(day, hour, 24);
  let unix = (daysFromCivil(year, m + 1, 1) + day - 1) * 86400 + hour * 3600 + min * 60 + sec;
  const offset = loc.lookup(unix).offset;
  if (offset !== 0) unix -= loc.lookup(unix - offset).offset;
  return { sec: unix, nsec, loc };
}

/**
 * Go's time.Parse (defaultLoc = UTC, local = Local) and time.ParseInLocation (both loc).
 */
export function parseTime(
  layout: string,
  value: string,
  defaultLoc: Location,
  local: Location,
): ParsedTime {
  const alayout = layout;
  const avalue = value;
  let rangeErr = '';
  let amSet = false;
  let pmSet = false;
  let year = 0;
  let month = -1;
  let day = -1;
  let yday = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let z: Location | undefined;
  let zoneOffset = -1;
  let zoneName = '';

  for (;;) {
    const c = nextChunk(layout);
    const stdstr = layout.slice(c.prefix.length, layout.length - c.suffix.length);
    try {
      value = skip(value, c.prefix);
    } catch {
      throw parseError(alayout, avalue, c.prefix, value, '');
    }
    if (c.std === undefined) {
      if (value.length !== 0) {
        throw parseError(alayout, avalue, '', value, ': extra text: ' + quoteTimeText(value));
      }
      break;
    }
    layout = c.suffix;
    const hold = value;
    try {
      switch (c.std) {
        case 'Year': {
          if (value.length < 2) throw bad;
          const p = value.slice(0, 2);
          value = value.slice(2);
          year = atoi(p);
          year += year >= 69 ? 1900 : 2000;
          break;
        }
        case 'LongYear':
          if (value.length < 4 || !isDigitAt(value, 0)) throw bad;
          year = atoi(value.slice(0, 4));
          value = value.slice(4);
          break;
        case 'Month':
          [month, value] = lookupName(
            longMonths.map((m) => m.slice(0, 3)),
            value,
          );
          month++;
          break;
        case 'LongMonth':
          [month, value] = lookupName(longMonths, value);
          month++;
          break;
        case 'NumMonth':
        case 'ZeroMonth':
          [month, value] = getnum(value, c.std === 'ZeroMonth');
          if (month <= 0 || month > 12) rangeErr = 'month';
          break;
        case 'WeekDay':
          [, value] = lookupName(
            longDays.map((d) => d.slice(0, 3)),
            value,
          );
          break;
        case 'LongWeekDay':
          [, value] = lookupName(longDays, value);
          break;
        case 'Day':
        case 'UnderDay':
        case 'ZeroDay':
          if (c.std === 'UnderDay' && value[0] === ' ') value = value.slice(1);
          [day, value] = getnum(value, c.std === 'ZeroDay');
          break;
        case 'UnderYearDay':
        case 'ZeroYearDay':
          for (let i = 0; i < 2; i++) {
            if (c.std === 'UnderYearDay' && value[0] === ' ') value = value.slice(1);
          }
          [yday, value] = getnum3(value, c.std === 'ZeroYearDay');
          break;
        case 'Hour':
          [hour, value] = getnum(value, false);
          if (hour < 0 || hour >= 24) rangeErr = 'hour';
          break;
        case 'Hour12':
        case 'ZeroHour12':
          [hour, value] = getnum(value, c.std === 'ZeroHour12');
          if (hour < 0 || hour > 12) rangeErr = 'hour';
          break;
        case 'Minute':
        case 'ZeroMinute':
          [min, value] = getnum(value, c.std === 'ZeroMinute');
          if (min < 0 || min >= 60) rangeErr = 'minute';
          break;
        case 'Second':
        case 'ZeroSecond': {
          [sec, value] = getnum(value, c.std === 'ZeroSecond');
          if (sec < 0 || sec >= 60) {
            rangeErr = 'second';
            break;
          }
          // A fraction in the value but not in the layout is accepted.
          if (value.length >= 2 && (value[0] === '.' || value[0] === ',') && isDigitAt(value, 1)) {
            const next = nextChunk(layout).std;
            if (next === 'FracSecond0' || next === 'FracSecond9') break;
            let n = 2;
            while (n < value.length && isDigitAt(value, n)) n++;
            [nsec, rangeErr] = nanosecondsOrRange(value, n);
            value = value.slice(n);
          }
          break;
        }
        case 'PM':
        case 'pm': {
          if (value.length < 2) throw bad;
          const p = value.slice(0, 2);
          value = value.slice(2);
          const [am, pm] = c.std === 'PM' ? ['AM', 'PM'] : ['am', 'pm'];
          if (p === pm) pmSet = true;
          else if (p === am) amSet = true;
          else throw bad;
          break;
        }
        case 'TZ': {
          if (value.startsWith('UTC')) {
            z = UTC;
            value = value.slice(3);
            break;
          }
          const n = timeZoneLength(value);
          if (n === 0) throw bad;
          zoneName = value.slice(0, n);
          value = value.slice(n);
          break;
        }
        case 'FracSecond0': {
          const ndigit = 1 + c.digits;
          if (value.length < ndigit) throw bad;
          [nsec, rangeErr] = nanosecondsOrRange(value, ndigit);
          value = value.slice(ndigit);
          break;
        }
        case 'FracSecond9': {
          if (value.length < 2 || (value[0] !== '.' && value[0] !== ',') || !isDigitAt(value, 1)) {
            break;
          }
          let i = 0;
          while (i + 1 < value.length && isDigitAt(value, i + 1)) i++;
          [nsec, rangeErr] = nanosecondsOrRange(value, 1 + i);
          value = value.slice(1 + i);
          break;
        }
        default: {
          if (c.std.startsWith('ISO8601') && value[0] === 'Z') {
            value = value.slice(1);
            z = UTC;
            break;
          }
          let parts: [string, string, string, string];
          const s = c.std;
          if (s === 'ISO8601ColonTZ' || s === 'NumColonTZ') {
            if (value.length < 6 || value[3] !== ':') throw bad;
            parts = [value[0]!, value.slice(1, 3), value.slice(4, 6), '00'];
            value = value.slice(6);
          } else if (s === 'NumShortTZ' || s === 'ISO8601ShortTZ') {
            if (value.length < 3) throw bad;
            parts = [value[0]!, value.slice(1, 3), '00', '00'];
            value = value.slice(3);
          } else if (s === 'ISO8601ColonSecondsTZ' || s === 'NumColonSecondsTZ') {
            if (value.length < 9 || value[3] !== ':' || value[6] !== ':') throw bad;
            parts = [value[0]!, value.slice(1, 3), value.slice(4, 6), value.slice(7, 9)];
            value = value.slice(9);
          } else if (s === 'ISO8601SecondsTZ' || s === 'NumSecondsTz') {
            if (value.length < 7) throw bad;
            parts = [value[0]!, value.slice(1, 3), value.slice(3, 5), value.slice(5, 7)];
            value = value.slice(7);
          } else {
            if (value.length < 5) throw bad;
            parts = [value[0]!, value.slice(1, 3), value.slice(3, 5), '00'];
            value = value.slice(5);
          }
          const [sign, hh, mm, ss] = parts;
          let failed = false;
          let hr = 0;
          let mi = 0;
          let se = 0;
          try {
            hr = getnum(hh, true)[0];
            mi = getnum(mm, true)[0];
            se = getnum(ss, true)[0];
          } catch {
            failed = true;
          }
          if (hr > 24) rangeErr = 'time zone offset hour';
          if (mi > 60) rangeErr = 'time zone offset minute';
          if (se > 60) rangeErr = 'time zone offset second';
          zoneOffset = (hr * 60 + mi) * 60 + se;
          if (sign === '-') zoneOffset = -zoneOffset;
          else if (sign !== '+') failed = true;
          if (failed) throw bad;
        }
      }
    } catch (e) {
      if (!(e instanceof ParseFailure)) throw e;
      if (rangeErr !== '') {
        throw parseError(alayout, avalue, stdstr, value, ': ' + rangeErr + ' out of range');
      }
      throw parseError(alayout, avalue, stdstr, hold, '');
    }
    if (rangeErr !== '') {
      throw parseError(alayout, avalue, stdstr, value, ': ' + rangeErr + ' out of range');
    }
  }

  if (pmSet && hour < 12) hour += 12;
  else if (amSet && hour === 12) hour = 0;

  if (yday >= 0) {
    let d = 0;
    let m = 0;
    if (daysIn(2, year) === 29) {
      if (yday === 31 + 29) {
        m = 2;
        d = 29;
      } else if (yday > 31 + 29) {
        yday--;
      }
    }
    if (yday < 1 || yday > 365) {
      throw parseError(alayout, avalue, '', value, ': day-of-year out of range');
    }
    if (m === 0) {
      const before = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
      m = Math.floor((yday - 1) / 31) + 1;
      if (before[m]! < yday) m++;
      d = yday - before[m - 1]!;
    }
    if (month >= 0 && month !== m) {
      throw parseError(alayout, avalue, '', value, ': day-of-year does not match month');
    }
    month = m;
    if (day >= 0 && day !== d) {
      throw parseError(alayout, avalue, '', value, ': day-of-year does not match day');
    }
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > daysIn(month, year)) {
    throw parseError(alayout, avalue, '', value, ': day out of range');
  }

  if (z !== undefined) return dateOf(year, month, day, hour, min, sec, nsec, z);
  if (zoneOffset !== -1) {
    const t = dateOf(year, month, day, hour, min, sec, nsec, UTC);
    t.sec -= zoneOffset;
    const info = local.lookup(t.sec);
    if (info.offset === zoneOffset && (zoneName === '' || info.abbr === zoneName)) {
      return { ...t, loc: local };
    }
    return { ...t, loc: new FixedZone(zoneName, zoneOffset) };
  }
  if (zoneName !== '') {
    const t = dateOf(year, month, day, hour, min, sec, nsec, UTC);
    // A name the local zone uses near that time gives its offset.
    for (const probe of [t.sec, t.sec - 43200, t.sec + 43200]) {
      const info = local.lookup(probe);
      if (info.abbr === zoneName) {
        return { sec: t.sec - info.offset, nsec: t.nsec, loc: local };
      }
    }
    let offset = 0;
    if (zoneName.length > 3 && zoneName.startsWith('GMT')) offset = atoi(zoneName.slice(3)) * 3600;
    return { ...t, loc: new FixedZone(zoneName, offset) };
  }
  return dateOf(year, month, day, hour, min, sec, nsec, defaultLoc);
}

// ---------------------------------------------------------------------------------------------
// durations

const units: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  '\xc2\xb5s': 1000n, // µs, U+00B5
  '\xce\xbcs': 1000n, // μs, U+03BC
  ms: 1000000n,
  s: 1000000000n,
  m: 60000000000n,
  h: 3600000000000n,
};

const MAX_UINT63 = 1n << 63n;

/** Go's time.ParseDuration, on a Starlark byte string; the result is nanoseconds. */
export function parseDuration(text: string): bigint {
  const invalid = (what = 'invalid duration') =>
    new StarlarkError(`time: ${what} ${quoteTimeText(text)}`);
  let s = text;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  let d = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigitAt(s, 0))) throw invalid();
    const intPart = /^[0-9]*/.exec(s)![0];
    s = s.slice(intPart.length);
    let v = 0n;
    for (const ch of intPart) {
      v = v * 10n + BigInt(ch.charCodeAt(0) - 48);
      if (v > MAX_UINT63) throw invalid();
    }
    let f = 0n;
    let scale = 1;
    let post = false;
    if (s[0] === '.') {
      s = s.slice(1);
      const frac = /^[0-9]*/.exec(s)![0];
      s = s.slice(frac.length);
      post = frac.length > 0;
      let overflow = false;
      for (const ch of frac) {
        if (overflow) continue;
        const y = f * 10n + BigInt(ch.charCodeAt(0) - 48);
        if (y > MAX_UINT63 - 1n) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
    }
    if (intPart === '' && !post) throw invalid();
    const unitText = /^[^0-9.]*/.exec(s)![0];
    if (unitText === '') throw invalid('missing unit in duration');
    s = s.slice(unitText.length);
    const unit = units[unitText];
    if (unit === undefined) {
      throw new StarlarkError(
        `time: unknown unit ${quoteTimeText(unitText)} in duration ${quoteTimeText(text)}`,
      );
    }
    if (v > MAX_UINT63 / unit) throw invalid();
    v *= unit;
    if (f > 0n) {
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > MAX_UINT63) throw invalid();
    }
    d += v;
    if (d > MAX_UINT63) throw invalid();
  }
  if (neg) return BigInt.asIntN(64, -d);
  if (d > MAX_UINT63 - 1n) throw invalid();
  return d;
}

/** Go's Duration.String: "1h2m3.5s", "1.5µs", "0s". */
export function durationString(d: bigint): string {
  if (d === 0n) return '0s';
  const neg = d < 0n;
  const u = neg ? -d : d;
  let out: string;
  if (u < 1000000000n) {
    if (u < 1000n) out = `${u}ns`;
    else if (u < 1000000n) out = decimal(u, 3) + '\xc2\xb5s';
    else out = decimal(u, 6) + 'ms';
  } else {
    const secs = u / 1000000000n;
    out = decimal((secs % 60n) * 1000000000n + (u % 1000000000n), 9) + 's';
    const mins = secs / 60n;
    if (mins > 0n) {
      out = `${mins % 60n}m` + out;
      const hours = mins / 60n;
      if (hours > 0n) out = `${hours}h` + out;
    }
  }
  return neg ? '-' + out : out;
}

/** v / 10^prec in decimal, without trailing zeros in the fraction. */
function decimal(v: bigint, prec: number): string {
  const p = 10n ** BigInt(prec);
  const frac = (v % p).toString().padStart(prec, '0').replace(/0+$/, '');
  return (v / p).toString() + (frac === '' ? '' : '.' + frac);
}
