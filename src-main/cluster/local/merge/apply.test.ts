import { describe, expect, it } from 'vitest';
import { apply, lastAppliedAnnotation } from './apply.js';
import type { ApplyOptions } from './apply.js';
import { builtinSchema } from './builtin-schemas.js';
import { MergeError } from './errors.js';
import type { JsonObject } from './json.js';
import { updateManagedFields } from './managed.js';
import type { JSONSchemaProps } from './schema.js';
import { customResourceSchema } from './crd-schema.js';

const configMap = builtinSchema('', 'v1', 'ConfigMap')!.schema;
const t0 = new Date('2026-03-04T05:06:07.890Z');
const t1 = new Date('2026-03-04T05:07:00.000Z');

const cmOpts = (manager: string, extra: Partial<ApplyOptions> = {}): ApplyOptions => ({
  manager,
  schema: configMap,
  apiVersion: 'v1',
  kind: 'ConfigMap',
  now: t0,
  force: false,
  ...extra,
});

const cm = (data: Record<string, string> | undefined, meta: JsonObject = {}): JsonObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cm', namespace: 'default', ...meta },
  ...(data ? { data } : {}),
});

function managedFields(obj: JsonObject): JsonObject[] {
  return ((obj['metadata'] as JsonObject)['managedFields'] ?? []) as JsonObject[];
}

function conflictOf(fn: () => unknown): MergeError {
  try {
    fn();
  } catch (err) {
    if (err instanceof MergeError) return err;
    throw err;
  }
  throw new Error('expected a conflict');
}

describe('apply: ownership', () => {
  it('records exactly the applied fields, without "." for parents', () => {
    const { object, changed } = apply(
      undefined,
      cm({ a: '1', b: '2' }, { labels: { app: 'x' } }),
      cmOpts('alice'),
    );
    expect(changed).toBe(true);
    expect(object['data']).toEqual({ a: '1', b: '2' });
    expect(managedFields(object)).toEqual([
      {
        manager: 'alice',
        operation: 'Apply',
        apiVersion: 'v1',
        time: '2026-03-04T05:06:07Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:data': { 'f:a': {}, 'f:b': {} },
          'f:metadata': { 'f:labels': { 'f:app': {} } },
        },
      },
    ]);
  });

  it('reports a conflict with the real message and causes', () => {
    const first = apply(undefined, cm({ a: '1' }), cmOpts('alice')).object;
    const err = conflictOf(() => apply(first, cm({ a: '2' }), cmOpts('bob')));
    expect(err.code).toBe(409);
    expect(err.reason).toBe('Conflict');
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "alice": .data.a');
    expect(err.details?.causes).toEqual([
      { reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.data.a' },
    ]);
  });

  it('groups several conflicts by manager, naming Update managers with their version', () => {
    let obj = apply(undefined, cm({ a: '1', b: '1' }), cmOpts('alice')).object;
    const updated = structuredClone(obj);
    (updated['data'] as JsonObject)['c'] = '1';
    obj = updateManagedFields(obj, updated, { ...cmOpts('kubectl-edit'), now: t1 });
    const err = conflictOf(() => apply(obj, cm({ a: '2', b: '2', c: '2' }), cmOpts('bob')));
    expect(err.message).toBe(
      'Apply failed with 3 conflicts: conflicts with "alice":\n- .data.a\n- .data.b\n' +
        'conflicts with "kubectl-edit" using v1:\n- .data.c',
    );
  });

  it('shares fields applied with equal values, and force takes them over', () => {
    const first = apply(undefined, cm({ a: '1' }), cmOpts('alice')).object;
    const shared = apply(first, cm({ a: '1' }), cmOpts('bob'));
    // Nothing in the object changed, so bob's entry carries no time.
    // Entries sort by time, and one without a time sorts first.
    expect(managedFields(shared.object).map((e) => [e['manager'], e['time']])).toEqual([
      ['bob', undefined],
      ['alice', '2026-03-04T05:06:07Z'],
    ]);
    expect(shared.changed).toBe(true);
    const forced = apply(shared.object, cm({ a: '9' }), {
      ...cmOpts('carol'),
      force: true,
      now: t1,
    }).object;
    expect(forced['data']).toEqual({ a: '9' });
    expect(managedFields(forced).map((e) => e['manager'])).toEqual(['carol']);
  });

  it('removes fields the applier stops applying, unless someone else owns them', () => {
    let obj = apply(undefined, cm({ a: '1', b: '1', c: '1' }), cmOpts('alice')).object;
    obj = apply(obj, cm({ b: '1' }), cmOpts('bob')).object;
    obj = apply(obj, cm({ a: '1' }), cmOpts('alice')).object;
    expect(obj['data']).toEqual({ a: '1', b: '1' });
    expect(managedFields(obj).map((e) => [e['manager'], e['fieldsV1']])).toEqual([
      ['bob', { 'f:data': { 'f:b': {} } }],
      ['alice', { 'f:data': { 'f:a': {} } }],
    ]);
  });

  it('is a no-op when nothing changes', () => {
    const obj = apply(undefined, cm({ a: '1' }), cmOpts('alice')).object;
    const again = apply(obj, cm({ a: '1' }), { ...cmOpts('alice'), now: t1 });
    expect(again.changed).toBe(false);
    expect(managedFields(again.object)[0]!['time']).toBe('2026-03-04T05:06:07Z');
  });

  it('gives existing fields of an untracked object to before-first-apply', () => {
    const live = cm({ a: '1', b: '2' });
    (live['metadata'] as JsonObject)['uid'] = 'u1';
    const err = conflictOf(() => apply(live, cm({ a: '3' }), cmOpts('alice')));
    expect(err.message).toBe(
      'Apply failed with 1 conflict: conflict with "before-first-apply" using v1: .data.a',
    );
    const ok = apply(live, cm({ a: '1' }), cmOpts('alice')).object;
    expect(managedFields(ok).map((e) => [e['manager'], e['operation'], e['fieldsV1']])).toEqual([
      ['alice', 'Apply', { 'f:data': { 'f:a': {} } }],
      ['before-first-apply', 'Update', { 'f:data': { '.': {}, 'f:a': {}, 'f:b': {} } }],
    ]);
  });

  it('refuses a patch of another kind or carrying managedFields', () => {
    expect(() => apply(undefined, { ...cm({}), kind: 'Secret' }, cmOpts('a'))).toThrow(
      'invalid object type: /v1, Kind=Secret',
    );
    const withMF = cm({});
    (withMF['metadata'] as JsonObject)['managedFields'] = [];
    expect(() => apply(undefined, withMF, cmOpts('a'))).toThrow(
      'metadata.managedFields must be nil',
    );
  });

  it('rejects a patch that does not fit the schema as the field manager words it', () => {
    const bad = { ...cm({}), spec: { x: 1 } };
    const err = conflictOf(() => apply(undefined, bad, cmOpts('a')));
    expect(err.code).toBe(500);
    expect(err.message).toBe(
      'failed to create typed patch object (default/cm; /v1, Kind=ConfigMap): .spec: field not declared in schema',
    );
    const wrongType = cm({});
    (wrongType['data'] as JsonObject)['n'] = 1;
    expect(conflictOf(() => apply(undefined, wrongType, cmOpts('a'))).message).toBe(
      'failed to create typed patch object (default/cm; /v1, Kind=ConfigMap): .data.n: expected string, got &value.valueUnstructured{Value:1}',
    );
  });
});

