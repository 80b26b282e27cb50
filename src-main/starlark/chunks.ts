/**
 * Chunked test files, in go.starlark.net's format (its internal/chunkedfile).
 *
 * A chunked file is several Starlark programs separated by lines holding exactly `---`. Each
 * chunk is run on its own; its source is padded with blank lines so that positions in errors are
 * positions in the whole file. A line containing `### "regexp"` expects an error reported at that
 * line whose message matches the regular expression (a Go string literal, as in go.starlark.net;
 * a backquoted raw string or unquoted text works too). A chunk containing `option:NAME` (usually
 * in a comment, `# option:set`) runs with that dialect flag on.
 *
 * Matching follows chunkedfile exactly: the first error reported at a line with an expectation
 * consumes it and must match it; an error at any other line (or a second one at the same line) is
 * unexpected; an expectation no error consumed is missing. The patterns are Go regular expressions
 * (RE2 syntax); `compileGoRegexp` turns one into an equivalent JS RegExp.
 *
 * Pure: no I/O. Drivers (`starling test`, the conformance tests) read files and run chunks.
 */

/** The dialect flags a chunk may turn on with `option:NAME`, as go.starlark.net's tests know them. */
export const chunkOptionNames = [
  'set',
  'while',
  'toplevelcontrol',
  'globalreassign',
  'loadbindsglobally',
  'recursion',
] as const;

export interface Expectation {
  /** 1-based line in the file. */
  readonly line: number;
  /** The regular expression as written (after unquoting). */
  readonly pattern: string;
  readonly regexp: RegExp;
}

export interface Chunk {
  readonly file: string;
  /** 0-based index of the chunk in its file. */
  readonly index: number;
  /** First and last line of the chunk in the file (1-based, inclusive). */
  readonly startLine: number;
  readonly endLine: number;
  /** The chunk's text, preceded by enough newlines that its lines keep their numbers in the file. */
  readonly source: string;
  /** Dialect flags the chunk turns on (names from `chunkOptionNames`). */
  readonly options: readonly string[];
  readonly expectations: readonly Expectation[];
  /** Malformed `###` markers, as failure messages ("file:line: not a quoted regexp: …"). */
  readonly problems: readonly string[];
}

/** An error the code under test reported: its line in the file and its message (text). */
export interface ReportedError {
  readonly line: number;
  readonly msg: string;
}

const separator = '\n---\n';

/** Splits a chunked file into its chunks. `text` is the file's content. */
export function readChunks(file: string, text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let line = 1;
  text.split(separator).forEach((body, index) => {
    const startLine = line;
    const expectations: Expectation[] = [];
    const problems: string[] = [];
    for (const lineText of body.split('\n')) {
      const marker = expectationMarker(lineText);
      if (marker !== undefined) {
        try {
          const pattern = unquoteMarker(marker);
          expectations.push({ line, pattern, regexp: compileGoRegexp(pattern) });
        } catch (err) {
          problems.push(`${file}:${line}: ${(err as Error).message}`);
        }
      }
      line++;
    }
    chunks.push({
      file,
      index,
      startLine,
      endLine: line - 1,
      source: '\n'.repeat(startLine - 1) + body,
      options: chunkOptionNames.filter((name) => body.includes(`option:${name}`)),
      expectations,
      problems,
    });
    line++; // the `---` line
  });
  return chunks;
}

/**
 * The text after a line's `###` marker, trimmed, or undefined when the line has none. A run of
 * four or more `#` is a banner comment, not a marker (go.starlark.net's scan.star has one).
 */
