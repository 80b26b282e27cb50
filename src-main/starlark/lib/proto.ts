/**
 * The `proto` module: go.starlark.net's experimental lib/proto, for building and reading
 * protocol messages from Starlark.
 *
 *   schema = proto.file("google/protobuf/descriptor.proto")    # a proto.FileDescriptor
 *   m = schema.FileDescriptorProto(name = "x.proto")           # a proto.Message
 *   m.dependency = ["a", "b"]                                   # checked against the field's type
 *   proto.marshal(m), proto.marshal_text(m)                     # binary and text forms
 *   proto.unmarshal(schema.FileDescriptorProto, data)          # and back
 *
 * Files come from the descriptor pool the host gives a thread with `setPool` (go's SetPool): a
 * `ProtoPool` built from plain descriptions of .proto files (lib/proto/descriptors.ts). Values
 * and their checks live in lib/proto/message.ts, the encodings in wire.ts and text.ts.
 */
import { StarlarkError } from '../runtime/errors';
import type { Thread } from '../runtime/thread';
import { unpackPositional } from '../runtime/unpack';
import { Bytes, None, typeName, type BuiltinFn, type Value } from '../runtime/value';
import { FieldDescriptor, MessageDescriptor, type DescriptorPool } from './proto/descriptors';
import type { MessageData } from './proto/message';
import { fieldByName, Message, rewrap, setField } from './proto/message';
import { marshalText, unmarshalText } from './proto/text';
import { checkInitialized, decodeMessage, encodeMessage } from './proto/wire';
import { builtinModule } from './struct';

export {
  ProtoPool,
  type DescriptorPool,
  type ProtoFileSpec,
  type MessageSpec,
  type EnumSpec,
  type FieldSpec,
  type ExtensionSpec,
} from './proto/descriptors';
export { Message, RepeatedField } from './proto/message';

const poolKey = 'proto.DescriptorPool';

/** Gives a thread the pool proto.file() reads (go.starlark.net's SetPool). */
export function setPool(thread: Thread, pool: DescriptorPool): void {
  thread.setLocal(poolKey, pool);
}

/** The pool set on the thread, if any. */
export function getPool(thread: Thread): DescriptorPool | undefined {
  return thread.getLocal<DescriptorPool>(poolKey);
}

/** A check for unpackPositional: the value must be of that class, named by its Starlark type. */
function want(cls: abstract new (...args: never[]) => unknown, type: string) {
  return (v: Value) => (v instanceof cls ? undefined : `got ${typeName(v)}, want ${type}`);
}
const wantMessage = want(Message, 'proto.Message');
const wantMessageDescriptor = want(MessageDescriptor, 'proto.MessageDescriptor');
const wantFieldDescriptor = want(FieldDescriptor, 'proto.FieldDescriptor');
const wantBytes = want(Bytes, 'bytes');
const wantString = (v: Value) =>
  typeof v === 'string' ? undefined : `got ${typeName(v)}, want string`;

/** proto.file(path): the FileDescriptor of that path in the thread's pool. */
const file: BuiltinFn = (thread, args, kwargs) => {
  const [path] = unpackPositional('proto.file', args, kwargs, 1, 1, [wantString]);
  const pool = getPool(thread);
  if (!pool) throw new StarlarkError('internal error: SetPool was not called');
  return pool.findFileByPath(path as string);
};

function checkOwnField(fn: string, m: Message, f: FieldDescriptor): void {
  if (f.containingMessage !== m.data.type) {
    throw new StarlarkError(`${fn}: ${m.data.type.fullName} does not have field ${f.fullName}`);
  }
}

