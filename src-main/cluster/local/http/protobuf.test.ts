import { describe, expect, it } from 'vitest';
import { decodeProtobufObject } from './protobuf';

// A minimal protobuf writer, enough to build the bodies kubectl sends.
function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}
function field(number: number, value: string | Buffer | number[]): number[] {
  const bytes = typeof value === 'string' ? [...Buffer.from(value)] : [...value];
  return [...varint((number << 3) | 2), ...varint(bytes.length), ...bytes];
}
function bool(number: number, value: boolean): number[] {
  return [...varint(number << 3), value ? 1 : 0];
}
function envelope(apiVersion: string, kind: string, raw: number[]): Buffer {
  const typeMeta = [...field(1, apiVersion), ...field(2, kind)];
  return Buffer.from([0x6b, 0x38, 0x73, 0x00, ...field(1, typeMeta), ...field(2, raw)]);
}

describe('decodeProtobufObject', () => {
  it('decodes a ConfigMap with labels, data and binary data, leaving out empty strings', () => {
    const metadata = [
      ...field(1, 'settings'),
      ...field(2, ''),
      ...field(3, 'default'),
      ...field(11, [...field(1, 'app'), ...field(2, 'web')]),
    ];
    const raw = [
      ...field(1, metadata),
      ...field(2, [...field(1, 'a'), ...field(2, '1')]),
      ...field(2, [...field(1, 'empty')]),
      ...field(3, [...field(1, 'bin'), ...field(2, Buffer.from([0, 1, 2]))]),
      ...bool(4, true),
    ];
    expect(decodeProtobufObject(envelope('v1', 'ConfigMap', raw))).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'default', labels: { app: 'web' } },
      data: { a: '1', empty: '' },
      binaryData: { bin: 'AAEC' },
      immutable: true,
    });
  });

  it('decodes Secret data as base64 and Namespace finalizers as a list', () => {
    const secret = [
      ...field(1, field(1, 's')),
      ...field(2, [...field(1, 'k'), ...field(2, 'v')]),
      ...field(3, 'Opaque'),
    ];
    expect(decodeProtobufObject(envelope('v1', 'Secret', secret))).toMatchObject({
      data: { k: 'dg==' },
      type: 'Opaque',
    });
    const ns = [...field(1, field(1, 'n')), ...field(2, [...field(1, 'a'), ...field(1, 'b')])];
    expect(decodeProtobufObject(envelope('v1', 'Namespace', ns))).toMatchObject({
      spec: { finalizers: ['a', 'b'] },
    });
  });

  it('refuses a body without the envelope or of a kind it does not describe', () => {
    expect(() => decodeProtobufObject(Buffer.from('{}'))).toThrow(/Kubernetes envelope/);
    expect(() => decodeProtobufObject(envelope('apps/v1', 'Deployment', []))).toThrow(
      /send JSON instead/,
    );
    expect(() =>
      decodeProtobufObject(envelope('v1', 'ConfigMap', [...field(1, 'x')].slice(0, 3))),
    ).toThrow(/truncated/);
  });
});
