/**
 * The methods of str (spec: https://github.com/google/starlark-go/blob/master/doc/spec.md#built-in-methods).
 *
 * A str is a byte string (strings.ts): offsets, find results and slices count bytes. Methods that
 * need characters decode UTF-8 as Go's `for range` does (an invalid byte is one U+FFFD) and
 * re-encode; each has an ASCII fast path, since nearly every string a reconciler handles is ASCII.
 */
import { StarlarkError } from '../errors';
import { strFormat } from '../format';
import { decodeRune, encodeRune, isAscii } from '../strings';
import { unpackPositional, wantBool, wantString } from '../unpack';
import {
  List,
  None,
  StarlarkObject,
  Tuple,
  typeName,
  type BuiltinFn,
  type HashKey,
  type KwArgs,
  type Value,
  type ValueIterator,
} from '../value';
import { repr } from '../ops';
import type { Thread } from '../thread';
import { elements, indices, int64, named, wantInt64, wantIterable } from './args';
import * as U from './unicode';

// ---------------------------------------------------------------------------------------------
// decoding helpers

/** Decodes the UTF-8 sequence that ends at byte offset end (Go's utf8.DecodeLastRuneInString). */
function decodeLastRune(s: string, end: number): [number, number] {
  if (end <= 0) return [-1, 0];
  const last = s.charCodeAt(end - 1);
  if (last < 0x80) return [last, 1];
  // Back up over at most 3 continuation bytes to a possible start byte.
  let start = end - 1;
  const lim = Math.max(end - 4, 0);
  while (start > lim && (s.charCodeAt(start) & 0xc0) === 0x80) start--;
  const [cp, size] = decodeRune(s, start);
  return start + size === end ? [cp, size] : [0xfffd, 1];
}

/** Applies a per-code-point mapping, as Go's strings.Map / `for range` + WriteRune do. */
function mapRunes(s: string, f: (c: number, i: number) => number): string {
  let out = '';
  for (let i = 0; i < s.length;) {
    const [c, size] = decodeRune(s, i);
    const r = f(c, i);
    out += r < 0x80 ? String.fromCharCode(r) : encodeRune(r);
    i += size;
  }
  return out;
}

/** Whether every code point of a non-empty s satisfies pred. */
function allRunes(s: string, pred: (c: number) => boolean): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length;) {
    const [c, size] = decodeRune(s, i);
    if (!pred(c)) return false;
    i += size;
  }
  return true;
}