describe('apply: lists', () => {
  const owner = (uid: string, name = uid) => ({ apiVersion: 'v1', kind: 'ConfigMap', name, uid });

  it('merges list-map items by key and owns them item by item', () => {
    let obj = apply(
      undefined,
      cm(undefined, { ownerReferences: [owner('u1'), owner('u2')], finalizers: ['a/x', 'b/y'] }),
      cmOpts('alice'),
    ).object;
    obj = apply(
      obj,
      cm(undefined, { ownerReferences: [owner('u3')], finalizers: ['c/z'] }),
      cmOpts('bob'),
    ).object;
    const meta = obj['metadata'] as JsonObject;
    expect((meta['ownerReferences'] as JsonObject[]).map((o) => o['uid'])).toEqual([
      'u1',
      'u2',
      'u3',
    ]);
    expect(meta['finalizers']).toEqual(['a/x', 'b/y', 'c/z']);
    expect(managedFields(obj)[1]!['fieldsV1']).toEqual({
      'f:metadata': {
        'f:finalizers': { 'v:"c/z"': {} },
        'f:ownerReferences': { 'k:{"uid":"u3"}': {} },
      },
    });
    // Owner references are atomic items: the item is owned, not its fields.
    expect(managedFields(obj)[0]!['fieldsV1']).toEqual({
      'f:metadata': {
        'f:finalizers': { 'v:"a/x"': {}, 'v:"b/y"': {} },
        'f:ownerReferences': { 'k:{"uid":"u1"}': {}, 'k:{"uid":"u2"}': {} },
      },
    });
    // alice drops u1: it goes; u3 (bob's) stays.
    obj = apply(
      obj,
      cm(undefined, { ownerReferences: [owner('u2')], finalizers: ['a/x', 'b/y'] }),
      cmOpts('alice'),
    ).object;
    expect(
      ((obj['metadata'] as JsonObject)['ownerReferences'] as JsonObject[]).map((o) => o['uid']),
    ).toEqual(['u2', 'u3']);
  });

  it('keeps live-only items in place and follows the applied order for the rest', () => {
    let obj = apply(
      undefined,
      cm(undefined, { finalizers: ['a', 'b', 'c'] }),
      cmOpts('alice'),
    ).object;
    obj = apply(obj, cm(undefined, { finalizers: ['d', 'c', 'b'] }), cmOpts('bob')).object;
    expect((obj['metadata'] as JsonObject)['finalizers']).toEqual(['a', 'd', 'c', 'b']);
  });

  it('rejects duplicate keys in the applied list', () => {
    const err = conflictOf(() =>
      apply(undefined, cm(undefined, { finalizers: ['a', 'a'] }), cmOpts('alice')),
    );
    expect(err.message).toContain('.metadata.finalizers: duplicate entries for key [="a"]');
  });
});

