/**
 * The parts of Go's net/url.Parse (Go 1.26) that the API server's webhook URL validation looks at:
 * scheme, host, user information, query and fragment, and the parse errors with Go's words
 * (`parse "http://a b": invalid character " " in host name`).
 *
 * Approximations: the text of a bracketed host that is not an IP address
 * (`invalid host: ParseAddr(…): …`) only names the address, and bytes that are not valid UTF-8
 * after unescaping are replaced.
 */

import { Buffer } from 'node:buffer';
import { isIPv4, isIPv6 } from 'node:net';
import { goQuote } from './json.js';

export interface GoUrl {
  scheme: string;
  host: string;
  /** Userinfo.String(), or undefined when the URL has none. */
  user?: string;
  rawQuery: string;
  fragment: string;
}

type Mode = 'path' | 'host' | 'zone' | 'userPassword' | 'query' | 'fragment';

const alnum = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
const isHex = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
const unhex = (c: number): number =>
  c <= 0x39 ? c - 0x30 : c >= 0x61 ? c - 0x61 + 10 : c - 0x41 + 10;

function shouldEscape(c: number, mode: Mode): boolean {
  if (alnum(c)) return false;
  const ch = String.fromCharCode(c);
  if ((mode === 'host' || mode === 'zone') && `!$&'()*+,;=:[]<>"`.includes(ch)) return false;
  if ('-_.~'.includes(ch)) return false;
  if ('$&+,/:;=?@'.includes(ch)) {
    switch (mode) {
      case 'path':
        return ch === '?';
      case 'userPassword':
        return ch === '@' || ch === '/' || ch === '?' || ch === ':';
      case 'query':
        return true;
      case 'fragment':
        return false;
    }
  }
  if (mode === 'fragment' && '!()*'.includes(ch)) return false;
  return true;
}

class UrlError extends Error {}

function unescape(s: string, mode: Mode): string {
  const b = Buffer.from(s, 'utf8');
  let n = 0;
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    if (c === 0x25) {
      n++;
      if (i + 2 >= b.length || !isHex(b[i + 1]!) || !isHex(b[i + 2]!)) {
        throw new UrlError(
          `invalid URL escape ${goQuote(b.subarray(i, Math.min(i + 3, b.length)).toString('utf8'))}`,
        );
      }
      const esc = b.subarray(i, i + 3).toString('latin1');
      if (mode === 'host' && unhex(b[i + 1]!) < 8 && esc !== '%25')
        throw new UrlError(`invalid URL escape ${goQuote(esc)}`);
      if (mode === 'zone') {
        const v = (unhex(b[i + 1]!) << 4) | unhex(b[i + 2]!);
        if (esc !== '%25' && v !== 0x20 && shouldEscape(v, 'host'))
          throw new UrlError(`invalid URL escape ${goQuote(esc)}`);
      }
      i += 3;
    } else {
      if ((mode === 'host' || mode === 'zone') && c < 0x80 && shouldEscape(c, mode))
        throw new UrlError(`invalid character ${goQuote(String.fromCharCode(c))} in host name`);
      i++;
    }
  }
  if (n === 0) return s;
  const out: number[] = [];
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 0x25) {
      out.push((unhex(b[i + 1]!) << 4) | unhex(b[i + 2]!));
      i += 2;
    } else out.push(b[i]!);
  }
  return Buffer.from(out).toString('utf8');
}

