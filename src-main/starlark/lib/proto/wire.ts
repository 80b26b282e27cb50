/**
 * The protobuf binary wire format (https://protobuf.dev/programming-guides/encoding/), for
 * proto.marshal and proto.unmarshal. Bytes are byte strings (one char code 0–255 per byte), as
 * the engine's bytes values hold them.
 *
 * A record is a tag — varint of (field number << 3 | wire type) — and a payload: a varint (0), 8
 * little-endian bytes (1), a length-prefixed run (2), a group (3 … 4, skipped when unknown) or 4
 * little-endian bytes (5). Fields are written extensions first, then in field-number order, then
 * the unknown fields a message was decoded with, as Go's generated code writes them.
 */
import { StarlarkError } from '../../runtime/errors';
import { isValidUtf8 } from '../../runtime/strings';
import type { FieldDescriptor, MessageDescriptor } from './descriptors';
import { MessageData, ProtoList, type ProtoScalar } from './message';

const VARINT = 0;
const FIXED64 = 1;
const BYTES = 2;
const START_GROUP = 3;
const END_GROUP = 4;
const FIXED32 = 5;

/** An error in protobuf's own words ("proto: …"). */
export function protoError(msg: string): StarlarkError {
  return new StarlarkError(`proto: ${msg}`);
}

const invalidData = () => protoError('cannot parse invalid wire-format data');

// ---------------------------------------------------------------------------------------------
// Encoding

/** Checks that every required field is set, in this message and the messages it holds. */
export function checkInitialized(data: MessageData): void {
  for (const f of data.type.fields) {
    if (f.label === 'required' && !data.has(f)) {
      throw protoError(`required field ${f.fullName} not set`);
    }
  }
  for (const { field, value } of data.present()) {
    if (field.kind !== 'message') continue;
    if (value instanceof ProtoList) {
      for (const m of value.elems) checkInitialized(m as MessageData);
    } else {
      checkInitialized(value as MessageData);
    }
  }
}

