import { badRequest } from '../api/status';

/**
 * Request bodies in Kubernetes' protobuf encoding (`application/vnd.kubernetes.protobuf`), which
 * kubectl's typed clients send for built-in kinds (`kubectl create namespace|configmap|secret`).
 * Decoded to the same JSON the API would have received: the `k8s\0` envelope around a
 * runtime.Unknown, then the kind's message by the field numbers of k8s.io/api's generated.proto.
 * Only the built-in kinds the local cluster serves are described; responses are always JSON.
 */

type FieldType =
  | 'string'
  | 'bytes'
  | 'bool'
  | 'int'
  | 'time'
  | 'fields'
  | 'string-map'
  | 'bytes-map'
  | MessageSchema;

interface Field {
  name: string;
  type: FieldType;
  repeated?: boolean;
}

type MessageSchema = Record<number, Field>;

const f = (name: string, type: FieldType, repeated = false): Field => ({ name, type, repeated });

const ownerReference: MessageSchema = {
  1: f('kind', 'string'),
  3: f('name', 'string'),
  4: f('uid', 'string'),
  5: f('apiVersion', 'string'),
  6: f('controller', 'bool'),
  7: f('blockOwnerDeletion', 'bool'),
};

const managedFieldsEntry: MessageSchema = {
  1: f('manager', 'string'),
  2: f('operation', 'string'),
  3: f('apiVersion', 'string'),
  4: f('time', 'time'),
  6: f('fieldsType', 'string'),
  7: f('fieldsV1', 'fields'),
  8: f('subresource', 'string'),
};

const objectMeta: MessageSchema = {
  1: f('name', 'string'),
  2: f('generateName', 'string'),
  3: f('namespace', 'string'),
  5: f('uid', 'string'),
  6: f('resourceVersion', 'string'),
  7: f('generation', 'int'),
  8: f('creationTimestamp', 'time'),
  9: f('deletionTimestamp', 'time'),
  10: f('deletionGracePeriodSeconds', 'int'),
  11: f('labels', 'string-map'),
  12: f('annotations', 'string-map'),
  13: f('ownerReferences', ownerReference, true),
  14: f('finalizers', 'string', true),
  17: f('managedFields', managedFieldsEntry, true),
};

const objectReference: MessageSchema = {
  1: f('kind', 'string'),
  2: f('namespace', 'string'),
  3: f('name', 'string'),
  4: f('uid', 'string'),
  5: f('apiVersion', 'string'),
  6: f('resourceVersion', 'string'),
  7: f('fieldPath', 'string'),
};

const kinds: Record<string, MessageSchema> = {
  ConfigMap: {
    1: f('metadata', objectMeta),
    2: f('data', 'string-map'),
    3: f('binaryData', 'bytes-map'),
    4: f('immutable', 'bool'),
  },
  Secret: {
    1: f('metadata', objectMeta),
    2: f('data', 'bytes-map'),
    3: f('type', 'string'),
    4: f('stringData', 'string-map'),
    5: f('immutable', 'bool'),
  },
  Namespace: {
    1: f('metadata', objectMeta),
    2: f('spec', { 1: f('finalizers', 'string', true) }),
    3: f('status', { 1: f('phase', 'string') }),
  },
  Event: {
    1: f('metadata', objectMeta),
    2: f('involvedObject', objectReference),
    3: f('reason', 'string'),
    4: f('message', 'string'),
    5: f('source', { 1: f('component', 'string'), 2: f('host', 'string') }),
    6: f('firstTimestamp', 'time'),
    7: f('lastTimestamp', 'time'),
    8: f('count', 'int'),
    9: f('type', 'string'),
    12: f('action', 'string'),
    13: f('related', objectReference),
    14: f('reportingComponent', 'string'),
    15: f('reportingInstance', 'string'),
  },
};

const typeMeta: MessageSchema = { 1: f('apiVersion', 'string'), 2: f('kind', 'string') };
const unknownEnvelope: MessageSchema = {
  1: f('typeMeta', typeMeta),
  2: f('raw', 'bytes'),
  3: f('contentEncoding', 'string'),
  4: f('contentType', 'string'),
};