function runeCount(s: string): number {
  if (isAscii(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; n++) i += decodeRune(s, i)[1];
  return n;
}

export function toUpperString(s: string): string {
  return isAscii(s) ? s.toUpperCase() : mapRunes(s, U.toUpper);
}

export function toLowerString(s: string): string {
  return isAscii(s) ? s.toLowerCase() : mapRunes(s, U.toLower);
}

function isCasedString(s: string): boolean {
  for (let i = 0; i < s.length;) {
    const [c, size] = decodeRune(s, i);
    if (U.isCased(c)) return true;
    i += size;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Go's strings package on byte strings

/** strings.Count: non-overlapping occurrences; the empty string occurs runeCount+1 times. */
function countOf(s: string, sub: string): number {
  if (sub.length === 0) return runeCount(s) + 1;
  let n = 0;
  for (let i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length)) n++;
  return n;
}

/**
 * strings.Replace(s, old, new, n): n < 0 replaces all; an empty old matches at every rune.
 * A loop of indexOf and concatenation: for the short strings a reconciler handles it is several
 * times faster than split + join, which allocate an array and go through the runtime.
 */
function replaceString(s: string, old: string, repl: string, n: number): string {
  if (old === repl || n === 0) return s;
  if (old.length === 0) return replaceEmpty(s, repl, n);
  let j = s.indexOf(old);
  if (j < 0) return s;
  let out = '';
  let start = 0;
  do {
    out += s.slice(start, j) + repl;
    start = j + old.length;
    if (--n === 0) break;
    j = s.indexOf(old, start);
  } while (j >= 0);
  return out + s.slice(start);
}

/** strings.Replace with an empty old: repl before each of the first n runes (n < 0: all, and at the end). */
function replaceEmpty(s: string, repl: string, n: number): string {
  const m = runeCount(s) + 1;
  if (n < 0 || m < n) n = m;
  let out = '';
  let start = 0;
  for (let i = 0; i < n; i++) {
    const j = i > 0 ? start + decodeRune(s, start)[1] : start;
    out += s.slice(start, j) + repl;
    start = j;
  }
  return out + s.slice(start);
}

/** strings.Split(s, sep) for a non-empty sep, without the runtime call of String.prototype.split. */
function splitAll(s: string, sep: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let j = s.indexOf(sep); j >= 0; j = s.indexOf(sep, start)) {
    out.push(s.slice(start, j));
    start = j + sep.length;
  }
  out.push(s.slice(start));
  return out;
}

/** strings.SplitN(s, sep, n) for n > 0, sep non-empty. */
function splitN(s: string, sep: string, n: number): string[] {
  const out: string[] = [];
  let start = 0;
  while (out.length < n - 1) {
    const j = s.indexOf(sep, start);
    if (j < 0) break;
    out.push(s.slice(start, j));
    start = j + sep.length;
  }
  out.push(s.slice(start));
  return out;
}

/** strings.Fields: the runs of non-space characters. */
function fields(s: string): string[] {
  return splitSpace(s, -1);
}

/** Splits at runs of white space, at most max times from the left (max < 0: no limit). */
function splitSpace(s: string, max: number): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < s.length;) {
    let c = s.charCodeAt(i);
    let size = 1;
    if (c >= 0x80) [c, size] = decodeRune(s, i);
    if (U.isSpace(c)) {
      if (start >= 0) {
        if (out.length === max) break;
        out.push(s.slice(start, i));
        start = -1;
      }
    } else if (start < 0) {
      start = i;
    }
    i += size;
  }
  if (start >= 0) out.push(s.slice(start));
  return out;
}

/** Splits at runs of white space, at most max times from the right. */
function rsplitSpace(s: string, max: number): string[] {
  const out: string[] = [];
  let end = -1;
  for (let i = s.length; i > 0;) {
    const [c, size] = decodeLastRune(s, i);
    if (U.isSpace(c)) {
      if (end >= 0) {
        if (out.length === max) break;
        out.push(s.slice(i, end));
        end = -1;
      }
    } else if (end < 0) {
      end = i;
    }
    i -= size;
  }
  if (end >= 0) out.push(s.slice(0, end));
  return out.reverse();
}

/** Go's strings.ContainsRune on a cutset, comparing decoded code points. */
function cutsetHas(cutset: string, c: number): boolean {
  for (let i = 0; i < cutset.length;) {
    const [r, size] = decodeRune(cutset, i);
    if (r === c) return true;
    i += size;
  }
  return false;
}

function trimLeft(s: string, inSet: (c: number) => boolean): string {
  let i = 0;
  while (i < s.length) {
    let c = s.charCodeAt(i);
    let size = 1;
    if (c >= 0x80) [c, size] = decodeRune(s, i);
    if (!inSet(c)) break;
    i += size;
  }
  return i === 0 ? s : s.slice(i);
}

function trimRight(s: string, inSet: (c: number) => boolean): string {
  let i = s.length;
  while (i > 0) {
    let c = s.charCodeAt(i - 1);
    let size = 1;
    if (c >= 0x80) [c, size] = decodeLastRune(s, i);
    if (!inSet(c)) break;
    i -= size;
  }
  return i === s.length ? s : s.slice(0, i);
}

// ---------------------------------------------------------------------------------------------
// iterable views: "abc".elems(), .elem_ords(), .codepoints(), .codepoint_ords()