describe('apply: custom resources', () => {
  const crd: JsonObject = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  properties: {
                    replicas: { type: 'integer' },
                    ports: {
                      type: 'array',
                      'x-kubernetes-list-type': 'map',
                      'x-kubernetes-list-map-keys': ['port', 'protocol'],
                      items: {
                        type: 'object',
                        required: ['port'],
                        properties: {
                          port: { type: 'integer' },
                          protocol: { type: 'string', default: 'TCP' },
                          name: { type: 'string' },
                        },
                      },
                    },
                    free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                    tags: { type: 'array', items: { type: 'string' } },
                  },
                },
                status: { type: 'object', properties: { ready: { type: 'boolean' } } },
              },
            },
          },
        },
      ],
    },
  };
  const schema: JSONSchemaProps = customResourceSchema(crd, 'v1');
  const opts = (manager: string, extra: Partial<ApplyOptions> = {}): ApplyOptions => ({
    manager,
    schema,
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    now: t0,
    force: false,
    statusSubresource: true,
    ...extra,
  });
  const widget = (spec: JsonObject, more: JsonObject = {}): JsonObject => ({
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w', namespace: 'default' },
    spec,
    ...more,
  });

  it('keys list-map items by every key, with defaults for missing keys', () => {
    let obj = apply(
      undefined,
      widget({ ports: [{ port: 80, name: 'http' }] }),
      opts('alice'),
    ).object;
    obj = apply(
      obj,
      widget({ ports: [{ port: 80, protocol: 'UDP', name: 'dns' }] }),
      opts('bob'),
    ).object;
    expect((obj['spec'] as JsonObject)['ports']).toEqual([
      { port: 80, name: 'http' },
      { port: 80, protocol: 'UDP', name: 'dns' },
    ]);
    expect(managedFields(obj)[0]!['fieldsV1']).toEqual({
      'f:spec': {
        'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:name': {}, 'f:port': {} } },
      },
    });
    const err = conflictOf(() =>
      apply(obj, widget({ ports: [{ port: 80, name: 'web' }] }), opts('bob')),
    );
    expect(err.message).toBe(
      'Apply failed with 1 conflict: conflict with "alice": .spec.ports[port=80,protocol="TCP"].name',
    );
  });

  it('treats lists without a list type as atomic and deduces unknown fields', () => {
    let obj = apply(
      undefined,
      widget({ tags: ['a'], free: { x: { y: 1 }, z: [1] } }),
      opts('alice'),
    ).object;
    expect(managedFields(obj)[0]!['fieldsV1']).toEqual({
      // Keys that are not named fields are members themselves ("."), leaves or not.
      'f:spec': { 'f:free': { 'f:x': { '.': {}, 'f:y': {} }, 'f:z': {} }, 'f:tags': {} },
    });
    obj = apply(obj, widget({ tags: ['b'] }), { ...opts('bob'), force: true }).object;
    expect((obj['spec'] as JsonObject)['tags']).toEqual(['b']);
  });

  it('ignores status on the main resource and spec on /status', () => {
    const obj = apply(
      undefined,
      widget({ replicas: 1 }, { status: { ready: true } }),
      opts('alice'),
    ).object;
    expect(managedFields(obj)[0]!['fieldsV1']).toEqual({ 'f:spec': { 'f:replicas': {} } });
    const st = apply(obj, widget({ replicas: 5 }, { status: { ready: true } }), {
      ...opts('ctrl'),
      subresource: 'status',
    }).object;
    expect(managedFields(st).map((e) => [e['manager'], e['subresource'], e['fieldsV1']])).toEqual([
      ['alice', undefined, { 'f:spec': { 'f:replicas': {} } }],
      ['ctrl', 'status', { 'f:status': { 'f:ready': {} } }],
    ]);
  });
});

describe('apply: kubectl upgrading from client-side apply', () => {
  it('takes over fields that still hold their last-applied values and keeps the annotation current', () => {
    const lastApplied = JSON.stringify(cm({ a: '1' })) + '\n';
    const created = cm({ a: '1' }, { annotations: { [lastAppliedAnnotation]: lastApplied } });
    let obj = updateManagedFields(undefined, structuredClone(created), {
      ...cmOpts('kubectl-client-side-apply'),
      now: t0,
    });
    const next = cm({ a: '2' }, { annotations: { [lastAppliedAnnotation]: 'x' } });
    delete (next['metadata'] as JsonObject)['annotations'];
    obj = apply(obj, next, { ...cmOpts('kubectl'), now: t1 }).object;
    expect(obj['data']).toEqual({ a: '2' });
    const annotations = (obj['metadata'] as JsonObject)['annotations'] as JsonObject;
    expect(annotations[lastAppliedAnnotation]).toBe(
      '{"apiVersion":"v1","data":{"a":"2"},"kind":"ConfigMap","metadata":{"name":"cm","namespace":"default"}}\n',
    );
  });
});
