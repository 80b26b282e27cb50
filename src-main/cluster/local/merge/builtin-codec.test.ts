import { describe, expect, it } from 'vitest';
import { decodeBuiltin, strictDecodingError } from './builtin-codec.js';
import { builtinSchema } from './builtin-schemas.js';
import { MergeError } from './errors.js';

const kind = (group: string, k: string) => builtinSchema(group, 'v1', k)!;

describe('decodeBuiltin', () => {
  it('writes fields in Go struct order, kind before apiVersion, zero values omitted', () => {
    const { object } = decodeBuiltin(kind('', 'ConfigMap'), {
      data: { b: '2', a: '1' },
      metadata: { labels: {}, name: 'x', generation: 0 },
      apiVersion: 'v1',
      kind: 'ConfigMap',
    });
    expect(JSON.stringify(object)).toBe(
      '{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"x"},"data":{"a":"1","b":"2"}}',
    );
  });

  it('defaults a Secret to Opaque and folds stringData into data', () => {
    const { object } = decodeBuiltin(kind('', 'Secret'), {
      metadata: { name: 's' },
      data: { z: 'eg==' },
      stringData: { a: 'hi' },
    });
    expect(object).toEqual({
      metadata: { name: 's' },
      data: { a: 'aGk=', z: 'eg==' },
      type: 'Opaque',
    });
    expect(Object.keys(object['data'] as object)).toEqual(['a', 'z']);
  });

  it('labels a Namespace with its name and makes it Active', () => {
    const { object } = decodeBuiltin(kind('', 'Namespace'), {
      metadata: { name: 'n', labels: { z: '1' } },
    });
    expect(object).toEqual({
      metadata: { name: 'n', labels: { 'kubernetes.io/metadata.name': 'n', z: '1' } },
      spec: {},
      status: { phase: 'Active' },
    });
  });

  it('completes a CustomResourceDefinition’s names and conversion', () => {
    const { object } = decodeBuiltin(kind('apiextensions.k8s.io', 'CustomResourceDefinition'), {
      spec: {
        group: 'g.io',
        names: { plural: 'ws', kind: 'Widget' },
        scope: 'Namespaced',
        versions: [],
      },
    });
    expect(object['spec']).toEqual({
      group: 'g.io',
      names: { plural: 'ws', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
      scope: 'Namespaced',
      versions: [],
      conversion: { strategy: 'None' },
    });
  });

  it('reports unknown fields by path and type errors as the server does', () => {
    const r = decodeBuiltin(kind('', 'ConfigMap'), {
      spec: 1,
      metadata: { ownerReferences: [{ uid: 'u', x: 1 }] },
    });
    expect(r.unknownFields.sort()).toEqual(['metadata.ownerReferences[0].x', 'spec']);
    expect(strictDecodingError(kind('', 'ConfigMap'), r.unknownFields).message).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: ' +
        'unknown field "metadata.ownerReferences[0].x", unknown field "spec"',
    );
    let err: unknown;
    try {
      decodeBuiltin(kind('', 'ConfigMap'), { data: { a: 1 } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MergeError);
    expect((err as MergeError).code).toBe(400);
    expect((err as MergeError).message).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string',
    );
  });

  it('writes times in UTC to the second, micro times to the microsecond', () => {
    const { object } = decodeBuiltin(kind('', 'Event'), {
      firstTimestamp: '2026-01-02T03:04:05.9+01:00',
      eventTime: '2026-01-02T03:04:05.123456+01:00',
    });
    expect(object['firstTimestamp']).toBe('2026-01-02T02:04:05Z');
    expect(object['eventTime']).toBe('2026-01-02T02:04:05.123456Z');
    expect(object['lastTimestamp']).toBeNull();
  });
});