/** The value of s.elems() / s.elem_ords(): iterable and indexable, one byte at a time. */
export class StringElems extends StarlarkObject {
  constructor(
    readonly s: string,
    readonly ords: boolean,
  ) {
    super();
  }
  get type(): string {
    return 'string.elems';
  }
  override hashKey(): HashKey {
    throw new StarlarkError(`unhashable: ${this.type}`);
  }
  override repr(): string {
    return repr(this.s) + (this.ords ? '.elem_ords()' : '.elems()');
  }
  override iterate(): ValueIterator {
    let i = 0;
    const { s, ords } = this;
    return {
      next: () => (i < s.length ? (ords ? s.charCodeAt(i++) : s[i++]!) : undefined),
      done: () => {},
    };
  }
  override length(): number {
    return this.s.length;
  }
  override index(i: number): Value {
    return this.ords ? this.s.charCodeAt(i) : this.s[i]!;
  }
}

/** The value of s.codepoints() / s.codepoint_ords(): iterable only, one code point at a time. */
export class StringCodepoints extends StarlarkObject {
  constructor(
    readonly s: string,
    readonly ords: boolean,
  ) {
    super();
  }
  get type(): string {
    return 'string.codepoints';
  }
  override hashKey(): HashKey {
    throw new StarlarkError(`unhashable: ${this.type}`);
  }
  override repr(): string {
    return repr(this.s) + (this.ords ? '.codepoint_ords()' : '.codepoints()');
  }
  override iterate(): ValueIterator {
    let i = 0;
    const { s, ords } = this;
    return {
      next: () => {
        if (i >= s.length) return undefined;
        const [c, size] = decodeRune(s, i);
        const start = i;
        i += size;
        if (ords) return c;
        return c === 0xfffd ? '\xef\xbf\xbd' : s.slice(start, i);
      },
      done: () => {},
    };
  }
}

// ---------------------------------------------------------------------------------------------
// the methods

type Method = (s: string, args: readonly Value[], kwargs: KwArgs, thread: Thread) => Value;

function noArgs(name: string, args: readonly Value[], kwargs: KwArgs): void {
  if (args.length > 0 || kwargs.length > 0) unpackPositional(name, args, kwargs, 0, 0);
}

/** The one str argument of a method, without unpacking's allocations when the call is well formed. */
function oneString(name: string, args: readonly Value[], kwargs: KwArgs): string {
  const x = args[0];
  if (args.length === 1 && kwargs.length === 0 && typeof x === 'string') return x;
  return unpackPositional(name, args, kwargs, 1, 1, [wantString])[0] as string;
}

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#string·capitalize */
const capitalize: Method = (s, args, kwargs) => {
  noArgs('capitalize', args, kwargs);
  if (isAscii(s)) return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1).toLowerCase();
  return mapRunes(s, (c, i) => (i === 0 ? U.toTitle(c) : U.toLower(c)));
};

/**
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#string·elems
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#string·elem_ords
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#string·codepoints
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#string·codepoint_ords
 */
function iterableView(name: string, codepoints: boolean, ords: boolean): Method {
  return (s, args, kwargs) => {
    noArgs(name, args, kwargs);
    return codepoints ? new StringCodepoints(s, ords) : new StringElems(s, ords);
  };
}

/** The substring s[start:end] selected by optional start/end arguments, and its offset. */
function window(name: string, s: string, start: Value | undefined, end: Value | undefined) {
  if (start === undefined && end === undefined) return { sub: s, offset: 0 };
  const [i, j] = named(name, () => indices(start, end, s.length));
  return { sub: i < j ? s.slice(i, j) : '', offset: i };
}

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#string·count */
const count: Method = (s, args, kwargs) => {
  const [sub, start, end] = unpackPositional('count', args, kwargs, 1, 3, [wantString]);
  return countOf(window('count', s, start, end).sub, sub as string);
};