/** proto.has(msg, field): whether the field (a name or a FieldDescriptor) is present. */
const has: BuiltinFn = (_thread, args, kwargs) => {
  const [x, field] = unpackPositional('proto.has', args, kwargs, 2, 2);
  if (!(x instanceof Message)) {
    throw new StarlarkError(`proto.has: got ${typeName(x!)}, want proto.Message`);
  }
  if (typeof field === 'string') return x.data.has(fieldByName(x.data.type, field));
  if (field instanceof FieldDescriptor) {
    checkOwnField('proto.has', x, field);
    return x.data.has(field);
  }
  throw new StarlarkError(
    `proto.has: for field argument, got ${typeName(field!)}, want string or proto.FieldDescriptor`,
  );
};

/** proto.marshal(msg): the binary encoding, as bytes. */
const marshal: BuiltinFn = (_thread, args, kwargs) => {
  const [m] = unpackPositional('proto.marshal', args, kwargs, 1, 1, [wantMessage]);
  const data = (m as Message).data;
  try {
    checkInitialized(data);
    return new Bytes(encodeMessage(data));
  } catch (e) {
    throw rewrap(e, 'proto.marshal: ');
  }
};

/** proto.marshal_text(msg): the text encoding, as a str. */
const marshalTextBuiltin: BuiltinFn = (_thread, args, kwargs) => {
  const [m] = unpackPositional('proto.marshal_text', args, kwargs, 1, 1, [wantMessage]);
  try {
    return marshalText((m as Message).data);
  } catch (e) {
    throw rewrap(e, 'proto.marshal_text: ');
  }
};

function decoded(type: MessageDescriptor, decode: () => MessageData): Message {
  try {
    return new Message(decode());
  } catch (e) {
    throw rewrap(e, `unmarshalling ${type.fullName} failed: `);
  }
}

/** proto.unmarshal(Type, bytes): a new message decoded from the binary encoding. */
const unmarshal: BuiltinFn = (_thread, args, kwargs) => {
  const [d, data] = unpackPositional('proto.unmarshal', args, kwargs, 2, 2, [
    wantMessageDescriptor,
    wantBytes,
  ]);
  const type = d as MessageDescriptor;
  return decoded(type, () => decodeMessage(type, (data as Bytes).data));
};

/** proto.unmarshal_text(Type, str): a new message parsed from the text encoding. */
const unmarshalTextBuiltin: BuiltinFn = (_thread, args, kwargs) => {
  const [d, text] = unpackPositional('proto.unmarshal_text', args, kwargs, 2, 2, [
    wantMessageDescriptor,
    wantString,
  ]);
  const type = d as MessageDescriptor;
  return decoded(type, () => unmarshalText(type, text as string));
};

/** proto.set_field(msg, field, value): sets a field (typically an extension) by descriptor. */
const setFieldBuiltin: BuiltinFn = (_thread, args, kwargs) => {
  const [m, f, v] = unpackPositional('proto.set_field', args, kwargs, 3, 3, [
    wantMessage,
    wantFieldDescriptor,
  ]);
  const msg = m as Message;
  const field = f as unknown as FieldDescriptor;
  if (msg.flag.frozen) {
    throw new StarlarkError(
      `proto.set_field: cannot set ${field.fullName} field of frozen ${msg.data.type.fullName} message`,
    );
  }
  checkOwnField('proto.set_field', msg, field);
  setField(msg.data, field, v!);
  return None;
};

/** proto.get_field(msg, field): a field's value (typically an extension's) by descriptor. */
const getFieldBuiltin: BuiltinFn = (_thread, args, kwargs) => {
  const [m, f] = unpackPositional('proto.get_field', args, kwargs, 2, 2, [
    wantMessage,
    wantFieldDescriptor,
  ]);
  const field = f as unknown as FieldDescriptor;
  checkOwnField('proto.get_field', m as Message, field);
  return (m as Message).getField(field);
};

/** The `proto` module value. */
export const proto = builtinModule('proto', true, {
  file,
  has,
  marshal,
  marshal_text: marshalTextBuiltin,
  set_field: setFieldBuiltin,
  get_field: getFieldBuiltin,
  unmarshal,
  unmarshal_text: unmarshalTextBuiltin,
});
