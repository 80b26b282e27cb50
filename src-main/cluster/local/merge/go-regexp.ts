/**
 * Go regular expressions (RE2 syntax, as `pattern` in a CRD schema is compiled by the API server)
 * run on JavaScript's engine. The translation covers what schemas use beyond the common subset:
 * leading flag groups (`(?i)`, `(?s)`, `(?m)`, combined), `(?P<name>…)`, `\A` and `\z`, POSIX
 * classes (`[[:alpha:]]`), one-letter Unicode classes (`\pL`), `\Q…\E`, escaped punctuation that
 * JavaScript's `u` mode rejects (`\_`, `\#`, …), and Go's ASCII-only `\s`.
 *
 * Not covered (the pattern is reported invalid, with JavaScript's words): flag groups that are not
 * at the start (`a(?i)b`, `(?i:…)`), ungreedy mode (`(?U)`) and `\C`.
 */

const cache = new Map<string, RegExp | Error>();

const posixClasses: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/** Characters JavaScript's `u` mode lets a backslash escape. */
const jsEscapable = new Set('^$\\.*+?()[]{}|/');

const hex = (c: string): string => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

function translate(pattern: string): { source: string; flags: string } {
  let flags = 'u';
  let rest = pattern;
  const lead = /^\(\?([ims]+)\)/.exec(rest);
  if (lead) {
    for (const f of new Set(lead[1]!)) flags += f;
    rest = rest.slice(lead[0].length);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!;
    if (c === '\\') {
      const n = rest[i + 1];
      if (n === undefined) {
        out += c;
        continue;
      }
      i++;
      if (n === 'Q') {
        const end = rest.indexOf('\\E', i + 1);
        const literal = end < 0 ? rest.slice(i + 1) : rest.slice(i + 1, end);
        out += [...literal].map((ch) => (/[A-Za-z0-9]/.test(ch) ? ch : hex(ch))).join('');
        i = end < 0 ? rest.length : end + 1;
      } else if (n === 'A' && !inClass) out += '(?<![\\s\\S])';
      else if (n === 'z' && !inClass) out += '(?![\\s\\S])';
      else if (n === 's') out += inClass ? '\\t\\n\\f\\r ' : '[\\t\\n\\f\\r ]';
      else if (n === 'S' && !inClass) out += '[^\\t\\n\\f\\r ]';
      else if ((n === 'p' || n === 'P') && /[A-Za-z]/.test(rest[i + 1] ?? '')) {
        out += `\\${n}{${rest[i + 1]}}`;
        i++;
      } else if (/[!-/:-@[-`{-~]/.test(n) && !jsEscapable.has(n)) out += hex(n);
      else out += c + n;
      continue;
    }
    if (inClass) {
      if (c === '[' && rest[i + 1] === ':') {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(rest.slice(i));
        const cls = m && posixClasses[m[2]!];
        if (m && cls && !m[1]) {
          out += cls;
          i += m[0].length - 1;
          continue;
        }
      }
      if (c === ']') inClass = false;
      out += c === '[' ? '\\[' : c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // A leading ']' (or '^]') is a literal in Go.
      if (rest[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (rest[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && rest.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    out += c;
  }
  return { source: out, flags };
}

/** The pattern compiled as Go would match it; throws (JavaScript's SyntaxError) if invalid. */
export function goRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re === undefined) {
    try {
      const { source, flags } = translate(pattern);
      re = new RegExp(source, flags);
    } catch (err) {
      re = err as Error;
    }
    if (cache.size > 1000) cache.clear();
    cache.set(pattern, re);
  }
  if (re instanceof Error) throw re;
  return re;
}