/**
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#string·find
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#string·rfind
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#string·index
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#string·rindex
 */
function finder(name: string, last: boolean, allowMissing: boolean): Method {
  return (s, args, kwargs) => {
    let sub: Value | undefined;
    let start: Value | undefined;
    let end: Value | undefined;
    if (args.length === 1 && kwargs.length === 0 && typeof args[0] === 'string') sub = args[0];
    else [sub, start, end] = unpackPositional(name, args, kwargs, 1, 3, [wantString]);
    const w = window(name, s, start, end);
    const i = last ? w.sub.lastIndexOf(sub as string) : w.sub.indexOf(sub as string);
    if (i < 0) {
      if (allowMissing) return -1;
      throw new StarlarkError(`${name}: substring not found`);
    }
    return i + w.offset;
  };
}

/**
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#string·startswith
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#string·endswith
 */
function affixTest(name: string, suffix: boolean): Method {
  return (s, args, kwargs) => {
    let x: Value;
    let sub = s;
    if (args.length === 1 && kwargs.length === 0) x = args[0]!;
    else {
      const [x1, start, end] = unpackPositional(name, args, kwargs, 1, 3);
      x = x1!;
      const [i, j] = named(name, () => indices(start ?? None, end ?? None, s.length));
      sub = s.slice(i, Math.max(i, j));
    }
    const test = (p: string) => (suffix ? sub.endsWith(p) : sub.startsWith(p));
    if (typeof x === 'string') return test(x);
    if (x instanceof Tuple) {
      for (let i = 0; i < x.elems.length; i++) {
        const p = x.elems[i]!;
        if (typeof p !== 'string') {
          throw new StarlarkError(`${name}: want string, got ${typeName(p)}, for element ${i}`);
        }
        if (test(p)) return true;
      }
      return false;
    }
    throw new StarlarkError(`${name}: got ${typeName(x)}, want string or tuple of string`);
  };
}

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#string·format */
const format: Method = (s, args, kwargs, thread) => strFormat(thread, s, args, kwargs);

/**
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#string·isalnum
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#string·isalpha
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#string·isdigit
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#string·isspace
 */
function classTest(name: string, pred: (c: number) => boolean): Method {
  return (s, args, kwargs) => {
    noArgs(name, args, kwargs);
    return allRunes(s, pred);
  };
}

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#string·islower */
const islower: Method = (s, args, kwargs) => {
  noArgs('islower', args, kwargs);
  return isCasedString(s) && s === toLowerString(s);
};

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#string·isupper */
const isupper: Method = (s, args, kwargs) => {
  noArgs('isupper', args, kwargs);
  return isCasedString(s) && s === toUpperString(s);
};

/**
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#string·istitle
 * Upper or title case only after uncased characters, lower case only after cased ones.
 */
const istitle: Method = (s, args, kwargs) => {
  noArgs('istitle', args, kwargs);
  let cased = false;
  let prevCased = false;
  for (let i = 0; i < s.length;) {
    const [c, size] = decodeRune(s, i);
    i += size;
    if ((c >= 0x41 && c <= 0x5a) || U.isTitle(c)) {
      if (prevCased) return false;
      prevCased = cased = true;
    } else if (U.isLower(c)) {
      if (!prevCased) return false;
      prevCased = cased = true;
    } else if (U.isUpper(c)) {
      return false;
    } else {
      prevCased = false;
    }
  }
  return cased;
};

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#string·join */
const join: Method = (s, args, kwargs) => {
  let iterable = args[0];
  if (args.length !== 1 || kwargs.length > 0 || !(iterable instanceof List)) {
    [iterable] = unpackPositional('join', args, kwargs, 1, 1, [wantIterable]);
  }
  const elems = elements(iterable!, true)!;
  if (elems.length === 0) return '';
  // Concatenation, checking each element on the way: for the few strings of a typical join it
  // is about twice as fast as Array.prototype.join; long lists still go through join, which
  // builds one flat string instead of a tree of concatenations.
  let out = elems[0]!;
  if (typeof out !== 'string') throw joinElementError(out);
  if (elems.length > SHORT_JOIN) {
    for (const x of elems) if (typeof x !== 'string') throw joinElementError(x);
    return elems.join(s);
  }
  for (let i = 1; i < elems.length; i++) {
    const x = elems[i]!;
    if (typeof x !== 'string') throw joinElementError(x);
    out += s + x;
  }
  return out;
};

