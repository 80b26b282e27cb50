/**
 * Protocol-buffer descriptors for the `proto` module (go.starlark.net's experimental lib/proto):
 * how a host describes its .proto files (plain data: `ProtoFileSpec`), the pool that links them
 * into descriptors, and the descriptor values Starlark sees — proto.FileDescriptor,
 * proto.MessageDescriptor (callable: it makes messages), proto.FieldDescriptor,
 * proto.EnumDescriptor (callable: it converts to enum values) and proto.EnumValueDescriptor.
 *
 * A pool makes one value per descriptor, so two references to the same descriptor are the same
 * value: equality and hashing by identity are what go.starlark.net's comparison of descriptor
 * references gives.
 */
import { StarlarkError } from '../../runtime/errors';
import { Callable, StarlarkObject, typeName, type KwArgs, type Value } from '../../runtime/value';
import type { Thread } from '../../runtime/thread';

// ---------------------------------------------------------------------------------------------
// How a host describes .proto files

export type ScalarKind =
  | 'double'
  | 'float'
  | 'int32'
  | 'int64'
  | 'uint32'
  | 'uint64'
  | 'sint32'
  | 'sint64'
  | 'fixed32'
  | 'fixed64'
  | 'sfixed32'
  | 'sfixed64'
  | 'bool'
  | 'string'
  | 'bytes';

export type FieldKind = ScalarKind | 'enum' | 'message';

export const scalarKinds: ReadonlySet<string> = new Set<ScalarKind>([
  'double',
  'float',
  'int32',
  'int64',
  'uint32',
  'uint64',
  'sint32',
  'sint64',
  'fixed32',
  'fixed64',
  'sfixed32',
  'sfixed64',
  'bool',
  'string',
  'bytes',
]);

export type Label = 'optional' | 'required' | 'repeated';

export interface FieldOptions {
  /** The default of a proto2 field, as a .proto file writes it (an enum value by name). */
  readonly default?: string | number | boolean;
  /** Packed encoding of a repeated scalar (proto3's default is packed). */
  readonly packed?: boolean;
  /** The oneof the field belongs to, by name. */
  readonly oneof?: string;
  /** A proto3 `optional` field: explicit presence. */
  readonly proto3Optional?: boolean;
}

/**
 * A field: its name, number, type — a scalar kind, or the full name of a message or enum type
 * (`google.protobuf.FileOptions`) — its label (proto2 fields default to optional, proto3 fields
 * to singular) and options.
 */
export type FieldSpec = readonly [
  name: string,
  number: number,
  type: string,
  label?: Label,
  options?: FieldOptions,
];

/** An extension: a field of another message (`extendee`, by full name), declared elsewhere. */
export interface ExtensionSpec {
  readonly extendee: string;
  readonly field: FieldSpec;
}

export interface EnumSpec {
  readonly name: string;
  readonly values: readonly (readonly [name: string, number: number])[];
}

export interface MessageSpec {
  readonly name: string;
  readonly fields?: readonly FieldSpec[];
  readonly messages?: readonly MessageSpec[];
  readonly enums?: readonly EnumSpec[];
  readonly extensions?: readonly ExtensionSpec[];
}

export interface ProtoFileSpec {
  readonly path: string;
  readonly package: string;
  readonly syntax: 'proto2' | 'proto3';
  readonly messages?: readonly MessageSpec[];
  readonly enums?: readonly EnumSpec[];
  readonly extensions?: readonly ExtensionSpec[];
}

/**
 * Where proto.file() finds .proto files (go.starlark.net's DescriptorPool): a host gives a
 * thread one with setPool (lib/proto.ts).
 */
export interface DescriptorPool {
  /** The file of that path; throws a StarlarkError ("not found") when there is none. */
  findFileByPath(path: string): FileDescriptor;
}

// ---------------------------------------------------------------------------------------------
// Descriptor values

/** A .proto file: its attributes are its top-level messages, extensions and enums. */
export class FileDescriptor extends StarlarkObject {
  readonly messages: MessageDescriptor[] = [];
  readonly enums: EnumDescriptor[] = [];
  readonly extensions: FieldDescriptor[] = [];

