/**
 * Protocol messages as Starlark values (go.starlark.net's lib/proto): `proto.Message` wraps a
 * message's data, `proto.repeated<T>` wraps one of its repeated fields like a list.
 *
 * Data and wrappers are apart, as in Go: a message's data (`MessageData`) holds field values in
 * protobuf's own terms (ints of 32 bits as numbers, of 64 bits as bigints, str and bytes as byte
 * strings, enums as numbers, sub-messages as MessageData, repeated fields as a `ProtoList`).
 * Every read of `msg.field` makes a fresh wrapper around the same data, and a group of wrappers
 * reached from one message share one `FrozenFlag`: freezing any of them freezes the group, but
 * not another group around the same data (a shallow copy `M(msg)` gets a group of its own).
 *
 * Every assignment checks the value's type and range against the field (`invalid uint32: -1`),
 * with go.starlark.net's messages.
 */
import { NoSuchAttrError, StarlarkError } from '../../runtime/errors';
import { iterate } from '../../runtime/iterate';
import { repr } from '../../runtime/ops';
import { encodeUtf8 } from '../../runtime/strings';
import type { Thread } from '../../runtime/thread';
import {
  Bytes,
  Dict,
  Float,
  None,
  normalizeInt,
  StarlarkObject,
  typeName,
  type HashKey,
  type KwArgs,
  type Value,
  type ValueIterator,
} from '../../runtime/value';
import type { FieldDescriptor, MessageDescriptor } from './descriptors';
import { enumValueOf, setMessageConstructor, typeString } from './descriptors';

/** A field value in protobuf's terms (one element of a repeated field). */
export type ProtoScalar = boolean | number | bigint | string | MessageData;
export type ProtoValue = ProtoScalar | ProtoList;

/** The elements of a repeated field, shared by every wrapper of it. */
export class ProtoList {
  constructor(public elems: ProtoScalar[] = []) {}
}

/** One message's fields (and the unknown fields it was decoded with). */
export class MessageData {
  /** Set fields and extensions by number. */
  readonly values = new Map<number, { field: FieldDescriptor; value: ProtoValue }>();
  /** Fields the decoder did not know, as wire bytes (one char code per byte). */
  unknown = '';

  constructor(readonly type: MessageDescriptor) {}

  /** Whether the field is present (protoreflect's Has). */
  has(f: FieldDescriptor): boolean {
    const entry = this.values.get(f.number);
    return entry !== undefined && entry.field === f && isSet(f, entry.value);
  }

  /** The stored value, or undefined. */
  raw(f: FieldDescriptor): ProtoValue | undefined {
    const entry = this.values.get(f.number);
    return entry?.field === f ? entry.value : undefined;
  }

  set(f: FieldDescriptor, value: ProtoValue): void {
    const oneof = f.options.oneof;
    if (oneof !== undefined) {
      for (const [n, e] of this.values) {
        if (n !== f.number && e.field.options.oneof === oneof && !e.field.isExtension) {
          this.values.delete(n);
        }
      }
    }
    this.values.set(f.number, { field: f, value });
  }

  clear(f: FieldDescriptor): void {
    if (this.values.get(f.number)?.field === f) this.values.delete(f.number);
  }

  /** The list of a repeated field, made (and stored) when there is none yet. */
  mutableList(f: FieldDescriptor): ProtoList {
    const v = this.raw(f);
    if (v instanceof ProtoList) return v;
    const list = new ProtoList();
    this.set(f, list);
    return list;
  }

  /** The present fields, in order of field number. */
  present(): { field: FieldDescriptor; value: ProtoValue }[] {
    return [...this.values.values()]
      .filter((e) => isSet(e.field, e.value))
      .sort((a, b) => a.field.number - b.field.number);
  }
}

/** Whether a stored value counts as present: lists when not empty; else by presence or non-zero. */
function isSet(f: FieldDescriptor, v: ProtoValue): boolean {
  if (v instanceof ProtoList) return v.elems.length > 0;
  if (f.hasPresence) return true;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'number':
      return v !== 0 || Object.is(v, -0);
    case 'bigint':
      return v !== 0n;
    case 'string':
      return v.length > 0;
    default:
      return true;
  }
}

