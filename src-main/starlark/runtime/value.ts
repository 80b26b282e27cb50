/**
 * How Starlark values are represented in JavaScript.
 *
 * The representation is chosen for V8: the values a reconciler handles most (ints, strings,
 * bools) are JS primitives, so they cost no allocation and compare with `===`; everything else is
 * an instance of a small class with a fixed shape.
 *
 * | Starlark | JavaScript |
 * | --- | --- |
 * | None | the `None` singleton |
 * | bool | `boolean` |
 * | int | `number` when it is a safe integer (|n| ≤ 2^53−1), else `bigint` — always in this canonical form, so equal ints are `===` |
 * | float | `Float` |
 * | str | `string` holding one byte per char code (0–255): see strings.ts |
 * | bytes | `Bytes` |
 * | list, tuple, dict, set, range | `List`, `Tuple`, `Dict`, `Set`, `Range` |
 * | builtin function or method | `Builtin` |
 * | function, struct, module, … | subclasses of `StarlarkObject` defined where they belong |
 *
 * Dicts and sets are JS Maps keyed by a `HashKey`: a str is its own key, an int is its own key
 * (a float equal to an int shares the int's key, since 1 == 1.0), and composite hashable values
 * (tuples, bytes, structs) are encoded as JS strings that begin with a char code above 0xFF —
 * which no Starlark str contains — so they can never collide with a str key.
 */

import { StarlarkError } from './errors';
import type { Thread } from './thread';

export type Value = boolean | number | bigint | string | StarlarkObject;

/**
 * The base of every value that is not a JS primitive.
 *
 * Besides the basics (type, truth, freeze, hashKey) it carries the optional protocols through
 * which types defined outside the runtime's core — struct, module, string.elems, a host's own
 * values — take part in attribute access, operators, comparison, iteration and indexing, as
 * go.starlark.net's optional interfaces (HasAttrs, HasBinary, Comparable, Iterable, Indexable,
 * Sliceable, HasSetField…) do. The defaults say "not supported"; the runtime's operations in
 * ops.ts handle the built-in types directly and consult these hooks for everything else.
 */
export abstract class StarlarkObject {
  /** The Starlark type name, as type() reports it. */
  abstract get type(): string;

  /** Truth value (Starlark's bool(x)). */
  truth(): boolean {
    return true;
  }

  /** Makes the value and everything it reaches immutable. */
  freeze(): void {}

  /** The dict/set key of this value; throws "unhashable type: T" for mutable values. */
  hashKey(): HashKey {
    return this;
  }

  /** What repr() and str() print (a Starlark byte string). Types with a literal form are printed by ops.repr. */
  repr(): string {
    return `<${this.type}>`;
  }

  /**
   * HasAttrs: `x.name` — the field or method, or undefined when there is none (the runtime then
   * reports "T has no .name field or method" with a spelling hint). Throw a NoSuchAttrError for
   * a message of your own (the hint is added), or any StarlarkError for a real failure.
   */
  getAttr(_name: string): Value | undefined {
    return undefined;
  }

  /** The names getAttr knows, for dir(), hasattr() and "did you mean" hints. */
  attrNames(): readonly string[] {
    return [];
  }

  /** HasSetField: `x.name = v`. Throw a NoSuchAttrError for an unknown field (a hint is added). */
  setField(name: string, _v: Value): void {
    throw new StarlarkError(`can't assign to .${name} field of ${this.type}`);
  }

  /**
   * HasBinary: `x op y` where this value is the left (side 'left') or right operand. Return
   * undefined to decline; the runtime then reports "unknown binary op".
   */
  binary(_op: BinaryOperator, _other: Value, _side: 'left' | 'right'): Value | undefined {
    return undefined;
  }

  /** HasUnary: `+x`, `-x`, `~x`; undefined declines ("unknown unary op"). */
  unary(_op: '+' | '-' | '~'): Value | undefined {
    return undefined;
  }

  /**
   * Comparable: `x op y` for a y of the same type. The default compares identity for == and !=
   * and refuses ordered comparisons. `depth` bounds recursion (see ops.compareDepth).
   */
  compareSameType(op: CompareOperator, y: Value, _depth: number): boolean {
    if (op === '==') return this === y;
    if (op === '!=') return this !== y;
    throw new StarlarkError(`${this.type} ${op} ${this.type} not implemented`);
  }