  constructor(
    readonly path: string,
    readonly packageName: string,
    readonly syntax: 'proto2' | 'proto3',
  ) {
    super();
  }
  get type(): string {
    return 'proto.FileDescriptor';
  }
  override repr(): string {
    return this.path;
  }
  override getAttr(name: string): Value | undefined {
    return byName(this.messages, name) ?? byName(this.extensions, name) ?? byName(this.enums, name);
  }
  override attrNames(): readonly string[] {
    return [...this.messages, ...this.extensions, ...this.enums].map((d) => d.name).sort();
  }
}

/**
 * A message type. Calling it makes a message (message.ts): `M(k=v, ...)`, `M(dict)` or a
 * shallow copy `M(msg)`. Its attributes are its nested messages, extensions, fields and enums.
 */
export class MessageDescriptor extends Callable {
  readonly fields: FieldDescriptor[] = [];
  readonly messages: MessageDescriptor[] = [];
  readonly enums: EnumDescriptor[] = [];
  readonly extensions: FieldDescriptor[] = [];
  /** Fields and extensions of this message, by number (extensions join as they are linked). */
  readonly byNumber = new Map<number, FieldDescriptor>();
  private readonly fieldsByName = new Map<string, FieldDescriptor>();

  constructor(
    readonly name: string,
    readonly fullName: string,
    readonly file: FileDescriptor,
  ) {
    super();
  }
  get type(): string {
    return 'proto.MessageDescriptor';
  }
  override repr(): string {
    return this.fullName;
  }

  /** The non-extension field of that name. */
  field(name: string): FieldDescriptor | undefined {
    return this.fieldsByName.get(name);
  }

  addField(f: FieldDescriptor): void {
    this.fields.push(f);
    this.fieldsByName.set(f.name, f);
    this.byNumber.set(f.number, f);
  }

  override getAttr(name: string): Value | undefined {
    return (
      byName(this.messages, name) ??
      byName(this.extensions, name) ??
      this.fieldsByName.get(name) ??
      byName(this.enums, name)
    );
  }
  override attrNames(): readonly string[] {
    return [...this.messages, ...this.enums].map((d) => d.name).sort();
  }
  callInternal(thread: Thread, args: readonly Value[], kwargs: KwArgs): Value {
    return messageConstructor(thread, this, args, kwargs);
  }
}

/** What calling a MessageDescriptor does; message.ts provides it (it depends on this file). */
let messageConstructor: (
  thread: Thread,
  d: MessageDescriptor,
  args: readonly Value[],
  kwargs: KwArgs,
) => Value = () => {
  throw new StarlarkError('proto: messages are not available');
};

export function setMessageConstructor(fn: typeof messageConstructor): void {
  messageConstructor = fn;
}

/** A field of a message, or an extension field. It has no attributes (as in go.starlark.net). */
export class FieldDescriptor extends StarlarkObject {
  /** The message or enum type of a message or enum field, set when the pool is linked. */
  messageType: MessageDescriptor | undefined;
  enumType: EnumDescriptor | undefined;
  /** The message this field belongs to: for an extension, the message it extends. */
  containingMessage!: MessageDescriptor;

  constructor(
    readonly name: string,
    readonly fullName: string,
    readonly number: number,
    /** Set for message and enum types when the pool is linked. */
    public kind: FieldKind,
    /** The declared type: a scalar kind or the full name of the message or enum. */
    readonly typeName: string,
    readonly label: Label,
    readonly isExtension: boolean,
    readonly syntax: 'proto2' | 'proto3',
    readonly options: FieldOptions,
    /** Position among the fields of its message (declaration order), or among extensions. */
    readonly position: number,
  ) {
    super();
  }
  get type(): string {
    return 'proto.FieldDescriptor';
  }
  override repr(): string {
    return this.fullName;
  }
  get isList(): boolean {
    return this.label === 'repeated';
  }
  /** Whether "set to its zero value" and "not set" differ (protoreflect's HasPresence). */
  get hasPresence(): boolean {
    if (this.isList) return false;
    return (
      this.syntax === 'proto2' ||
      this.kind === 'message' ||
      this.isExtension ||
      this.options.oneof !== undefined
    );
  }
  /** Whether a repeated field is written packed. */
  get isPacked(): boolean {
    if (!this.isList || this.kind === 'string' || this.kind === 'bytes') return false;
    if (this.kind === 'message') return false;
    return this.options.packed ?? this.syntax === 'proto3';
  }
}

/** An enum type; calling it converts an int, a name or an enum value to a value of this type. */
export class EnumDescriptor extends Callable {
  readonly values: EnumValueDescriptor[] = [];