const magic = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    while (true) {
      if (this.pos >= this.buf.length) throw truncated();
      const byte = this.buf[this.pos++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 70n) throw badRequest('protobuf: varint overflow');
    }
  }

  bytes(): Buffer {
    const length = Number(this.varint());
    if (this.pos + length > this.buf.length) throw truncated();
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.bytes();
    else if (wireType === 5) this.pos += 4;
    else throw badRequest(`protobuf: unsupported wire type ${wireType}`);
  }
}

function truncated(): Error {
  return badRequest('the protobuf request body is truncated');
}

function decodeMessage(buf: Buffer, schema: MessageSchema): Record<string, unknown> {
  const reader = new Reader(buf);
  const out: Record<string, unknown> = {};
  while (!reader.done) {
    const tag = Number(reader.varint());
    const number = tag >>> 3;
    const wireType = tag & 7;
    const field = schema[number];
    if (!field) {
      reader.skip(wireType);
      continue;
    }
    const value = decodeField(reader, field, wireType);
    // Go leaves out empty strings, zero numbers and zero times (omitempty); so does JSON.
    if (!field.repeated && (value === '' || value === 0 || value === undefined)) continue;
    if (field.type === 'string-map' || field.type === 'bytes-map') {
      const [k, v] = value as [string, unknown];
      out[field.name] = { ...((out[field.name] as object) ?? {}), [k]: v };
    } else if (field.repeated) {
      out[field.name] = [...((out[field.name] as unknown[]) ?? []), value];
    } else {
      out[field.name] = value;
    }
  }
  return out;
}

function decodeField(reader: Reader, field: Field, wireType: number): unknown {
  const type = field.type;
  switch (type) {
    case 'string':
      return reader.bytes().toString('utf8');
    case 'bytes':
      return reader.bytes();
    case 'bool':
      return reader.varint() !== 0n;
    case 'int':
      return Number(BigInt.asIntN(64, reader.varint()));
    case 'time': {
      const t = decodeMessage(reader.bytes(), { 1: f('seconds', 'int'), 2: f('nanos', 'int') });
      if (!t.seconds) return undefined;
      return new Date(Number(t.seconds ?? 0) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    case 'fields':
      return JSON.parse(
        (
          decodeMessage(reader.bytes(), { 1: f('raw', 'bytes') }).raw as Buffer | undefined
        )?.toString('utf8') ?? '{}',
      );
    case 'string-map':
    case 'bytes-map': {
      const entry = decodeMessage(reader.bytes(), {
        1: f('key', 'string'),
        2: f('value', type === 'string-map' ? 'string' : 'bytes'),
      });
      const value = entry.value ?? (type === 'string-map' ? '' : Buffer.alloc(0));
      return [entry.key ?? '', type === 'bytes-map' ? (value as Buffer).toString('base64') : value];
    }
    default:
      if (wireType !== 2)
        throw badRequest(`protobuf: field ${field.name} has wire type ${wireType}`);
      return decodeMessage(reader.bytes(), type);
  }
}

/** Decodes a protobuf request body into the JSON object it stands for. */
export function decodeProtobufObject(body: Buffer): Record<string, unknown> {
  if (body.length < 4 || !body.subarray(0, 4).equals(magic)) {
    throw badRequest(
      'the protobuf request body does not start with the Kubernetes envelope ("k8s\\x00")',
    );
  }
  const envelope = decodeMessage(body.subarray(4), unknownEnvelope);
  const meta = (envelope.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
  const schema = meta.kind ? kinds[meta.kind] : undefined;
  if (!schema || (meta.apiVersion ?? 'v1') !== 'v1') {
    throw badRequest(
      `the local cluster reads protobuf bodies only for core/v1 ConfigMap, Secret, Namespace and Event, not ${meta.apiVersion ?? '?'} ${meta.kind ?? '?'}; send JSON instead`,
    );
  }
  const raw = (envelope.raw as Buffer | undefined) ?? Buffer.alloc(0);
  return { apiVersion: 'v1', kind: meta.kind, ...decodeMessage(raw, schema) };
}