  /** Iterable: a fresh iterator over the elements, or undefined when the value is not iterable. */
  iterate(): ValueIterator | undefined {
    return undefined;
  }

  /** Sequence / Indexable: the number of elements, or -1 when the value has no length. */
  length(): number {
    return -1;
  }

  /** Indexable: element i, for 0 ≤ i < length(). Absent when the value is not indexable. */
  index?(i: number): Value;

  /** Sliceable: the elements start, start+step, … before end (indices already clamped as in ops.slice). */
  slice?(start: number, end: number, step: number): Value;

  /** HasSetIndex: `x[i] = v`, for 0 ≤ i < length() (an indexable value that allows it). */
  setIndex?(i: number, v: Value): void;
}

/** Binary operators a value may implement through StarlarkObject.binary. */
export type BinaryOperator =
  '+' | '-' | '*' | '/' | '//' | '%' | 'in' | 'not in' | '|' | '&' | '^' | '<<' | '>>';

export type CompareOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** An iterator over Starlark values: next() returns undefined when exhausted; done() must be called at the end. */
export interface ValueIterator {
  next(): Value | undefined;
  done(): void;
}

/**
 * A value that can be called: builtins, Starlark functions (compile/function.ts) and host
 * callables. Call it through runtime/call.ts `call`, never callInternal directly.
 */
