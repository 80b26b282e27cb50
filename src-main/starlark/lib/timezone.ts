/**
 * Time zones for the time module, as Go's time.Location behaves, on top of the ES Intl API (which
 * exists everywhere the engine runs: Node, workers, the renderer).
 *
 * A Location answers one question: at a given instant, what is the UTC offset and the zone's
 * abbreviation? Intl gives the offset exactly (it carries the IANA database). Abbreviations are
 * harder: Go prints the database's own ("CET", "EST", "+04"), while Intl prints CLDR's names,
 * which depend on the locale and sometimes differ ("GST" where the database says "+04"). So an
 * abbreviation is taken from CLDR only when some English locale gives one the database also uses;
 * otherwise it is the database's numeric form ("+04", "+0530"), which Go prints for zones without
 * a letter abbreviation.
 */
import { StarlarkError } from '../runtime/errors';

export interface ZoneInfo {
  /** Seconds east of UTC. */
  offset: number;
  /** The zone abbreviation Go's MST layout element prints. */
  abbr: string;
}

export abstract class Location {
  constructor(readonly name: string) {}
  abstract lookup(unixSec: number): ZoneInfo;
}

/** A zone with a constant offset: UTC, and the zones Go makes for parsed numeric offsets. */
export class FixedZone extends Location {
  private readonly info: ZoneInfo;
  constructor(name: string, offset: number) {
    super(name);
    this.info = { offset, abbr: name };
  }
  lookup(): ZoneInfo {
    return this.info;
  }
}

export const UTC = new FixedZone('UTC', 0);

/** Abbreviations the IANA database uses, which CLDR also knows. */
const databaseAbbreviations = new globalThis.Set(
  (
    'UTC GMT BST IST WET WEST CET CEST EET EEST MSK MSD EST EDT CST CDT MST MDT PST PDT AKST AKDT ' +
    'HST HDT AST ADT NST NDT SAST CAT EAT WAT JST KST HKT PKT WIB WITA WIT IDT NZST NZDT AEST ' +
    'AEDT ACST ACDT AWST ChST SST CHST'
  ).split(' '),
);

/** Database abbreviations CLDR's English names do not give. */
const knownAbbreviations: Record<string, readonly [standard: string, daylight: string]> = {
  'Asia/Shanghai': ['CST', 'CDT'],
  'Asia/Chongqing': ['CST', 'CDT'],
  'Asia/Harbin': ['CST', 'CDT'],
  'Asia/Taipei': ['CST', 'CDT'],
  PRC: ['CST', 'CDT'],
  ROC: ['CST', 'CDT'],
  'Asia/Macau': ['CST', 'CDT'],
  'Asia/Hong_Kong': ['HKT', 'HKST'],
  Hongkong: ['HKT', 'HKST'],
  'Asia/Seoul': ['KST', 'KDT'],
  ROK: ['KST', 'KDT'],
  'Asia/Pyongyang': ['KST', 'KST'],
  'Asia/Karachi': ['PKT', 'PKST'],
  'Asia/Jakarta': ['WIB', 'WIB'],
  'Asia/Pontianak': ['WIB', 'WIB'],
  'Asia/Makassar': ['WITA', 'WITA'],
  'Asia/Jayapura': ['WIT', 'WIT'],
  'Asia/Manila': ['PST', 'PDT'],
  'Asia/Jerusalem': ['IST', 'IDT'],
  'Asia/Tel_Aviv': ['IST', 'IDT'],
  Israel: ['IST', 'IDT'],
  'Europe/Moscow': ['MSK', 'MSD'],
  'Europe/Simferopol': ['MSK', 'MSK'],
  'Africa/Johannesburg': ['SAST', 'SAST'],
  'Africa/Maseru': ['SAST', 'SAST'],
  'Africa/Mbabane': ['SAST', 'SAST'],
  'Africa/Lagos': ['WAT', 'WAT'],
  'Africa/Nairobi': ['EAT', 'EAT'],
  'Africa/Maputo': ['CAT', 'CAT'],
  'Pacific/Guam': ['ChST', 'ChST'],
  'Pacific/Saipan': ['ChST', 'ChST'],
  'Pacific/Pago_Pago': ['SST', 'SST'],
  'Pacific/Honolulu': ['HST', 'HDT'],
};

const utcNames = new globalThis.Set([
  'UTC',
  'Etc/UTC',
  'Etc/UCT',
  'UCT',
  'Etc/Universal',
  'Universal',
  'Etc/Zulu',
  'Zulu',
]);
const gmtNames = new globalThis.Set([
  'GMT',
  'Etc/GMT',
  'Etc/GMT0',
  'Etc/GMT+0',
  'Etc/GMT-0',
  'GMT0',
  'GMT+0',
  'GMT-0',
  'Greenwich',
  'Etc/Greenwich',
]);

const abbreviationLocales = [
  'en-US',
  'en-GB',
  'en-AU',
  'en-IN',
  'en-NZ',
  'en-CA',
  'en-IE',
  'ja-JP',
];

/** Intl's earliest and latest representable instants, in seconds. */
const MAX_SEC = 8.64e12;

/** A zone of the IANA database, through Intl. */
export class IntlZone extends Location {
  private readonly parts: Intl.DateTimeFormat;
  private names: Intl.DateTimeFormat[] | undefined;