class Writer {
  out = '';
  byte(b: number): void {
    this.out += String.fromCharCode(b);
  }
  varint(v: bigint | number): void {
    let x = BigInt.asUintN(64, BigInt(v));
    while (x >= 0x80n) {
      this.byte(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    this.byte(Number(x));
  }
  /** A small non-negative number (tags, lengths). */
  uint(n: number): void {
    while (n >= 0x80) {
      this.byte((n & 0x7f) | 0x80);
      n = Math.floor(n / 128);
    }
    this.byte(n);
  }
  fixed(bytes: Uint8Array): void {
    for (const b of bytes) this.byte(b);
  }
  tag(number: number, wireType: number): void {
    this.uint(number * 8 + wireType);
  }
  delimited(s: string): void {
    this.uint(s.length);
    this.out += s;
  }
}

function wireType(f: FieldDescriptor): number {
  switch (f.kind) {
    case 'double':
    case 'fixed64':
    case 'sfixed64':
      return FIXED64;
    case 'float':
    case 'fixed32':
    case 'sfixed32':
      return FIXED32;
    case 'string':
    case 'bytes':
    case 'message':
      return BYTES;
    default:
      return VARINT;
  }
}

function littleEndian(size: 4 | 8, set: (view: DataView) => void): Uint8Array {
  const bytes = new Uint8Array(size);
  set(new DataView(bytes.buffer));
  return bytes;
}

/** Writes one value's payload (not its tag). */
function writeValue(w: Writer, f: FieldDescriptor, v: ProtoScalar): void {
  switch (f.kind) {
    case 'bool':
      w.byte(v ? 1 : 0);
      return;
    case 'int32':
    case 'int64':
    case 'uint32':
    case 'uint64':
    case 'enum':
      w.varint(v as number | bigint);
      return;
    case 'sint32':
    case 'sint64': {
      const x = BigInt(v as number | bigint);
      w.varint(x >= 0n ? x << 1n : (-x << 1n) - 1n);
      return;
    }
    case 'fixed32':
      w.fixed(littleEndian(4, (d) => d.setUint32(0, v as number, true)));
      return;
    case 'sfixed32':
      w.fixed(littleEndian(4, (d) => d.setInt32(0, v as number, true)));
      return;
    case 'float':
      w.fixed(littleEndian(4, (d) => d.setFloat32(0, v as number, true)));
      return;
    case 'fixed64':
      w.fixed(littleEndian(8, (d) => d.setBigUint64(0, v as bigint, true)));
      return;
    case 'sfixed64':
      w.fixed(littleEndian(8, (d) => d.setBigInt64(0, v as bigint, true)));
      return;
    case 'double':
      w.fixed(littleEndian(8, (d) => d.setFloat64(0, v as number, true)));
      return;
    case 'string':
    case 'bytes':
      w.delimited(v as string);
      return;
    case 'message':
      w.delimited(encodeMessage(v as MessageData));
      return;
  }
}

/** The wire bytes of a message (required fields are checked by the caller). */
export function encodeMessage(data: MessageData): string {
  const w = new Writer();
  const present = data.present();
  const ordered = [
    ...present.filter((e) => e.field.isExtension),
    ...present.filter((e) => !e.field.isExtension),
  ];
  for (const { field, value } of ordered) {
    if (!(value instanceof ProtoList)) {
      w.tag(field.number, wireType(field));
      writeValue(w, field, value);
    } else if (field.isPacked) {
      const inner = new Writer();
      for (const x of value.elems) writeValue(inner, field, x);
      w.tag(field.number, BYTES);
      w.delimited(inner.out);
    } else {
      for (const x of value.elems) {
        w.tag(field.number, wireType(field));
        writeValue(w, field, x);
      }
    }
  }
  return w.out + data.unknown;
}

// ---------------------------------------------------------------------------------------------
// Decoding

class Reader {
  pos = 0;
  constructor(
    readonly data: string,
    readonly end = data.length,
  ) {}
  get done(): boolean {
    return this.pos >= this.end;
  }
  byte(): number {
    if (this.pos >= this.end) throw invalidData();
    return this.data.charCodeAt(this.pos++);
  }
  varint(): bigint {
    let x = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const b = this.byte();
      x |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) {
        if (shift === 63n && b > 1) throw invalidData();
        return BigInt.asUintN(64, x);
      }
    }
    throw invalidData();
  }
  fixed(size: 4 | 8): DataView {
    if (this.pos + size > this.end) throw invalidData();
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i++) bytes[i] = this.data.charCodeAt(this.pos + i);
    this.pos += size;
    return new DataView(bytes.buffer);
  }
  length(): number {
    const n = this.varint();
    if (n > BigInt(this.end - this.pos)) throw invalidData();
    return Number(n);
  }
  take(n: number): string {
    const s = this.data.slice(this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
  /** Skips a record's payload of the given wire type (field number for groups). */
  skip(wire: number, number: number): void {
    switch (wire) {
      case VARINT:
        this.varint();
        return;
      case FIXED64:
        this.fixed(8);
        return;
      case FIXED32:
        this.fixed(4);
        return;
      case BYTES:
        this.pos += this.length();
        return;
      case START_GROUP:
        for (;;) {
          const [n, w] = this.tag();
          if (w === END_GROUP) {
            if (n !== number) throw invalidData();
            return;
          }
          this.skip(w, n);
        }
    }
    throw invalidData();
  }
  tag(): [number, number] {
    const t = this.varint();
    const number = Number(t >> 3n);
    const wire = Number(t & 7n);
    if (number < 1 || number > 0x1fffffff || wire > 5) throw invalidData();
    return [number, wire];
  }
}

function readValue(r: Reader, f: FieldDescriptor): ProtoScalar {
  switch (f.kind) {
    case 'bool':
      return r.varint() !== 0n;
    case 'int32':
    case 'enum':
      return Number(BigInt.asIntN(32, r.varint()));
    case 'uint32':
      return Number(BigInt.asUintN(32, r.varint()));
    case 'int64':
      return BigInt.asIntN(64, r.varint());
    case 'uint64':
      return r.varint();
    case 'sint32':
    case 'sint64': {
      const u = r.varint();
      const x = u & 1n ? -(u >> 1n) - 1n : u >> 1n;
      return f.kind === 'sint32' ? Number(BigInt.asIntN(32, x)) : BigInt.asIntN(64, x);
    }
    case 'fixed32':
      return r.fixed(4).getUint32(0, true);
    case 'sfixed32':
      return r.fixed(4).getInt32(0, true);
    case 'float':
      return r.fixed(4).getFloat32(0, true);
    case 'fixed64':
      return r.fixed(8).getBigUint64(0, true);
    case 'sfixed64':
      return r.fixed(8).getBigInt64(0, true);
    case 'double':
      return r.fixed(8).getFloat64(0, true);
    case 'string': {
      const s = r.take(r.length());
      if (f.syntax === 'proto3' && !isValidUtf8(s)) {
        throw protoError(`field ${f.fullName} contains invalid UTF-8`);
      }
      return s;
    }
    case 'bytes':
      return r.take(r.length());
    case 'message': {
      const n = r.length();
      const data = new MessageData(f.messageType!);
      decodeInto(data, new Reader(r.data, r.pos + n), r.pos);
      r.pos += n;
      return data;
    }
  }
}

/** Whether an enum number is one proto2's closed enums keep (others become unknown fields). */
function knownEnum(f: FieldDescriptor, v: ProtoScalar): boolean {
  return (
    f.kind !== 'enum' || f.syntax === 'proto3' || f.enumType!.byNumber(v as number) !== undefined
  );
}

/** Decodes wire data into a message, merging with what it holds. */
function decodeInto(data: MessageData, r: Reader, start = 0): void {
  r.pos = start;
  while (!r.done) {
    const recordStart = r.pos;
    const [number, wire] = r.tag();
    if (wire === END_GROUP) throw invalidData();
    const f = data.type.byNumber.get(number);
    const expected = f && wireType(f);
    const packed = f?.isList && wire === BYTES && expected !== BYTES;
    if (!f || (wire !== expected && !packed)) {
      r.skip(wire, number);
      data.unknown += r.data.slice(recordStart, r.pos);
      continue;
    }
    if (packed) {
      const size = r.length();
      const end = r.pos + size;
      const list = data.mutableList(f);
      const inner = new Reader(r.data, end);
      inner.pos = r.pos;
      while (!inner.done) {
        const elemStart = inner.pos;
        const v = readValue(inner, f);
        if (knownEnum(f, v)) list.elems.push(v);
        else data.unknown += unknownVarint(number, r.data.slice(elemStart, inner.pos));
      }
      r.pos = end;
      continue;
    }
    const v = readValue(r, f);
    if (!knownEnum(f, v)) {
      data.unknown += r.data.slice(recordStart, r.pos);
    } else if (f.isList) {
      data.mutableList(f).elems.push(v);
    } else if (f.kind === 'message' && data.has(f)) {
      mergeMessage(data.raw(f) as MessageData, v as MessageData);
    } else {
      data.set(f, v);
    }
  }
}

/** A varint record for an unknown enum value found in a packed run. */
function unknownVarint(number: number, payload: string): string {
  const w = new Writer();
  w.tag(number, VARINT);
  return w.out + payload;
}

/** Merges src into dst as protobuf does: scalars replace, lists append, messages merge. */
function mergeMessage(dst: MessageData, src: MessageData): void {
  for (const { field, value } of src.present()) {
    if (value instanceof ProtoList) {
      dst.mutableList(field).elems.push(...value.elems);
    } else if (field.kind === 'message' && dst.has(field)) {
      mergeMessage(dst.raw(field) as MessageData, value as MessageData);
    } else {
      dst.set(field, value);
    }
  }
  dst.unknown += src.unknown;
}

/** Decodes a message of the given type from wire bytes and checks its required fields. */
export function decodeMessage(type: MessageDescriptor, bytes: string): MessageData {
  const data = new MessageData(type);
  decodeInto(data, new Reader(bytes));
  checkInitialized(data);
  return data;
}