function expectationMarker(lineText: string): string | undefined {
  const m = /(?<!#)###(?!#)(.*)$/.exec(lineText);
  return m ? m[1]!.trim() : undefined;
}

function unquoteMarker(rest: string): string {
  if (rest === '') throw new Error('no regexp after ###');
  const q = rest[0];
  if (q === '"' || q === '`' || q === "'") {
    try {
      return unquoteGo(rest);
    } catch {
      throw new Error(`not a quoted regexp: ${rest}`);
    }
  }
  return rest;
}

/**
 * Checks the errors a chunk reported against its expectations, as chunkedfile's GotError and
 * Done do, and returns the failures (empty when the chunk passed). Errors are taken in order.
 */
export function checkChunk(chunk: Chunk, errors: readonly ReportedError[]): string[] {
  const failures = [...chunk.problems];
  const pending = new Map(chunk.expectations.map((e) => [e.line, e]));
  for (const { line, msg } of errors) {
    const want = pending.get(line);
    if (want) {
      pending.delete(line);
      if (!want.regexp.test(msg)) {
        failures.push(
          `${chunk.file}:${line}: error ${goQuote(msg)} does not match pattern ${goQuote(want.pattern)}`,
        );
      }
    } else {
      failures.push(`${chunk.file}:${line}: unexpected error: ${msg}`);
    }
  }
  for (const want of pending.values()) {
    failures.push(`${chunk.file}:${want.line}: expected error matching ${goQuote(want.pattern)}`);
  }
  return failures;
}

// ---------------------------------------------------------------------------------------------
// Go string literals

const simpleEscapes: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/**
 * Go's strconv.Unquote: a "double-quoted" string with Go escapes, a `raw` string or a 'c'
 * character. \x and octal escapes give the character with that code. Throws on bad syntax.
 */
export function unquoteGo(s: string): string {
  const q = s[0];
  if (s.length < 2 || s[s.length - 1] !== q) throw new Error('invalid syntax');
  const body = s.slice(1, -1);
  if (q === '`') {
    if (body.includes('`')) throw new Error('invalid syntax');
    return body.replaceAll('\r', '');
  }
  if (q !== '"' && q !== "'") throw new Error('invalid syntax');
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === q || c === '\n') throw new Error('invalid syntax');
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) throw new Error('invalid syntax');
    if (e in simpleEscapes) out += simpleEscapes[e];
    else if (e === q) out += e;
    else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + n);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) throw new Error('invalid syntax');
      const code = parseInt(hex, 16);
      if (e !== 'x' && (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))) {
        throw new Error('invalid syntax');
      }
      out += String.fromCodePoint(code);
      i += n;
    } else if (e >= '0' && e <= '7') {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) throw new Error('invalid syntax');
      out += String.fromCharCode(parseInt(oct, 8));
      i += 2;
    } else throw new Error('invalid syntax');
  }
  if (q === "'" && [...out].length !== 1) throw new Error('invalid syntax');
  return out;
}

/** Go's strconv.Quote, for messages: a double-quoted string with Go escapes. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c >= 0x80 && c < 0xa0) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

// ---------------------------------------------------------------------------------------------
// Go (RE2) regular expressions → JS

/** Characters that must be escaped to be literal in a JS `u` regexp, outside a class. */
const jsSyntax = new Set('^$\\.*+?()[]{}|/');

const posixClasses: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7f',
  blank: '\\t ',
  cntrl: '\\x00-\\x1f\\x7f',
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

/** Go's \s is ASCII-only (JS's includes Unicode spaces). */
const goSpace = '\\t\\n\\f\\r ';

/**
 * Compiles a Go regular expression (RE2 syntax, as Go's regexp package accepts) into a JS RegExp
 * with the same meaning for the patterns tests use: literal and escaped punctuation, classes
 * (POSIX `[[:alpha:]]` included), `\pL`/`\p{Greek}`, `\Q…\E`, `\A`/`\z`, leading `(?flags)`,
 * `(?P<name>…)`, and Go's `.`, `\s` and `{` rules. Matching is unanchored, like MatchString.
 * Throws "error parsing regexp: …" for what it cannot translate.
 */
export function compileGoRegexp(pattern: string): RegExp {
  let flags = 'u';
  let i = 0;
  const lead = /^\(\?([imsU]+)\)/.exec(pattern);
  if (lead) {
    if (lead[1]!.includes('U')) throw regexpError('ungreedy flag (?U) is not supported', pattern);
    flags += lead[1];
    i = lead[0].length;
  }
  const dotAll = flags.includes('s');
  let out = '';
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '\\') {
      const [text, next] = translateEscape(pattern, i, false);
      out += text;
      i = next;
    } else if (c === '[') {
      const [text, next] = translateClass(pattern, i);
      out += text;
      i = next;
    } else if (c === '(') {
      if (pattern.startsWith('(?P<', i)) {
        out += '(?<';
        i += 4;
      } else if (pattern.startsWith('(?:', i) || pattern.startsWith('(?<', i)) {
        out += pattern.slice(i, i + 3);
        i += 3;
      } else if (pattern[i + 1] === '?') {
        throw regexpError('only leading (?flags) groups are supported', pattern);
      } else {
        out += c;
        i++;
      }
    } else if (c === '{') {
      const rep = /^\{\d+(,\d*)?\}/.exec(pattern.slice(i));
      out += rep ? rep[0] : '\\{';
      i += rep ? rep[0].length : 1;
    } else if (c === '}' || c === ']') {
      out += '\\' + c;
      i++;
    } else if (c === '.') {
      out += dotAll ? '[\\s\\S]' : '[^\\n]';
      i++;
    } else {
      out += c;
      i++;
    }
  }
  try {
    return new RegExp(out, flags);
  } catch (err) {
    throw regexpError((err as Error).message, pattern);
  }
}