/** Frozenness shared by the wrappers reached from one message value. */
export interface FrozenFlag {
  frozen: boolean;
}

// ---------------------------------------------------------------------------------------------
// Values

/** A protocol message: `msg.field` reads, `msg.field = v` checks and writes. */
export class Message extends StarlarkObject {
  constructor(
    readonly data: MessageData,
    readonly flag: FrozenFlag = { frozen: false },
  ) {
    super();
  }
  get type(): string {
    return 'proto.Message';
  }
  override freeze(): void {
    this.flag.frozen = true;
  }
  override repr(): string {
    const parts = this.data.present().map(({ field, value }) => {
      const name = field.isExtension ? field.fullName : field.name;
      return `${name}=${repr(toStarlark(field, value, { frozen: false }))}`;
    });
    return `${this.data.type.fullName}(${parts.join(', ')})`;
  }
  override getAttr(name: string): Value | undefined {
    if (name === 'descriptor') return this.data.type;
    return this.getField(fieldByName(this.data.type, name));
  }
  override attrNames(): readonly string[] {
    return ['descriptor', ...this.data.type.fields.map((f) => f.name)].sort();
  }
  override setField(name: string, v: Value): void {
    const f = fieldByName(this.data.type, name);
    if (this.flag.frozen) {
      throw new StarlarkError(
        `cannot set .${name} field of frozen ${this.data.type.fullName} message`,
      );
    }
    setField(this.data, f, v);
  }

  /** The field's value, or its default when it is not present. */
  getField(f: FieldDescriptor): Value {
    const v = this.data.raw(f);
    if (v !== undefined && this.data.has(f)) return toStarlark(f, v, this.flag);
    return defaultValue(f);
  }
}

/** The non-extension field of that name, or go.starlark.net's "has no .x field" error. */
export function fieldByName(type: MessageDescriptor, name: string): FieldDescriptor {
  const f = type.field(name);
  if (!f) throw new NoSuchAttrError(`${type.fullName} has no .${name} field`);
  return f;
}

/** A repeated field of a message: indexable, iterable, assignable element by element. */
export class RepeatedField extends StarlarkObject {
  private iterCount = 0;

  constructor(
    /** The field, for its element type only: one list may be shared by several fields. */
    readonly field: FieldDescriptor,
    readonly list: ProtoList,
    readonly flag: FrozenFlag,
  ) {
    super();
  }
  get type(): string {
    return `proto.repeated<${typeString(this.field)}>`;
  }
  override truth(): boolean {
    return this.list.elems.length > 0;
  }
  override freeze(): void {
    this.flag.frozen = true;
  }
  override hashKey(): HashKey {
    throw new StarlarkError(`unhashable: ${this.type}`);
  }
  override repr(): string {
    const flag = { frozen: false };
    return `[${this.list.elems.map((e) => repr(scalarToStarlark(this.field, e, flag))).join(', ')}]`;
  }
  override length(): number {
    return this.list.elems.length;
  }
  override index(i: number): Value {
    return scalarToStarlark(this.field, this.list.elems[i]!, this.flag);
  }
  override setIndex(i: number, v: Value): void {
    if (this.flag.frozen) throw new StarlarkError('cannot insert value in frozen repeated field');
    if (this.iterCount > 0) {
      throw new StarlarkError('cannot insert value in repeated field with active iterators');
    }
    let x: ProtoScalar;
    try {
      x = toProto(this.field, v);
    } catch (e) {
      throw rewrap(e, 'setting element of repeated field: ');
    }
    this.list.elems[i] = x;
  }
  override iterate(): ValueIterator {
    if (!this.flag.frozen) this.iterCount++;
    let i = 0;
    return {
      next: () => (i < this.list.elems.length ? this.index(i++) : undefined),
      done: () => {
        if (!this.flag.frozen) this.iterCount--;
      },
    };
  }
}

