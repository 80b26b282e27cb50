/**
 * Built-in objects decoded and written back as kube-apiserver's Go types do (the merge oracle
 * decodes with the API server's strict JSON serializer into k8s.io/api and apiextensions types
 * at 1.37.2 and encodes them back): field order, omitted zero values, times, base64, unknown
 * fields and type errors must match.
 */

import { describe, expect, it } from 'vitest';
import {
  MergeError,
  builtinSchema,
  decodeBuiltin,
} from '../../../src-main/cluster/local/merge/index.js';
import type { Json } from '../../../src-main/cluster/local/merge/index.js';
import { useMergeOracle } from './oracle.js';

const oracle = useMergeOracle();

async function same(group: string, version: string, kind: string, object: Json): Promise<void> {
  const expected = await oracle.codec({ group, version, kind, object });
  expect(expected.error ?? '', 'oracle failed').not.toMatch(/^oracle:/);
  const k = builtinSchema(group, version, kind)!;
  let actual: { object?: string; unknown?: string[]; error?: string };
  try {
    const r = decodeBuiltin(k, object, { defaults: false });
    actual = { object: JSON.stringify(r.object) };
    if (r.unknownFields.length) actual.unknown = r.unknownFields;
  } catch (err) {
    if (!(err instanceof MergeError)) throw err;
    actual = { error: err.message.replace(/^.* cannot be handled as a [A-Za-z]+: /, '') };
  }
  const context = JSON.stringify(object);
  expect(actual.error, context).toEqual(expected.error);
  expect(actual.object, context).toEqual(expected.object);
  expect([...(actual.unknown ?? [])].sort(), context).toEqual([...(expected.unknown ?? [])].sort());
}

const meta = {
  name: 'x',
  namespace: 'ns',
  uid: 'u-1',
  resourceVersion: '5',
  generation: 3,
  creationTimestamp: '2026-01-02T03:04:05.678+02:00',
  labels: { z: '1', a: '2' },
  annotations: {},
  ownerReferences: [{ uid: 'o', name: 'n', kind: 'K', apiVersion: 'v1', controller: false }],
  finalizers: [],
  managedFields: [
    {
      manager: 'm',
      operation: 'Apply',
      apiVersion: 'v1',
      time: '2026-01-02T03:04:05Z',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:data': { 'f:b': {}, 'f:a': {} } },
    },
  ],
};