/** Lists longer than this are joined by Array.prototype.join. */
const SHORT_JOIN = 32;

function joinElementError(x: Value): StarlarkError {
  return new StarlarkError(`join: in list, want string, got ${typeName(x)}`);
}

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#string·lower */
const lower: Method = (s, args, kwargs) => {
  noArgs('lower', args, kwargs);
  return toLowerString(s);
};

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#string·upper */
const upper: Method = (s, args, kwargs) => {
  noArgs('upper', args, kwargs);
  return toUpperString(s);
};

/**
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#string·partition
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#string·rpartition
 */
function partitioner(name: string, last: boolean): Method {
  return (s, args, kwargs) => {
    const sep = oneString(name, args, kwargs);
    if (sep === '') throw new StarlarkError(`${name}: empty separator`);
    const i = last ? s.lastIndexOf(sep) : s.indexOf(sep);
    if (i < 0) return new Tuple(last ? ['', '', s] : [s, '', '']);
    return new Tuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
  };
}

/**
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#string·removeprefix
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#string·removesuffix
 */
function affixRemover(name: string, suffix: boolean): Method {
  return (s, args, kwargs) => {
    const fix = oneString(name, args, kwargs);
    if (suffix) return s.endsWith(fix) ? s.slice(0, s.length - fix.length) : s;
    return s.startsWith(fix) ? s.slice(fix.length) : s;
  };
}

/** https://github.com/google/starlark-go/blob/master/doc/spec.md#string·replace */
const replace: Method = (s, args, kwargs) => {
  const [a, b] = args;
  if (args.length === 2 && kwargs.length === 0 && typeof a === 'string' && typeof b === 'string') {
    return replaceString(s, a, b, -1);
  }
  const [old, repl, n] = unpackPositional('replace', args, kwargs, 2, 3, [
    wantString,
    wantString,
    wantInt64,
  ]);
  return replaceString(s, old as string, repl as string, int64(n, -1));
};

/**
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#string·split
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#string·rsplit
 */
function splitter(name: 'split' | 'rsplit'): Method {
  return (s, args, kwargs) => {
    let sep: Value | undefined;
    let maxv: Value | undefined;
    if (args.length <= 1 && kwargs.length === 0) sep = args[0];
    else [sep, maxv] = unpackPositional(name, args, kwargs, 0, 2, [undefined, wantInt64]);
    const max = int64(maxv, -1);
    let parts: string[];
    if (sep === undefined || sep === None) {
      if (max < 0) parts = fields(s);
      else parts = name === 'split' ? splitSpace(s, max) : rsplitSpace(s, max);
    } else if (typeof sep === 'string') {
      if (sep === '') throw new StarlarkError('split: empty separator');
      if (max < 0) parts = splitAll(s, sep);
      else if (name === 'split') parts = splitN(s, sep, max + 1);
      else {
        parts = splitAll(s, sep);
        const excess = parts.length - max;
        if (excess > 0) parts = [parts.slice(0, excess).join(sep), ...parts.slice(excess)];
      }
    } else {
      throw new StarlarkError(`split: got ${typeName(sep)} for separator, want string`);
    }
    return new List(parts);
  };
}

/**
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#string·splitlines
 * Lines end at "\n" only, as in go.starlark.net.
 */