  constructor(
    readonly name: string,
    readonly fullName: string,
  ) {
    super();
  }
  get type(): string {
    return 'proto.EnumDescriptor';
  }
  override repr(): string {
    return this.fullName;
  }
  /** The first value of that number (aliases share a number), or undefined. */
  byNumber(n: number): EnumValueDescriptor | undefined {
    return this.values.find((v) => v.number === n);
  }
  byName(name: string): EnumValueDescriptor | undefined {
    return this.values.find((v) => v.name === name);
  }
  override getAttr(name: string): Value | undefined {
    return this.byName(name);
  }
  override attrNames(): readonly string[] {
    return this.values.map((v) => v.name).sort();
  }
  callInternal(_thread: Thread, args: readonly Value[], kwargs: KwArgs): Value {
    if (kwargs.length > 0) throw new StarlarkError(`${this.name}: unexpected keyword arguments`);
    if (args.length !== 1) {
      throw new StarlarkError(`${this.name}: got ${args.length} arguments, want 1`);
    }
    try {
      return enumValueOf(this, args[0]!);
    } catch (e) {
      if (e instanceof StarlarkError) throw new StarlarkError(`${this.name}: ${e.message}`);
      throw e;
    }
  }
}

/** One value of an enum type: `Enum.NAME`, with attributes index, name, number and type. */
export class EnumValueDescriptor extends StarlarkObject {
  constructor(
    readonly name: string,
    readonly number: number,
    /** Position among the values of its enum. */
    readonly position: number,
    readonly enumType: EnumDescriptor,
  ) {
    super();
  }
  get type(): string {
    return 'proto.EnumValueDescriptor';
  }
  override repr(): string {
    return `${this.enumType.name}.${this.name}`;
  }
  override getAttr(name: string): Value | undefined {
    switch (name) {
      case 'index':
        return this.position;
      case 'name':
        return this.name;
      case 'number':
        return this.number;
      case 'type':
        return this.enumType;
    }
    return undefined;
  }
  override attrNames(): readonly string[] {
    return ['index', 'name', 'number', 'type'];
  }
}

function byName<T extends { readonly name: string }>(
  list: readonly T[],
  name: string,
): T | undefined {
  return list.find((d) => d.name === name);
}

/** Converts an int, a str or an enum value to a value of the enum type (go's enumValueOf). */
export function enumValueOf(e: EnumDescriptor, x: Value): EnumValueDescriptor {
  if (typeof x === 'number' || typeof x === 'bigint') {
    if (typeof x === 'bigint' || x > 0x7fffffff || x < -0x80000000) {
      throw new StarlarkError(`invalid number ${x} for ${e.name} enum`);
    }
    const v = e.byNumber(x);
    if (!v) throw new StarlarkError(`invalid number ${x} for ${e.name} enum`);
    return v;
  }
  if (typeof x === 'string') {
    const v = e.byName(x);
    if (!v) throw new StarlarkError(`invalid name ${goQuote(x)} for ${e.name} enum`);
    return v;
  }
  if (x instanceof EnumValueDescriptor) {
    if (x.enumType !== e) {
      throw new StarlarkError(`invalid value ${x.enumType.name}.${x.name} for ${e.name} enum`);
    }
    return x;
  }
  throw new StarlarkError(`cannot convert ${typeName(x)} to ${e.name} enum`);
}

/** Go's %q of a string of bytes: printable ASCII as is, the rest escaped. */
export function goQuote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x5c) out += '\\' + s[i];
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0d) out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += s[i];
  }
  return out + '"';
}

/**
 * How a message or repeated field describes a field's type in messages and type names:
 * `int32`, `string`, or the full name of the message or enum (go's typeString).
 */
export function typeString(f: FieldDescriptor): string {
  if (f.kind === 'message') return f.messageType!.fullName;
  if (f.kind === 'enum') return f.enumType!.fullName;
  return f.kind;
}

// ---------------------------------------------------------------------------------------------
// The pool

/**
 * A pool of .proto files described as data. Type references (`google.protobuf.FileOptions`)
 * are resolved across all its files when it is made; a dangling one is an error then.
 */
export class ProtoPool implements DescriptorPool {
  private readonly files = new Map<string, FileDescriptor>();
  private readonly messages = new Map<string, MessageDescriptor>();
  private readonly enums = new Map<string, EnumDescriptor>();

