/**
 * Iteration over iterable values (spec: "Sequence types"). Iterating a mutable list, dict or set
 * locks it against mutation until the iterator's done() — "cannot append to list during
 * iteration" — as go.starlark.net does; frozen values need no lock.
 */
import type { StarlarkObject } from './value';
import { Dict, List, Range, Set, Tuple, Bytes, type Value, type ValueIterator } from './value';

class ArrayIterator implements ValueIterator {
  private i = 0;
  constructor(
    private readonly elems: readonly Value[],
    private owner: List | undefined,
  ) {}
  next(): Value | undefined {
    return this.i < this.elems.length ? this.elems[this.i++] : undefined;
  }
  done(): void {
    if (this.owner !== undefined) {
      this.owner.iterCount--;
      this.owner = undefined;
    }
  }
}

class HashIterator implements ValueIterator {
  constructor(
    private readonly it: Iterator<Value>,
    private owner: Dict | Set | undefined,
  ) {}
  next(): Value | undefined {
    const r = this.it.next();
    return r.done ? undefined : r.value;
  }
  done(): void {
    if (this.owner !== undefined) {
      this.owner.iterCount--;
      this.owner = undefined;
    }
  }
}

class RangeIterator implements ValueIterator {
  private i = 0;
  constructor(private readonly r: Range) {}
  next(): Value | undefined {
    return this.i < this.r.len ? this.r.at(this.i++) : undefined;
  }
  done(): void {}
}

/** A fresh iterator over v's elements, or undefined when v is not iterable. Call done() at the end. */
export function iterate(v: Value): ValueIterator | undefined {
  if (typeof v !== 'object') return undefined;
  if (v instanceof List) {
    if (v.frozen) return new ArrayIterator(v.elems, undefined);
    v.iterCount++;
    return new ArrayIterator(v.elems, v);
  }
  if (v instanceof Tuple) return new ArrayIterator(v.elems, undefined);
  if (v instanceof Range) return new RangeIterator(v);
  if (v instanceof Dict) {
    if (!v.frozen) v.iterCount++;
    return new HashIterator(v.keys()[Symbol.iterator](), v.frozen ? undefined : v);
  }
  if (v instanceof Set) {
    if (!v.frozen) v.iterCount++;
    return new HashIterator(v.elems.values(), v.frozen ? undefined : v);
  }
  return v.iterate();
}

/** The elements of an iterable value as a fresh array, or undefined when v is not iterable. */
export function toArray(v: Value): Value[] | undefined {
  if (typeof v !== 'object') return undefined;
  if (v instanceof List || v instanceof Tuple) return v.elems.slice();
  if (v instanceof Range) {
    const out = new Array<Value>(v.len);
    for (let i = 0; i < v.len; i++) out[i] = v.at(i);
    return out;
  }
  if (v instanceof Dict) return v.keys();
  if (v instanceof Set) return v.values();
  const it = v.iterate();
  if (it === undefined) return undefined;
  const out: Value[] = [];
  try {
    for (let x = it.next(); x !== undefined; x = it.next()) out.push(x);
  } finally {
    it.done();
  }
  return out;
}

/** len(v): the number of elements, or -1 when v has no length. */
export function len(v: Value): number {
  if (typeof v === 'string') return v.length;
  if (typeof v !== 'object') return -1;
  if (v instanceof List || v instanceof Tuple) return v.elems.length;
  if (v instanceof Dict || v instanceof Set) return v.size;
  if (v instanceof Range) return v.len;
  if (v instanceof Bytes) return v.data.length;
  return (v as StarlarkObject).length();
}