/** A StarlarkError with a prefix added to its message (other errors pass through). */
export function rewrap(e: unknown, prefix: string): unknown {
  return e instanceof StarlarkError ? new StarlarkError(prefix + e.message) : e;
}

// ---------------------------------------------------------------------------------------------
// Protobuf values ↔ Starlark values

/** The Starlark value of a stored field value; messages and lists alias the data. */
export function toStarlark(f: FieldDescriptor, v: ProtoValue, flag: FrozenFlag): Value {
  if (v instanceof ProtoList) return new RepeatedField(f, v, flag);
  return scalarToStarlark(f, v, flag);
}

export function scalarToStarlark(f: FieldDescriptor, v: ProtoScalar, flag: FrozenFlag): Value {
  switch (f.kind) {
    case 'bool':
      return v as boolean;
    case 'int64':
    case 'sint64':
    case 'sfixed64':
    case 'uint64':
    case 'fixed64':
      return normalizeInt(v as bigint);
    case 'string':
      return v as string;
    case 'bytes':
      return new Bytes(v as string);
    case 'double':
    case 'float':
      return new Float(v as number);
    case 'message':
      return new Message(v as MessageData, flag);
    case 'enum':
      return f.enumType!.byNumber(v as number) ?? (v as number);
    default:
      return v as number;
  }
}

/** The (frozen) value a field has when it is not present. */
export function defaultValue(f: FieldDescriptor): Value {
  const flag = { frozen: true };
  if (f.isList) return new RepeatedField(f, new ProtoList(), flag);
  if (f.kind === 'message') return new Message(new MessageData(f.messageType!), flag);
  return scalarToStarlark(f, defaultScalar(f), flag);
}

/** A scalar field's default in protobuf's terms: its declared default, or the zero value. */
export function defaultScalar(f: FieldDescriptor): ProtoScalar {
  const d = f.options.default;
  switch (f.kind) {
    case 'bool':
      return d === true || d === 'true';
    case 'string':
    case 'bytes':
      return d === undefined ? '' : encodeUtf8(String(d));
    case 'double':
    case 'float': {
      if (d === undefined) return 0;
      const x = d === 'inf' ? Infinity : d === '-inf' ? -Infinity : d === 'nan' ? NaN : Number(d);
      return f.kind === 'float' ? Math.fround(x) : x;
    }
    case 'enum': {
      const e = f.enumType!;
      if (d === undefined) return e.values[0]!.number;
      const v = typeof d === 'number' ? e.byNumber(d) : e.byName(String(d));
      if (!v) throw new Error(`proto pool: ${f.fullName}: no enum value ${String(d)}`);
      return v.number;
    }
    case 'message':
      return new MessageData(f.messageType!);
    case 'int64':
    case 'sint64':
    case 'sfixed64':
    case 'uint64':
    case 'fixed64':
      return d === undefined ? 0n : BigInt(d as string | number);
    default:
      return d === undefined ? 0 : Number(d);
  }
}

const U32 = 0xffffffff;
const U64 = (1n << 64n) - 1n;
const I64 = 1n << 63n;