  constructor(specs: readonly ProtoFileSpec[]) {
    const pending: { field: FieldDescriptor; extendee?: string }[] = [];
    for (const spec of specs) {
      if (this.files.has(spec.path)) throw new Error(`proto pool: two files named ${spec.path}`);
      const file = new FileDescriptor(spec.path, spec.package, spec.syntax);
      this.files.set(spec.path, file);
      const scope = spec.package;
      for (const m of spec.messages ?? [])
        file.messages.push(this.addMessage(file, scope, m, pending));
      for (const e of spec.enums ?? []) file.enums.push(this.addEnum(scope, e));
      (spec.extensions ?? []).forEach((x, i) => {
        const f = this.makeField(file, scope, x.field, true, i);
        file.extensions.push(f);
        pending.push({ field: f, extendee: x.extendee });
      });
    }
    for (const { field, extendee } of pending) this.link(field, extendee);
  }

  findFileByPath(path: string): FileDescriptor {
    const file = this.files.get(path);
    if (!file) throw new StarlarkError('not found');
    return file;
  }

  /** The message type of that full name (without a leading dot), or undefined. */
  message(fullName: string): MessageDescriptor | undefined {
    return this.messages.get(fullName);
  }

  /** Every file of the pool, in the order given. */
  allFiles(): FileDescriptor[] {
    return [...this.files.values()];
  }

  private addMessage(
    file: FileDescriptor,
    scope: string,
    spec: MessageSpec,
    pending: { field: FieldDescriptor; extendee?: string }[],
  ): MessageDescriptor {
    const fullName = qualify(scope, spec.name);
    const m = new MessageDescriptor(spec.name, fullName, file);
    this.messages.set(fullName, m);
    (spec.fields ?? []).forEach((f, i) => {
      const field = this.makeField(file, fullName, f, false, i);
      field.containingMessage = m;
      m.addField(field);
      pending.push({ field });
    });
    for (const n of spec.messages ?? [])
      m.messages.push(this.addMessage(file, fullName, n, pending));
    for (const e of spec.enums ?? []) m.enums.push(this.addEnum(fullName, e));
    (spec.extensions ?? []).forEach((x, i) => {
      const f = this.makeField(file, fullName, x.field, true, i);
      m.extensions.push(f);
      pending.push({ field: f, extendee: x.extendee });
    });
    return m;
  }

  private addEnum(scope: string, spec: EnumSpec): EnumDescriptor {
    const fullName = qualify(scope, spec.name);
    const e = new EnumDescriptor(spec.name, fullName);
    if (spec.values.length === 0) throw new Error(`proto pool: enum ${fullName} has no values`);
    spec.values.forEach(([name, number], i) => {
      e.values.push(new EnumValueDescriptor(name, number, i, e));
    });
    this.enums.set(fullName, e);
    return e;
  }

  private makeField(
    file: FileDescriptor,
    scope: string,
    [name, number, type, label, options = {}]: FieldSpec,
    isExtension: boolean,
    index: number,
  ): FieldDescriptor {
    // A message or enum type is told apart when the pool is linked.
    const kind: FieldKind = scalarKinds.has(type) ? (type as ScalarKind) : 'message';
    return new FieldDescriptor(
      name,
      qualify(scope, name),
      number,
      kind,
      type,
      label ?? 'optional',
      isExtension,
      file.syntax,
      options,
      index,
    );
  }

  /** Resolves a field's type (and an extension's extendee) once every file is known. */
  private link(field: FieldDescriptor, extendee?: string): void {
    if (!scalarKinds.has(field.typeName)) {
      const m = this.messages.get(field.typeName);
      const e = this.enums.get(field.typeName);
      if (m) {
        field.kind = 'message';
        field.messageType = m;
      } else if (e) {
        field.kind = 'enum';
        field.enumType = e;
      } else {
        throw new Error(`proto pool: ${field.fullName}: unknown type ${field.typeName}`);
      }
    }
    if (extendee !== undefined) {
      const target = this.messages.get(extendee);
      if (!target) throw new Error(`proto pool: ${field.fullName}: unknown extendee ${extendee}`);
      field.containingMessage = target;
      target.byNumber.set(field.number, field);
    }
  }
}

function qualify(scope: string, name: string): string {
  return scope === '' ? name : `${scope}.${name}`;
}