export abstract class Callable extends StarlarkObject {
  abstract readonly name: string;
  /**
   * Runs the call. Builtin-like callables just compute (the runtime records a `<builtin>` frame
   * around them); Starlark functions push their own frame and return `framed` true.
   */
  abstract callInternal(thread: Thread, args: readonly Value[], kwargs: KwArgs): Value;
  /** Whether callInternal manages its own call frame (Starlark functions do). */
  get framed(): boolean {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// None

export class NoneType extends StarlarkObject {
  get type(): string {
    return 'NoneType';
  }
  override truth(): boolean {
    return false;
  }
}

export const None = new NoneType();

// ---------------------------------------------------------------------------------------------
// float

export class Float extends StarlarkObject {
  constructor(readonly value: number) {
    super();
  }
  get type(): string {
    return 'float';
  }
  override truth(): boolean {
    return this.value !== 0;
  }
  override hashKey(): HashKey {
    const v = this.value;
    // A float equal to an int must find that int's entry (1.0 == 1).
    if (Number.isInteger(v)) return Number.isSafeInteger(v) ? v : BigInt(v);
    return v;
  }
}

// ---------------------------------------------------------------------------------------------
// bytes

export class Bytes extends StarlarkObject {
  /** One char code (0–255) per byte. */
  constructor(readonly data: string) {
    super();
  }
  get type(): string {
    return 'bytes';
  }
  override truth(): boolean {
    return this.data.length > 0;
  }
  override hashKey(): HashKey {
    return BYTES_KEY + this.data;
  }
}

// ---------------------------------------------------------------------------------------------
// tuple

export class Tuple extends StarlarkObject {
  constructor(readonly elems: Value[]) {
    super();
  }
  get type(): string {
    return 'tuple';
  }
  override truth(): boolean {
    return this.elems.length > 0;
  }
  override freeze(): void {
    for (const e of this.elems) freeze(e);
  }
  /** The hash key, computed once: a tuple and the keys of its elements never change. */
  private key: HashKey | undefined = undefined;
  override hashKey(): HashKey {
    if (this.key !== undefined) return this.key;
    let key = TUPLE_KEY;
    for (const e of this.elems) key += encodeKey(hashKey(e));
    return (this.key = key);
  }
}

export const emptyTuple = new Tuple([]);

// ---------------------------------------------------------------------------------------------
// list

export class List extends StarlarkObject {
  frozen = false;
  /** Active iterations; mutation is an error while it is non-zero. */
  iterCount = 0;

  constructor(public elems: Value[]) {
    super();
  }
  get type(): string {
    return 'list';
  }
  override truth(): boolean {
    return this.elems.length > 0;
  }
  override freeze(): void {
    if (this.frozen) return;
    this.frozen = true;
    for (const e of this.elems) freeze(e);
  }
  override hashKey(): HashKey {
    throw new StarlarkError('unhashable type: list');
  }
  /** Throws unless the list may be mutated; `verb` completes "cannot VERB frozen list". */
  checkMutable(verb: string): void {
    if (this.frozen) throw new StarlarkError(`cannot ${verb} frozen list`);
    if (this.iterCount > 0) throw new StarlarkError(`cannot ${verb} list during iteration`);
  }
}

// ---------------------------------------------------------------------------------------------
// dict and set: insertion-ordered hash tables

/** A dict or set key: the value itself for str, int, bool and identity-hashed objects; an encoded string for composites. */
export type HashKey = string | number | bigint | boolean | object;

/** Char codes above 0xFF start composite keys, so they never equal a str key. */
const TUPLE_KEY = '\u0100';
const BYTES_KEY = '\u0101';
/** Prefix for keys of other composite values (structs); subclasses append their own encoding. */
export const COMPOSITE_KEY = '\u0102';

let nextIdentity = 1;
const identities = new WeakMap<object, number>();

/** Encodes a HashKey unambiguously as a string, for composite keys. */
export function encodeKey(k: HashKey): string {
  switch (typeof k) {
    case 'string':
      return `s${k.length}:${k}`;
    case 'number':
    case 'bigint':
      return `n${k};`;
    case 'boolean':
      return k ? 'T' : 'F';
    default: {
      let id = identities.get(k);
      if (id === undefined) identities.set(k, (id = nextIdentity++));
      return `o${id};`;
    }
  }
}

/** The key of a value in a dict or set; throws "unhashable type: T". */
export function hashKey(v: Value): HashKey {
  return typeof v === 'object' ? v.hashKey() : v;
}

abstract class HashTable extends StarlarkObject {
  frozen = false;
  iterCount = 0;

  override truth(): boolean {
    return this.size > 0;
  }
  abstract get size(): number;

  /** Throws unless the table may be mutated; `verb` completes "cannot VERB frozen hash table". */
  checkMutable(verb: string): void {
    if (this.frozen) throw new StarlarkError(`cannot ${verb} frozen hash table`);
    if (this.iterCount > 0) throw new StarlarkError(`cannot ${verb} hash table during iteration`);
  }
}

/** A deleted entry of a large dict (its slots are reclaimed when holes outnumber entries). */
const HOLE: unknown = Object.freeze({ hole: true });

/** Whether a key of Dict.rawPairs is a deleted pair's. */
export function isHole(k: unknown): boolean {
  return k === HOLE;
}
/** Dicts up to this many entries are searched linearly; larger ones keep an index. */
const SMALL_DICT = 8;

/**
 * A dict: insertion-ordered entries in one array `[key0, value0, key1, value1, …]` of HashKeys
 * and values. Small dicts — most of a reconciler's, built from literals — are searched
 * linearly, which costs no Map per dict; beyond SMALL_DICT entries an index (HashKey → entry
 * number) makes lookups O(1). Deleting from an indexed dict leaves a hole, compacted later.
 */
export class Dict extends HashTable {
  /** [hashKey, value] pairs, in insertion order; HOLE pairs are deleted entries. */
  private kv: unknown[] = [];
  /** Live entries. */
  private count = 0;
  /** HashKey → pair number, for dicts beyond SMALL_DICT entries. */
  private lookup: Map<HashKey, number> | undefined = undefined;
  /**
   * By pair number, the Starlark key of each entry whose HashKey is not the key itself (tuples,
   * floats, bytes…); undefined elsewhere. Absent until such a key is added.
   */
  private originals: (Value | undefined)[] | undefined = undefined;
  private view: DictEntries | undefined = undefined;

  /**
   * A dict of the given [key, value, …] entries, which must have distinct str or int keys (a
   * dict display with literal keys); the array becomes the dict's own.
   */
  static fromEntries(kv: Value[]): Dict {
    const d = new Dict();
    d.kv = kv;
    d.count = kv.length / 2;
    if (d.count > SMALL_DICT) d.reindex();
    return d;
  }

  get type(): string {
    return 'dict';
  }
  get size(): number {
    return this.count;
  }
  override freeze(): void {
    if (this.frozen) return;
    this.frozen = true;
    const kv = this.kv;
    for (let i = 0; i < kv.length; i += 2) {
      if (kv[i] === HOLE) continue;
      freeze(this.keyAt(i));
      freeze(kv[i + 1] as Value);
    }
  }
  override hashKey(): HashKey {
    throw new StarlarkError('unhashable type: dict');
  }

  /** The position in kv of the pair with HashKey k, or -1. */
  private find(k: HashKey): number {
    if (this.lookup !== undefined) {
      const n = this.lookup.get(k);
      return n === undefined ? -1 : n * 2;
    }
    const kv = this.kv;
    for (let i = 0; i < kv.length; i += 2) if (kv[i] === k) return i;
    if (k !== k) {
      // NaN keys are equal to each other (as in go.starlark.net and JS Maps).
      for (let i = 0; i < kv.length; i += 2) if (kv[i] !== kv[i]) return i;
    }
    return -1;
  }

  get(key: Value): Value | undefined {
    const i = this.find(typeof key === 'object' ? key.hashKey() : key);
    return i < 0 ? undefined : (this.kv[i + 1] as Value);
  }

  /** The fast path for str keys. */
  getStr(key: string): Value | undefined {
    if (this.lookup !== undefined) {
      const n = this.lookup.get(key);
      return n === undefined ? undefined : (this.kv[n * 2 + 1] as Value);
    }
    const kv = this.kv;
    for (let i = 0; i < kv.length; i += 2) if (kv[i] === key) return kv[i + 1] as Value;
    return undefined;
  }

  /** Whether the dict has an entry with HashKey k. */
  hasKey(k: HashKey): boolean {
    return this.find(k) >= 0;
  }

  /** The value under a HashKey, or undefined. */
  getByHashKey(k: HashKey): Value | undefined {
    const i = this.find(k);
    return i < 0 ? undefined : (this.kv[i + 1] as Value);
  }

  set(key: Value, value: Value): void {
    this.checkMutable('insert into');
    if (typeof key !== 'object') {
      this.put(key, value);
      return;
    }
    const k = key.hashKey();
    if (k === key) {
      this.put(k, value);
      return;
    }
    const i = this.find(k);
    if (i >= 0) {
      this.kv[i + 1] = value;
      return;
    }
    (this.originals ??= [])[this.kv.length / 2] = key;
    this.append(k, value);
  }

  /** Inserts or replaces the entry with HashKey k (mutability already checked). */
  put(k: HashKey, value: Value): void {
    const i = this.find(k);
    if (i >= 0) {
      this.kv[i + 1] = value;
      return;
    }
    this.append(k, value);
  }

  /** Adds an entry under a HashKey the dict does not have. */
  private append(k: HashKey, value: Value): void {
    const kv = this.kv;
    if (this.lookup !== undefined) this.lookup.set(k, kv.length / 2);
    kv.push(k, value);
    this.count++;
    if (this.lookup === undefined && this.count > SMALL_DICT) this.reindex();
  }

  private reindex(): void {
    const kv = this.kv;
    if (this.count * 2 < kv.length) {
      this.kv = kv.filter((_, i) => kv[i - (i & 1)] !== HOLE);
      const originals = this.originals;
      if (originals !== undefined) {
        // A loop, not filter: filter would skip the array's holes and misalign the rest.
        const kept: (Value | undefined)[] = [];
        for (let n = 0; n < kv.length / 2; n++) if (kv[n * 2] !== HOLE) kept.push(originals[n]);
        this.originals = kept;
      }
    }
    const index = new Map<HashKey, number>();
    const compact = this.kv;
    for (let i = 0; i < compact.length; i += 2) index.set(compact[i] as HashKey, i / 2);
    this.lookup = index;
  }

  /** Removes key; returns its value, or undefined if it was absent. */
  delete(key: Value): Value | undefined {
    this.checkMutable('delete from');
    const k = hashKey(key);
    const i = this.find(k);
    if (i < 0) return undefined;
    const kv = this.kv;
    const v = kv[i + 1] as Value;
    this.count--;
    if (this.lookup === undefined) {
      kv.splice(i, 2);
      this.originals?.splice(i / 2, 1);
    } else {
      this.lookup.delete(k);
      kv[i] = HOLE;
      kv[i + 1] = HOLE;
      if (this.originals !== undefined) this.originals[i / 2] = undefined;
      if (this.count * 2 < kv.length / 2) {
        this.reindex();
        if (this.count <= SMALL_DICT) this.lookup = undefined;
      }
    }
    return v;
  }

  clear(): void {
    this.checkMutable('clear');
    this.kv = [];
    this.count = 0;
    this.lookup = undefined;
    this.originals = undefined;
  }

  /** The Starlark key stored under a HashKey. */
  keyOf(k: HashKey): Value {
    if (this.originals === undefined) return k as Value;
    const i = this.find(k);
    return (i >= 0 ? this.keyAt(i) : k) as Value;
  }

  /** The Starlark key of the pair at position i of kv. */
  private keyAt(i: number): Value {
    const original = this.originals?.[i / 2];
    return original !== undefined ? original : (this.kv[i] as Value);
  }

  /**
   * The pair array itself, `[hashKey, value, …]` in insertion order, for the runtime's tight
   * loops (dict ==). Deleted pairs are holes: skip a key for which isHole is true. Read only.
   */
  get rawPairs(): readonly unknown[] {
    return this.kv;
  }

  /** The value under HashKey k, looked for first at pair position i (where a dict built alike keeps it). */
  getByHashKeyAt(k: HashKey, i: number): Value | undefined {
    const kv = this.kv;
    if (kv[i] === k) return kv[i + 1] as Value;
    return this.getByHashKey(k);
  }

  /** Calls f for each entry in order with its HashKey and value. Do not mutate the dict meanwhile. */
  forEachEntry(f: (k: HashKey, v: Value) => void): void {
    const kv = this.kv;
    for (let i = 0; i < kv.length; i += 2) {
      const k = kv[i];
      if (k !== HOLE) f(k as HashKey, kv[i + 1] as Value);
    }
  }

  /** The HashKeys of the entries, in order. */
  hashKeys(): HashKey[] {
    const out: HashKey[] = [];
    const kv = this.kv;
    for (let i = 0; i < kv.length; i += 2) if (kv[i] !== HOLE) out.push(kv[i] as HashKey);
    return out;
  }

  /** The first entry's Starlark key, or undefined when empty. */
  firstKey(): Value | undefined {
    const kv = this.kv;
    for (let i = 0; i < kv.length; i += 2) if (kv[i] !== HOLE) return this.keyAt(i);
    return undefined;
  }

  keys(): Value[] {
    const out: Value[] = [];
    const kv = this.kv;
    for (let i = 0; i < kv.length; i += 2) {
      if (kv[i] !== HOLE) out.push(this.keyAt(i));
    }
    return out;
  }

  values(): Value[] {
    const out: Value[] = [];
    const kv = this.kv;
    for (let i = 0; i < kv.length; i += 2) if (kv[i] !== HOLE) out.push(kv[i + 1] as Value);
    return out;
  }

  items(): [Value, Value][] {
    const out: [Value, Value][] = [];
    const kv = this.kv;
    for (let i = 0; i < kv.length; i += 2) {
      if (kv[i] !== HOLE) out.push([this.keyAt(i), kv[i + 1] as Value]);
    }
    return out;
  }

  /**
   * A read-only Map view of the entries by HashKey (kept for code written against the former
   * Map representation; the methods above are faster).
   */
  get entries(): ReadonlyMap<HashKey, Value> {
    return (this.view ??= new DictEntries(this));
  }
}

/** The ReadonlyMap view behind Dict.entries. */
class DictEntries implements ReadonlyMap<HashKey, Value> {
  constructor(private readonly dict: Dict) {}
  get size(): number {
    return this.dict.size;
  }
  get(k: HashKey): Value | undefined {
    return this.dict.getByHashKey(k);
  }
  has(k: HashKey): boolean {
    return this.dict.hasKey(k);
  }
  forEach(f: (v: Value, k: HashKey, map: ReadonlyMap<HashKey, Value>) => void): void {
    this.dict.forEachEntry((k, v) => f(v, k, this));
  }
  entries(): MapIterator<[HashKey, Value]> {
    const out: [HashKey, Value][] = [];
    this.dict.forEachEntry((k, v) => out.push([k, v]));
    return out[Symbol.iterator]() as unknown as MapIterator<[HashKey, Value]>;
  }
  keys(): MapIterator<HashKey> {
    return this.dict.hashKeys()[Symbol.iterator]() as unknown as MapIterator<HashKey>;
  }
  values(): MapIterator<Value> {
    return this.dict.values()[Symbol.iterator]() as unknown as MapIterator<Value>;
  }
  [Symbol.iterator](): MapIterator<[HashKey, Value]> {
    return this.entries();
  }
}

export class Set extends HashTable {
  /** key → the element itself, in insertion order. */
  readonly elems = new Map<HashKey, Value>();

  get type(): string {
    return 'set';
  }
  get size(): number {
    return this.elems.size;
  }
  override freeze(): void {
    if (this.frozen) return;
    this.frozen = true;
    for (const e of this.elems.values()) freeze(e);
  }
  override hashKey(): HashKey {
    throw new StarlarkError('unhashable type: set');
  }

  has(x: Value): boolean {
    return this.elems.has(hashKey(x));
  }

  add(x: Value): void {
    this.checkMutable('insert into');
    const k = hashKey(x);
    if (!this.elems.has(k)) this.elems.set(k, x);
  }

  delete(x: Value): boolean {
    this.checkMutable('delete from');
    return this.elems.delete(hashKey(x));
  }

  clear(): void {
    this.checkMutable('clear');
    this.elems.clear();
  }

  values(): Value[] {
    return [...this.elems.values()];
  }
}

// ---------------------------------------------------------------------------------------------
// range

export class Range extends StarlarkObject {
  /** Number of elements. */
  readonly len: number;
  constructor(
    readonly start: number,
    readonly stop: number,
    readonly step: number,
  ) {
    super();
    this.len = rangeLen(start, stop, step);
  }
  get type(): string {
    return 'range';
  }
  override truth(): boolean {
    return this.len > 0;
  }
  override hashKey(): HashKey {
    throw new StarlarkError('unhashable: range');
  }
  at(i: number): number {
    return this.start + i * this.step;
  }
}

function rangeLen(start: number, stop: number, step: number): number {
  if (step > 0) return start < stop ? Math.floor((stop - start - 1) / step) + 1 : 0;
  return start > stop ? Math.floor((start - stop - 1) / -step) + 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// builtin functions and methods

/** Keyword arguments of a call: [name, value] pairs in call order. */
export type KwArgs = readonly (readonly [string, Value])[];
export const noKwargs: KwArgs = Object.freeze([]) as KwArgs;

/**
 * A builtin's implementation. `recv` is the receiver of a bound method (undefined for a plain
 * function).
 */
export type BuiltinFn = (
  thread: Thread,
  args: readonly Value[],
  kwargs: KwArgs,
  recv: Value | undefined,
) => Value;

/** A builtin function, or a method bound to its receiver (`"abc".upper`). */
export class Builtin extends Callable {
  constructor(
    readonly name: string,
    readonly fn: BuiltinFn,
    readonly recv: Value | undefined = undefined,
  ) {
    super();
  }
  get type(): string {
    return 'builtin_function_or_method';
  }
  bind(recv: Value): Builtin {
    return new Builtin(this.name, this.fn, recv);
  }
  callInternal(thread: Thread, args: readonly Value[], kwargs: KwArgs): Value {
    return this.fn(thread, args, kwargs, this.recv);
  }
  override freeze(): void {
    if (this.recv !== undefined) freeze(this.recv);
  }
  override repr(): string {
    return this.recv === undefined
      ? `<built-in function ${this.name}>`
      : `<built-in method ${this.name} of ${typeName(this.recv)} value>`;
  }
  override hashKey(): HashKey {
    // Builtins are hashable and compare by identity (as *Builtin pointers do in go.starlark.net),
    // so two separately bound "a".upper are distinct keys.
    return this;
  }
}

// ---------------------------------------------------------------------------------------------
// helpers over all values

/** Starlark's type(x). */
export function typeName(v: Value): string {
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
    case 'bigint':
      return 'int';
    case 'string':
      return 'string';
    default:
      return v.type;
  }
}

/** Starlark's bool(x). */
export function truth(v: Value): boolean {
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'number':
      return v !== 0;
    case 'bigint':
      return v !== 0n;
    case 'string':
      return v.length > 0;
    default:
      return v.truth();
  }
}

export function freeze(v: Value): void {
  if (typeof v === 'object') v.freeze();
}

/** An int in canonical form: a number when it is a safe integer, else a bigint. */
export function normalizeInt(n: bigint): number | bigint {
  return n >= -MAX_SAFE && n <= MAX_SAFE ? Number(n) : n;
}
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function isInt(v: Value): v is number | bigint {
  return typeof v === 'number' || typeof v === 'bigint';
}