/** Checks and converts a Starlark value for a field (or an element of a repeated field). */
export function toProto(f: FieldDescriptor, v: Value): ProtoScalar {
  const isInt = typeof v === 'number' || typeof v === 'bigint';
  const invalid = () => new StarlarkError(`invalid ${typeString(f)}: ${String(v)}`);
  switch (f.kind) {
    case 'bool':
      if (typeof v === 'boolean') return v;
      break;
    case 'uint32':
    case 'fixed32':
      if (isInt) {
        if (typeof v === 'number' && v >= 0 && v <= U32) return v;
        throw invalid();
      }
      break;
    case 'int32':
    case 'sint32':
    case 'sfixed32':
      if (isInt) {
        if (typeof v === 'number' && v >= -0x80000000 && v <= 0x7fffffff) return v;
        throw invalid();
      }
      break;
    case 'uint64':
    case 'fixed64':
      if (isInt) {
        const b = BigInt(v);
        if (b >= 0n && b <= U64) return b;
        throw invalid();
      }
      break;
    case 'int64':
    case 'sint64':
    case 'sfixed64':
      if (isInt) {
        const b = BigInt(v);
        if (b >= -I64 && b < I64) return b;
        throw invalid();
      }
      break;
    case 'string':
    case 'bytes':
      if (typeof v === 'string') return v;
      if (v instanceof Bytes) return v.data;
      break;
    case 'double':
    case 'float': {
      const x = v instanceof Float ? v.value : isInt ? Number(v) : undefined;
      if (x !== undefined) return f.kind === 'float' ? Math.fround(x) : x;
      break;
    }
    case 'message': {
      const type = f.messageType!;
      if (v instanceof Message) {
        if (v.data.type !== type) {
          throw new StarlarkError(`got ${v.data.type.fullName}, want ${type.fullName}`);
        }
        return v.data;
      }
      if (v instanceof Dict) {
        const dest = new MessageData(type);
        setFields(dest, v.items());
        return dest;
      }
      break;
    }
    case 'enum':
      return enumValueOf(f.enumType!, v).number;
  }
  throw new StarlarkError(`got ${typeName(v)}, want ${typeString(f)}`);
}

/** msg.name = value for each (name, value), as the keyword arguments of a constructor. */
export function setFields(data: MessageData, items: Iterable<readonly [Value, Value]>): void {
  for (const [k, v] of items) {
    if (typeof k !== 'string') throw new StarlarkError(`got ${typeName(k)}, want string`);
    setField(data, fieldByName(data.type, k), v);
  }
}

/** Checks a value and stores it in a field; None clears the field. */
export function setField(data: MessageData, f: FieldDescriptor, value: Value): void {
  if (value === None) {
    data.clear(f);
    return;
  }
  if (f.isList) {
    const it = iterate(value);
    if (it === undefined) {
      throw new StarlarkError(`got ${typeName(value)} for .${f.name} field, want iterable`);
    }
    try {
      // As in Go: the field's own list is emptied first, then filled from the iterable.
      const list = data.mutableList(f);
      list.elems.length = 0;
      let i = 0;
      for (let x = it.next(); x !== undefined; x = it.next(), i++) {
        try {
          list.elems.push(toProto(f, x));
        } catch (e) {
          throw rewrap(e, `index ${i}: `);
        }
      }
    } finally {
      it.done();
    }
    return;
  }
  let x: ProtoScalar;
  try {
    x = toProto(f, value);
  } catch (e) {
    throw rewrap(e, `in field ${f.name}: `);
  }
  data.set(f, x);
}

// ---------------------------------------------------------------------------------------------
// Calling a message descriptor

/** `M(k=v, ...)`, `M(dict)` or `M(msg)` (a shallow copy). */
function construct(
  _thread: Thread,
  d: MessageDescriptor,
  args: readonly Value[],
  kwargs: KwArgs,
): Value {
  const dest = new MessageData(d);
  let items: Iterable<readonly [Value, Value]> = kwargs;
  if (args.length > 0) {
    if (kwargs.length > 0) {
      throw new StarlarkError(`${d.name}: got both positional and named arguments`);
    }
    if (args.length > 1) {
      throw new StarlarkError(`${d.name}: got ${args.length} positional arguments, want at most 1`);
    }
    const src = args[0]!;
    if (src instanceof Message) {
      if (src.data.type !== d) {
        throw new StarlarkError(
          `${d.name}: got message of type ${src.data.type.fullName}, want type ${d.fullName}`,
        );
      }
      for (const { field, value } of src.data.present()) dest.set(field, value);
      return new Message(dest);
    }
    if (!(src instanceof Dict)) {
      throw new StarlarkError(`${d.name}: got ${typeName(src)}, want dict or message`);
    }
    items = src.items();
  }
  setFields(dest, items);
  return new Message(dest);
}

setMessageConstructor(construct);