const splitlines: Method = (s, args, kwargs) => {
  const [keepends] = unpackPositional('splitlines', args, kwargs, 0, 1, [wantBool]);
  if (s === '') return new List([]);
  let lines: string[];
  if (keepends === true) {
    lines = [];
    let start = 0;
    for (let j = s.indexOf('\n'); j >= 0; j = s.indexOf('\n', start)) {
      lines.push(s.slice(start, j + 1));
      start = j + 1;
    }
    lines.push(s.slice(start));
  } else {
    lines = splitAll(s, '\n');
  }
  if (s.endsWith('\n')) lines.pop();
  return new List(lines);
};

/**
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#string·strip
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#string·lstrip
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#string·rstrip
 */
function stripper(name: 'strip' | 'lstrip' | 'rstrip'): Method {
  return (s, args, kwargs) => {
    let chars = '';
    if (args.length > 0 || kwargs.length > 0) {
      const x = args[0];
      if (args.length === 1 && kwargs.length === 0 && typeof x === 'string') chars = x;
      else chars = unpackPositional(name, args, kwargs, 0, 1, [wantString])[0] as string;
    }
    const inSet =
      chars === ''
        ? U.isSpace
        : isAscii(chars)
          ? (c: number) => c < 0x80 && chars.includes(String.fromCharCode(c))
          : (c: number) => cutsetHas(chars, c);
    if (name === 'lstrip') return trimLeft(s, inSet);
    if (name === 'rstrip') return trimRight(s, inSet);
    return trimRight(trimLeft(s, inSet), inSet);
  };
}

/**
 * https://github.com/google/starlark-go/blob/master/doc/spec.md#string·title
 * Title case after uncased characters, lower case after cased ones.
 */
const title: Method = (s, args, kwargs) => {
  noArgs('title', args, kwargs);
  let prevCased = false;
  return mapRunes(s, (c) => {
    const r = prevCased ? U.toLower(c) : U.toTitle(c);
    prevCased = U.isCased(r);
    return r;
  });
};

const table: [string, Method][] = [
  ['capitalize', capitalize],
  ['codepoint_ords', iterableView('codepoint_ords', true, true)],
  ['codepoints', iterableView('codepoints', true, false)],
  ['count', count],
  ['elem_ords', iterableView('elem_ords', false, true)],
  ['elems', iterableView('elems', false, false)],
  ['endswith', affixTest('endswith', true)],
  ['find', finder('find', false, true)],
  ['format', format],
  ['index', finder('index', false, false)],
  ['isalnum', classTest('isalnum', (c) => U.isLetter(c) || U.isDigit(c))],
  ['isalpha', classTest('isalpha', U.isLetter)],
  ['isdigit', classTest('isdigit', U.isDigit)],
  ['islower', islower],
  ['isspace', classTest('isspace', U.isSpace)],
  ['istitle', istitle],
  ['isupper', isupper],
  ['join', join],
  ['lower', lower],
  ['lstrip', stripper('lstrip')],
  ['partition', partitioner('partition', false)],
  ['removeprefix', affixRemover('removeprefix', false)],
  ['removesuffix', affixRemover('removesuffix', true)],
  ['replace', replace],
  ['rfind', finder('rfind', true, true)],
  ['rindex', finder('rindex', true, false)],
  ['rpartition', partitioner('rpartition', true)],
  ['rsplit', splitter('rsplit')],
  ['rstrip', stripper('rstrip')],
  ['split', splitter('split')],
  ['splitlines', splitlines],
  ['startswith', affixTest('startswith', false)],
  ['strip', stripper('strip')],
  ['title', title],
  ['upper', upper],
];

/** The methods of str, by name. */
export const stringMethods: ReadonlyMap<string, BuiltinFn> = new Map(
  table.map(([name, m]): [string, BuiltinFn] => [
    name,
    (thread, args, kwargs, recv) => m(recv as string, args, kwargs, thread),
  ]),
);