function regexpError(msg: string, pattern: string): Error {
  return new Error(`error parsing regexp: ${msg}: \`${pattern}\``);
}

/** Translates the escape at pattern[i] (a backslash); returns the JS text and the next index. */
function translateEscape(pattern: string, i: number, inClass: boolean): [string, number] {
  const e = pattern[i + 1];
  if (e === undefined) throw regexpError('trailing backslash at end of expression', pattern);
  if (e === 'Q') {
    const end = pattern.indexOf('\\E', i + 2);
    const literal = pattern.slice(i + 2, end < 0 ? undefined : end);
    const text = [...literal].map((ch) => literalChar(ch, inClass)).join('');
    return [text, end < 0 ? pattern.length : end + 2];
  }
  if ('dDwWbBnrtfv'.includes(e)) return ['\\' + e, i + 2];
  if (e === 'a') return ['\\x07', i + 2];
  if (e === 's') return [inClass ? goSpace : `[${goSpace}]`, i + 2];
  if (e === 'S') {
    if (inClass) throw regexpError('\\S inside a class is not supported', pattern);
    return [`[^${goSpace}]`, i + 2];
  }
  if (!inClass && e === 'A') return ['(?<![\\s\\S])', i + 2];
  if (!inClass && e === 'z') return ['(?![\\s\\S])', i + 2];
  if (e === 'x') {
    const braced = /^\{([0-9a-fA-F]+)\}/.exec(pattern.slice(i + 2));
    if (braced) return [`\\u{${braced[1]}}`, i + 2 + braced[0].length];
    const hex = pattern.slice(i + 2, i + 4);
    if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw regexpError('invalid escape sequence', pattern);
    return ['\\x' + hex, i + 4];
  }
  if (e === 'p' || e === 'P') {
    const m = /^(?:\{(\^?)([A-Za-z_]+)\}|([A-Za-z]))/.exec(pattern.slice(i + 2));
    if (!m) throw regexpError('invalid character class range', pattern);
    const negate = (e === 'P') !== (m[1] === '^');
    const name = m[2] ?? m[3]!;
    const property = name.length <= 2 ? name : `Script=${name}`;
    return [`\\${negate ? 'P' : 'p'}{${property}}`, i + 2 + m[0].length];
  }
  if (/[0-9A-Za-z]/.test(e)) throw regexpError(`invalid escape sequence: \`\\${e}\``, pattern);
  const ch = String.fromCodePoint(pattern.codePointAt(i + 1)!);
  return [literalChar(ch, inClass), i + 1 + ch.length];
}

/** A character matched literally, escaped as a JS `u` regexp needs. */
function literalChar(ch: string, inClass: boolean): string {
  if (inClass) return '\\]^-['.includes(ch) ? '\\' + ch : ch;
  return jsSyntax.has(ch) ? '\\' + ch : ch;
}

/** Translates the class starting at pattern[i] (a `[`); returns the JS text and the next index. */
function translateClass(pattern: string, i: number): [string, number] {
  let out = '[';
  i++;
  if (pattern[i] === '^') {
    out += '^';
    i++;
  }
  let first = true;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === ']' && !first) return [out + ']', i + 1];
    first = false;
    if (c === '[' && pattern[i + 1] === ':') {
      const m = /^\[:(\^?)([a-z]+):\]/.exec(pattern.slice(i));
      const set = m ? posixClasses[m[2]!] : undefined;
      if (!m || set === undefined) throw regexpError('invalid character class range', pattern);
      if (m[1]) throw regexpError('negated POSIX classes are not supported', pattern);
      out += set;
      i += m[0].length;
    } else if (c === '\\') {
      const [text, next] = translateEscape(pattern, i, true);
      out += text;
      i = next;
    } else if (c === '-') {
      out += '-';
      i++;
    } else {
      const ch = String.fromCodePoint(pattern.codePointAt(i)!);
      out += literalChar(ch, true);
      i += ch.length;
    }
  }
  throw regexpError('missing closing ]', pattern);
}
