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
  override hashKey(): HashKey {
    let key = TUPLE_KEY;
    for (const e of this.elems) key += encodeKey(hashKey(e));
    return key;
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

export class Dict extends HashTable {
  /** key → value, in insertion order. */
  readonly entries = new Map<HashKey, Value>();
  /** The original key for entries whose HashKey is not the key itself (floats, tuples, bytes…). */
  private originalKeys: Map<HashKey, Value> | undefined;

  get type(): string {
    return 'dict';
  }
  get size(): number {
    return this.entries.size;
  }
  override freeze(): void {
    if (this.frozen) return;
    this.frozen = true;
    for (const [k, v] of this.entries) {
      freeze(this.keyOf(k));
      freeze(v);
    }
  }
  override hashKey(): HashKey {
    throw new StarlarkError('unhashable type: dict');
  }

  get(key: Value): Value | undefined {
    return this.entries.get(typeof key === 'object' ? key.hashKey() : key);
  }

  /** The fast path for str keys. */
  getStr(key: string): Value | undefined {
    return this.entries.get(key);
  }

  set(key: Value, value: Value): void {
    this.checkMutable('insert into');
    if (typeof key !== 'object') {
      this.entries.set(key, value);
      return;
    }
    const k = key.hashKey();
    if (k !== key && !this.entries.has(k)) (this.originalKeys ??= new Map()).set(k, key);
    this.entries.set(k, value);
  }

  /** Removes key; returns its value, or undefined if it was absent. */
  delete(key: Value): Value | undefined {
    this.checkMutable('delete from');
    const k = hashKey(key);
    const v = this.entries.get(k);
    if (v === undefined) return undefined;
    this.entries.delete(k);
    this.originalKeys?.delete(k);
    return v;
  }

  clear(): void {
    this.checkMutable('clear');
    this.entries.clear();
    this.originalKeys = undefined;
  }

  /** The Starlark key stored under a HashKey. */
  keyOf(k: HashKey): Value {
    return (this.originalKeys?.get(k) ?? k) as Value;
  }

  keys(): Value[] {
    const out: Value[] = [];
    for (const k of this.entries.keys()) out.push(this.keyOf(k));
    return out;
  }

  values(): Value[] {
    return [...this.entries.values()];
  }

  items(): [Value, Value][] {
    const out: [Value, Value][] = [];
    for (const [k, v] of this.entries) out.push([this.keyOf(k), v]);
    return out;
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