  /** `zone` is the IANA name, or undefined for the system's zone (Go's Local). */
  constructor(
    name: string,
    private readonly zone: string | undefined,
  ) {
    super(name);
    this.parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** The IANA name Intl resolved the zone to. */
  get resolvedName(): string {
    return this.parts.resolvedOptions().timeZone;
  }

  lookup(unixSec: number): ZoneInfo {
    const sec = Math.max(-MAX_SEC, Math.min(MAX_SEC, Math.floor(unixSec)));
    const date = new Date(sec * 1000);
    const offset = this.offsetAt(date, sec);
    return { offset, abbr: this.abbreviation(date, offset) };
  }

  private offsetAt(date: Date, sec: number): number {
    let year = 0;
    let month = 1;
    let day = 1;
    let hour = 0;
    let minute = 0;
    let second = 0;
    let bc = false;
    for (const p of this.parts.formatToParts(date)) {
      const v = Number(p.value);
      switch (p.type) {
        case 'year':
          year = v;
          break;
        case 'month':
          month = v;
          break;
        case 'day':
          day = v;
          break;
        case 'hour':
          hour = v;
          break;
        case 'minute':
          minute = v;
          break;
        case 'second':
          second = v;
          break;
        case 'era':
          bc = p.value.startsWith('B');
          break;
      }
    }
    if (bc) year = 1 - year;
    const local = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
    return local - sec;
  }

  private abbreviation(date: Date, offset: number): string {
    const name = this.resolvedName;
    if (utcNames.has(name) || utcNames.has(this.name)) return 'UTC';
    if (gmtNames.has(name) || gmtNames.has(this.name)) return 'GMT';
    if (offset % 900 !== 0) return 'LMT'; // local mean time, before the zone's standard time
    const direct = this.lettersAt(date, offset);
    if (direct !== undefined) return direct;
    // CLDR names some zones only in recent decades: a current period with the same offset
    // usually had the same abbreviation (PST in 1930 as today).
    for (const probe of recentProbes) {
      const sec = probe.getTime() / 1000;
      if (this.offsetAt(probe, sec) === offset) {
        const recent = this.lettersAt(probe, offset);
        if (recent !== undefined) return recent;
      }
    }
    return numericAbbreviation(offset);
  }

  /** A letter abbreviation the database also uses, from CLDR or the known list, if any. */
  private lettersAt(date: Date, offset: number): string | undefined {
    this.names ??= abbreviationLocales.map(
      (locale) => new Intl.DateTimeFormat(locale, { timeZone: this.zone, timeZoneName: 'short' }),
    );
    for (const f of this.names) {
      const part = f.formatToParts(date).find((p) => p.type === 'timeZoneName');
      if (part && databaseAbbreviations.has(part.value)) return part.value;
    }
    const known = knownAbbreviations[this.resolvedName] ?? knownAbbreviations[this.name];
    if (known) {
      // The names hold for the zone's current offsets: standard time is the smaller one.
      const [winter, summer] = recentProbes.map((p) => this.offsetAt(p, p.getTime() / 1000));
      if (offset === Math.min(winter!, summer!)) return known[0];
      if (offset === Math.max(winter!, summer!)) return known[1];
    }
    return undefined;
  }
}

/** Instants in a recent winter and summer, to find a zone's current abbreviations. */
const recentProbes = [new Date(Date.UTC(2020, 0, 15)), new Date(Date.UTC(2020, 6, 15))];

/** The database's name for a zone without letters: "+04", "-0330". */
export function numericAbbreviation(offset: number): string {
  const sign = offset < 0 ? '-' : '+';
  const a = Math.abs(offset);
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  return sign + String(h).padStart(2, '0') + (m === 0 ? '' : String(m).padStart(2, '0'));
}

/** Days since 1970-01-01 of a proleptic Gregorian date (any year; month 1–12). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The proleptic Gregorian date of a day number (days since 1970-01-01). */
export function civilFromDays(days: number): [year: number, month: number, day: number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [era * 400 + yoe + (month <= 2 ? 1 : 0), month, day];
}

let local: Location | undefined;

/** Go's time.Local: the system's zone. */
export function localZone(): Location {
  if (local === undefined) {
    const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
    local =
      zone === undefined || utcNames.has(zone)
        ? new FixedZone('UTC', 0)
        : new IntlZone('Local', undefined);
  }
  return local;
}

const zones = new Map<string, Location>();

/**
 * Go's time.LoadLocation: "" and "UTC" are UTC, "Local" the system zone, anything else a name in
 * the IANA database. Throws Go's message for a name that is not one.
 */
export function loadLocation(name: string): Location {
  if (name === '' || name === 'UTC') return UTC;
  if (name === 'Local') return localZone();
  const cached = zones.get(name);
  if (cached) return cached;
  if (name.includes('..') || name.startsWith('/') || name.startsWith('\\')) {
    throw new StarlarkError('time: invalid location name');
  }
  let zone: IntlZone;
  try {
    zone = new IntlZone(name, name);
  } catch {
    throw new StarlarkError(`unknown time zone ${name}`);
  }
  // Go reads the database from case-sensitive files; Intl ignores case.
  if (name === name.toLowerCase() && zone.resolvedName !== name) {
    throw new StarlarkError(`unknown time zone ${name}`);
  }
  zones.set(name, zone);
  return zone;
}