function escape(s: string, mode: Mode): string {
  let out = '';
  for (const c of Buffer.from(s, 'utf8')) {
    out += shouldEscape(c, mode)
      ? `%${c.toString(16).toUpperCase().padStart(2, '0')}`
      : String.fromCharCode(c);
  }
  return out;
}

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) continue;
    if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === 0x3a) {
      if (i === 0) throw new UrlError('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

const validOptionalPort = (port: string): boolean => port === '' || /^:[0-9]*$/.test(port);

function parseHost(scheme: string, host: string): string {
  const open = host.lastIndexOf('[');
  if (open > 0) throw new UrlError('invalid IP-literal');
  if (open === 0) {
    const close = host.lastIndexOf(']');
    if (close < 0) throw new UrlError("missing ']' in host");
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort))
      throw new UrlError(`invalid port ${goQuote(colonPort)} after host`);
    const port = unescape(colonPort, 'host');
    const hostname = host.slice(1, close);
    const zone = hostname.indexOf('%25');
    const unescaped =
      zone >= 0
        ? unescape(hostname.slice(0, zone), 'host') + unescape(hostname.slice(zone), 'zone')
        : unescape(hostname, 'host');
    if (isIPv4(unescaped)) throw new UrlError('invalid IP-literal');
    if (!isIPv6(unescaped))
      throw new UrlError(`invalid host: ParseAddr(${goQuote(unescaped)}): unable to parse IP`);
    return `[${unescaped}]${port}`;
  }
  let i = host.indexOf(':');
  if (i !== -1) {
    const last = host.lastIndexOf(':');
    if (last !== i && scheme !== 'http' && scheme !== 'https') i = last;
    const colonPort = host.slice(i);
    if (!validOptionalPort(colonPort))
      throw new UrlError(`invalid port ${goQuote(colonPort)} after host`);
  }
  return unescape(host, 'host');
}

const validUserinfo = (s: string): boolean => /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(s);

function parse(raw: string): GoUrl {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new UrlError('net/url: invalid control character in URL');
  const url: GoUrl = { scheme: '', host: '', rawQuery: '', fragment: '' };
  if (raw === '*') return url;
  let [scheme, rest] = getScheme(raw);
  url.scheme = scheme = scheme.toLowerCase();
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) rest = rest.slice(0, -1);
  else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      url.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (scheme !== '') return url; // opaque
    const slash = rest.indexOf('/');
    if ((slash >= 0 ? rest.slice(0, slash) : rest).includes(':'))
      throw new UrlError('first path segment in URL cannot contain colon');
  }
  if ((scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    const slash = authority.indexOf('/');
    rest = slash >= 0 ? authority.slice(slash) : '';
    if (slash >= 0) authority = authority.slice(0, slash);
    const at = authority.lastIndexOf('@');
    url.host = parseHost(scheme, at < 0 ? authority : authority.slice(at + 1));
    if (at >= 0) {
      const userinfo = authority.slice(0, at);
      if (!validUserinfo(userinfo)) throw new UrlError('net/url: invalid userinfo');
      const colon = userinfo.indexOf(':');
      if (colon < 0) url.user = escape(unescape(userinfo, 'userPassword'), 'userPassword');
      else {
        const name = unescape(userinfo.slice(0, colon), 'userPassword');
        const password = unescape(userinfo.slice(colon + 1), 'userPassword');
        url.user = `${escape(name, 'userPassword')}:${escape(password, 'userPassword')}`;
      }
    }
  }
  unescape(rest, 'path');
  return url;
}

/** url.Parse(raw): the URL's parts, or the error text (`parse "…": …`). */
export function goParseUrl(raw: string): GoUrl | { error: string } {
  const hash = raw.indexOf('#');
  const u = hash >= 0 ? raw.slice(0, hash) : raw;
  let url: GoUrl;
  try {
    url = parse(u);
  } catch (e) {
    if (e instanceof UrlError) return { error: `parse ${goQuote(u)}: ${e.message}` };
    throw e;
  }
  if (hash >= 0 && hash < raw.length - 1) {
    try {
      url.fragment = unescape(raw.slice(hash + 1), 'fragment');
    } catch (e) {
      if (e instanceof UrlError) return { error: `parse ${goQuote(raw)}: ${e.message}` };
      throw e;
    }
  }
  return url;
}

/**
 * url.ParseRequestURI(raw) as far as absolute URLs go: as Parse, without cutting a fragment.
 * (A URL without a scheme comes back without a host, or with a looser error than Go's.)
 */
export function goParseRequestUri(raw: string): GoUrl | { error: string } {
  try {
    if (raw === '') throw new UrlError('empty url');
    const url = parse(raw);
    if (url.scheme === '') url.host = '';
    return url;
  } catch (e) {
    if (e instanceof UrlError) return { error: `parse ${goQuote(raw)}: ${e.message}` };
    throw e;
  }
}
