/**
 * The IP prefix helpers Choreo gives reconcilers (get_prefixlength, get_address, get_subnetname,
 * is_ipv4, is_ipv6). Choreo parses with Go's netip.ParsePrefix and prints addresses as netip
 * does (IPv6 in RFC 5952 form, IPv4-mapped IPv6 as ::ffff:a.b.c.d), so this does the same.
 */

export interface IpPrefix {
  /** 4 or 16 bytes. */
  bytes: number[];
  is4: boolean;
  /** The prefix length. */
  bits: number;
}

export class PrefixParseError extends Error {
  override name = 'PrefixParseError';
}

/** Parses `addr/bits` as netip.ParsePrefix does; throws a PrefixParseError. */
export function parsePrefix(text: string): IpPrefix {
  const slash = text.lastIndexOf('/');
  const fail = (why: string): never => {
    throw new PrefixParseError(`netip.ParsePrefix(${JSON.stringify(text)}): ${why}`);
  };
  if (slash < 0) fail("no '/'");
  const addrText = text.slice(0, slash);
  const bitsText = text.slice(slash + 1);
  if (addrText.includes('%')) fail('IPv6 zones cannot be present in a prefix');
  let bytes: number[] | undefined;
  let is4 = false;
  if (addrText.includes(':')) bytes = parse6(addrText);
  else {
    bytes = parse4(addrText);
    is4 = true;
  }
  if (!bytes) fail(`ParseAddr(${JSON.stringify(addrText)}): unable to parse IP`);
  const max = is4 ? 32 : 128;
  if (!/^\d+$/.test(bitsText) || (bitsText.length > 1 && bitsText.startsWith('0')))
    fail(`bad bits after slash: ${JSON.stringify(bitsText)}`);
  const bits = Number(bitsText);
  if (bits > max) fail(`prefix length out of range`);
  return { bytes: bytes!, is4, bits };
}

function parse4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p.startsWith('0'))) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parse6(text: string): number[] | undefined {
  let head = text;
  let tail4: number[] | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    tail4 = parse4(text.slice(lastColon + 1));
    if (!tail4) return undefined;
    head = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const left = groups(halves[0]!);
  const right = halves.length === 2 ? groups(halves[1]!) : [];
  if (!left || !right) return undefined;
  let all: number[];
  if (halves.length === 2) {
    const missing = 8 - left.length - right.length;
    if (missing < 1) return undefined;
    all = [...left, ...new Array<number>(missing).fill(0), ...right];
  } else {
    if (left.length !== 8) return undefined;
    all = left;
  }
  const bytes = all.flatMap((g) => [g >> 8, g & 0xff]);
  if (tail4) bytes.splice(12, 4, ...tail4);
  return bytes;
}

/** The address as netip.Addr.String prints it. */
export function formatAddress(bytes: readonly number[]): string {
  if (bytes.length === 4) return bytes.join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) return `::ffff:${bytes.slice(12).join('.')}`;
  // The longest run of two or more zero groups becomes "::" (the first one on a tie).
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** The prefix's first address (the address with its host bits cleared). */
export function maskedAddress(p: IpPrefix): number[] {
  return p.bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, p.bits - i * 8));
    return b & ((0xff << (8 - keep)) & 0xff);
  });
}

export function prefixLength(p: IpPrefix): number {
  return p.bits;
}

export function address(p: IpPrefix): string {
  return formatAddress(p.bytes);
}

/** `10.0.0.0-24`: the first address and the prefix length. */
export function subnetName(p: IpPrefix): string {
  return `${formatAddress(maskedAddress(p))}-${p.bits}`;
}

/** netip's Is4: an IPv4 address (an IPv4-mapped IPv6 address is not). */
export function isIpv4(p: IpPrefix): boolean {
  return p.is4;
}

/** netip's Is6: any IPv6 address, IPv4-mapped ones included. */
export function isIpv6(p: IpPrefix): boolean {
  return !p.is4;
}