describe('built-in objects are written back as the Go types write them', () => {
  it('ConfigMap and Secret', async () => {
    await same('', 'v1', 'ConfigMap', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta,
      data: { b: '1', a: '' },
    });
    await same('', 'v1', 'ConfigMap', {
      metadata: { name: 'x' },
      data: {},
      binaryData: { q: 'AAE=' },
      immutable: false,
    });
    await same('', 'v1', 'ConfigMap', {});
    await same('', 'v1', 'ConfigMap', {
      data: null,
      metadata: null,
      binaryData: { x: 'not base64!' },
    });
    await same('', 'v1', 'ConfigMap', { data: { a: 1 } });
    await same('', 'v1', 'ConfigMap', { data: 'x' });
    await same('', 'v1', 'ConfigMap', { metadata: { labels: { a: true } } });
    await same('', 'v1', 'ConfigMap', { metadata: { generation: 1.5 } });
    await same('', 'v1', 'ConfigMap', { metadata: { generation: 'one' } });
    await same('', 'v1', 'ConfigMap', { metadata: { creationTimestamp: 5 } });
    await same('', 'v1', 'ConfigMap', { metadata: { ownerReferences: [{ uid: 7 }] } });
    await same('', 'v1', 'ConfigMap', { metadata: { finalizers: 'f' } });
    await same('', 'v1', 'ConfigMap', { apiVersion: 1 });
    await same('', 'v1', 'ConfigMap', {
      spec: { x: 1 },
      metadata: { unknownMeta: 1, ownerReferences: [{ uid: 'a', extra: true }] },
      data: { a: 'b' },
    });
    await same('', 'v1', 'Secret', {
      metadata: { name: 's' },
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': 'YWJj', empty: '' },
      stringData: { x: 'y' },
      immutable: true,
    });
    for (const b64 of [
      'YWJ',
      'YQ==',
      'YQ=',
      'YQ',
      'Y',
      '====',
      'YQ==YQ==',
      'YW Jj',
      'YWJj\n',
      'YW\nJj',
      '',
      'YQ==\n\nx',
    ]) {
      await same('', 'v1', 'Secret', { data: { a: b64 } });
    }
  });

  it('Namespace', async () => {
    await same('', 'v1', 'Namespace', { metadata: { name: 'n' } });
    await same('', 'v1', 'Namespace', {
      metadata: {
        name: 'n',
        deletionTimestamp: '2026-01-01T00:00:00Z',
        deletionGracePeriodSeconds: 0,
      },
      spec: { finalizers: ['kubernetes'] },
      status: {
        phase: 'Terminating',
        conditions: [{ type: 'A', status: 'True', lastTransitionTime: null, reason: '' }],
      },
    });
    await same('', 'v1', 'Namespace', { spec: { finalizers: [1] } });
    await same('', 'v1', 'Namespace', { status: { phase: 3 } });
  });

  it('Events of core/v1 and events.k8s.io/v1', async () => {
    await same('', 'v1', 'Event', {
      metadata: { name: 'e', namespace: 'd' },
      involvedObject: { kind: 'Pod', name: 'p', uid: 'u' },
      reason: 'Started',
      message: 'hello',
      source: { component: 'c' },
      firstTimestamp: '2026-01-01T00:00:00Z',
      count: 2,
      type: 'Normal',
      eventTime: '2026-01-01T00:00:00.123456Z',
      series: { count: 2, lastObservedTime: '2026-01-01T00:00:01.000000Z' },
      reportingComponent: 'rc',
    });
    await same('', 'v1', 'Event', { metadata: { name: 'e' } });
    await same('', 'v1', 'Event', { count: 1e10 });
    await same('', 'v1', 'Event', { related: null, series: null, involvedObject: null });
    await same('events.k8s.io', 'v1', 'Event', {
      metadata: { name: 'e' },
      eventTime: '2026-01-01T00:00:00.000001Z',
      reportingController: 'x',
      reportingInstance: 'y',
      action: 'a',
      reason: 'r',
      regarding: { kind: 'Pod' },
      note: 'n',
      type: 'Warning',
      deprecatedCount: 0,
    });
    await same('events.k8s.io', 'v1', 'Event', { metadata: { name: 'e' } });
  });

  it('CustomResourceDefinition with a rich schema', async () => {
    await same('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'ws.example.com' },
      spec: {
        group: 'example.com',
        names: { plural: 'ws', kind: 'W', shortNames: ['w'], categories: [] },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            deprecated: false,
            subresources: {
              status: {},
              scale: { specReplicasPath: '.spec.r', statusReplicasPath: '.status.r' },
            },
            additionalPrinterColumns: [
              { name: 'R', type: 'integer', jsonPath: '.spec.r', priority: 0 },
            ],
            schema: {
              openAPIV3Schema: {
                type: 'object',
                required: ['spec'],
                properties: {
                  spec: {
                    type: 'object',
                    'x-kubernetes-preserve-unknown-fields': false,
                    properties: {
                      r: {
                        type: 'integer',
                        minimum: 0,
                        maximum: 10.5,
                        default: 1,
                        format: 'int32',
                      },
                      s: {
                        type: 'string',
                        enum: ['a', null, { b: 1, a: 2 }],
                        pattern: '^a',
                        maxLength: 4,
                      },
                      l: {
                        type: 'array',
                        items: { type: 'string' },
                        'x-kubernetes-list-type': 'set',
                        minItems: 1,
                      },
                      m: { type: 'object', additionalProperties: { type: 'integer' } },
                      o: { type: 'object', additionalProperties: false },
                      t: { type: 'array', items: [{ type: 'string' }, { type: 'integer' }] },
                      any: {
                        'x-kubernetes-int-or-string': true,
                        anyOf: [{ type: 'integer' }, { type: 'string' }],
                      },
                    },
                    'x-kubernetes-validations': [{ rule: 'self.r > 0', message: 'positive' }],
                  },
                  status: { type: 'object', nullable: true, example: { r: 1 } },
                },
              },
            },
          },
        ],
        conversion: { strategy: 'None' },
      },
      status: {
        storedVersions: ['v1'],
        acceptedNames: { plural: 'ws', kind: 'W' },
        conditions: null,
      },
    });
    await same('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', { spec: {} });
    await same('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', {
      spec: {
        versions: [
          { name: 'v1', schema: { openAPIV3Schema: { type: 'object', bogus: 1, items: 3 } } },
        ],
      },
    });
    await same('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', {
      spec: {
        versions: [
          {
            name: 'v1',
            schema: { openAPIV3Schema: { type: 'object', additionalProperties: 'x' } },
          },
        ],
      },
    });
    await same('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', {
      spec: { versions: {} },
    });
  });
});
