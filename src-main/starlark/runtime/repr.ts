/**
 * repr() and str() of every value (spec: "str", "repr"), as go.starlark.net's writeValue: lists
 * and dicts that contain themselves print as `[...]` / `{...}`.
 */
import { floatToStr } from './format';
import { quote } from './quote';
import { isValidUtf8, decodeRune, encodeRune } from './strings';
import { Bytes, Dict, Float, List, NoneType, Range, Set, Tuple, type Value } from './value';

/** The Starlark literal-like text of a value (a Starlark byte string). */
export function repr(v: Value): string {
  switch (typeof v) {
    case 'string':
      return quote(v);
    case 'number':
      return String(v);
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'True' : 'False';
  }
  const out: string[] = [];
  write(out, v, []);
  return out.join('');
}

/** str(x): a string is itself, bytes are decoded (invalid UTF-8 becomes U+FFFD), anything else is its repr. */
export function str(v: Value): string {
  if (typeof v === 'string') return v;
  if (v instanceof Bytes) return transcodeUtf8(v.data);
  return repr(v);
}

/** A byte string with every byte of an invalid UTF-8 sequence replaced by U+FFFD's encoding. */
export function transcodeUtf8(s: string): string {
  if (isValidUtf8(s)) return s;
  let out = '';
  for (let i = 0; i < s.length;) {
    const [r, size] = decodeRune(s, i);
    out += size === 1 && r === 0xfffd ? encodeRune(0xfffd) : s.slice(i, i + size);
    i += size;
  }
  return out;
}

function write(out: string[], v: Value, path: object[]): void {
  switch (typeof v) {
    case 'string':
      out.push(quote(v));
      return;
    case 'number':
      out.push(String(v));
      return;
    case 'bigint':
      out.push(v.toString());
      return;
    case 'boolean':
      out.push(v ? 'True' : 'False');
      return;
  }
  if (v instanceof List) {
    out.push('[');
    if (path.includes(v)) out.push('...');
    else {
      path.push(v);
      v.elems.forEach((e, i) => {
        if (i > 0) out.push(', ');
        write(out, e, path);
      });
      path.pop();
    }
    out.push(']');
  } else if (v instanceof Tuple) {
    out.push('(');
    v.elems.forEach((e, i) => {
      if (i > 0) out.push(', ');
      write(out, e, path);
    });
    if (v.elems.length === 1) out.push(',');
    out.push(')');
  } else if (v instanceof Dict) {
    out.push('{');
    if (path.includes(v)) out.push('...');
    else {
      let sep = '';
      for (const [k, val] of v.items()) {
        out.push(sep);
        write(out, k, path);
        out.push(': ');
        path.push(v);
        write(out, val, path);
        path.pop();
        sep = ', ';
      }
    }
    out.push('}');
  } else if (v instanceof Set) {
    out.push('set([');
    let sep = '';
    for (const e of v.elems.values()) {
      out.push(sep);
      write(out, e, path);
      sep = ', ';
    }
    out.push('])');
  } else if (v instanceof Float) {
    out.push(floatToStr(v.value));
  } else if (v instanceof Bytes) {
    out.push(quote(v.data, true));
  } else if (v instanceof NoneType) {
    out.push('None');
  } else if (v instanceof Range) {
    out.push(rangeRepr(v));
  } else {
    out.push(v.repr());
  }
}

function rangeRepr(r: Range): string {
  if (r.step !== 1) return `range(${r.start}, ${r.stop}, ${r.step})`;
  if (r.start !== 0) return `range(${r.start}, ${r.stop})`;
  return `range(${r.stop})`;
}
