import { describe, expect, it } from 'vitest';
import { builtinSchema } from './builtin-schemas.js';
import type { JsonObject } from './json.js';
import {
  decodeManagedFields,
  encodeManagedFields,
  formatTime,
  managerFromUserAgent,
  managerIdentifier,
  updateManagedFields,
} from './managed.js';
import type { WriteOptions } from './managed.js';

const configMap = builtinSchema('', 'v1', 'ConfigMap')!.schema;
const namespace = builtinSchema('', 'v1', 'Namespace')!.schema;
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

const opts = (manager: string, now: Date, extra: Partial<WriteOptions> = {}): WriteOptions => ({
  manager,
  schema: configMap,
  apiVersion: 'v1',
  now,
  ...extra,
});

function cm(data: Record<string, string>, meta: JsonObject = {}): JsonObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', uid: 'u', ...meta }, data };
}

function entries(obj: JsonObject): JsonObject[] {
  return ((obj['metadata'] as JsonObject)['managedFields'] ?? []) as JsonObject[];
}

function summary(obj: JsonObject): [unknown, unknown, unknown][] {
  return entries(obj).map((e) => [e['manager'], e['time'], e['fieldsV1']]);
}

/** An update as a client sends it: the stored object with changes and its managedFields. */
function edit(obj: JsonObject, change: (o: JsonObject) => void): JsonObject {
  const next = structuredClone(obj);
  change(next);
  return next;
}

describe('updateManagedFields', () => {
  it('gives a creator every field it set, with "." for parents it created', () => {
    const created = updateManagedFields(
      undefined,
      cm({ a: '1' }, { labels: { x: 'y' } }),
      opts('kubectl-create', at(1)),
    );
    expect(entries(created)).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'v1',
        time: '2026-01-01T00:00:01Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:data': { '.': {}, 'f:a': {} },
          'f:metadata': { 'f:labels': { '.': {}, 'f:x': {} } },
        },
      },
    ]);
  });

  it('moves changed fields to the writer and keeps one entry per manager and version', () => {
    let obj = updateManagedFields(undefined, cm({ a: '1', b: '1' }), opts('creator', at(1)));
    obj = updateManagedFields(
      obj,
      edit(obj, (o) => ((o['data'] as JsonObject)['a'] = '2')),
      opts('editor', at(2)),
    );
    obj = updateManagedFields(
      obj,
      edit(obj, (o) => ((o['data'] as JsonObject)['c'] = '3')),
      opts('editor', at(3)),
    );
    expect(summary(obj)).toEqual([
      ['creator', '2026-01-01T00:00:01Z', { 'f:data': { '.': {}, 'f:b': {} } }],
      ['editor', '2026-01-01T00:00:03Z', { 'f:data': { 'f:a': {}, 'f:c': {} } }],
    ]);
  });

  it('keeps the time when the writer changed nothing, and drops removed fields from everyone', () => {
    let obj = updateManagedFields(undefined, cm({ a: '1', b: '1' }), opts('creator', at(1)));
    obj = updateManagedFields(
      obj,
      edit(obj, () => {}),
      opts('creator', at(5)),
    );
    expect(entries(obj)[0]!['time']).toBe('2026-01-01T00:00:01Z');
    obj = updateManagedFields(
      obj,
      edit(obj, (o) => delete (o['data'] as JsonObject)['a']),
      opts('other', at(6)),
    );
    expect(summary(obj)).toEqual([
      ['creator', '2026-01-01T00:00:01Z', { 'f:data': { '.': {}, 'f:b': {} } }],
    ]);
  });

  it('never records server-owned metadata', () => {
    let obj = updateManagedFields(undefined, cm({}), opts('creator', at(1)));
    obj = updateManagedFields(
      obj,
      edit(obj, (o) =>
        Object.assign(o['metadata'] as JsonObject, { resourceVersion: '5', generation: 2 }),
      ),
      opts('x', at(2)),
    );
    expect(summary(obj).map((e) => e[0])).toEqual(['creator']);
  });

  it('keeps managedFields a client sends, and resets them on []', () => {
    let obj = updateManagedFields(undefined, cm({ a: '1' }), opts('creator', at(1)));
    const forged = edit(obj, (o) => {
      (o['metadata'] as JsonObject)['managedFields'] = [
        {
          manager: 'forged',
          operation: 'Update',
          apiVersion: 'v1',
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:data': {} },
        },
      ];
    });
    obj = updateManagedFields(obj, forged, opts('x', at(2)));
    expect(summary(obj)).toEqual([['forged', undefined, { 'f:data': {} }]]);
    const reset = edit(obj, (o) => ((o['metadata'] as JsonObject)['managedFields'] = []));
    obj = updateManagedFields(obj, reset, opts('x', at(3)));
    expect((obj['metadata'] as JsonObject)['managedFields']).toBeUndefined();
    // Once untracked, an update of an existing object stays untracked.
    obj = updateManagedFields(
      obj,
      edit(obj, (o) => ((o['data'] as JsonObject)['z'] = '1')),
      opts('y', at(4)),
    );
    expect((obj['metadata'] as JsonObject)['managedFields']).toBeUndefined();
  });

  it('falls back to the stored managedFields when the sent ones do not decode', () => {
    let obj = updateManagedFields(undefined, cm({ a: '1' }), opts('creator', at(1)));
    const bad = edit(
      obj,
      (o) =>
        ((o['metadata'] as JsonObject)['managedFields'] = [{ manager: 'm', operation: 'Nope' }]),
    );
    obj = updateManagedFields(obj, bad, opts('creator', at(1)));
    expect(summary(obj).map((e) => e[0])).toEqual(['creator']);
  });

  it('folds Update entries beyond ten into ancient-changes, oldest first', () => {
    let obj = updateManagedFields(undefined, cm({ k0: '0' }), opts('m0', at(0)));
    for (let i = 1; i <= 11; i++) {
      obj = updateManagedFields(
        obj,
        edit(obj, (o) => ((o['data'] as JsonObject)[`k${i}`] = `${i}`)),
        opts(`m${i}`, at(i)),
      );
    }
    const managers = entries(obj).map((e) => e['manager']);
    expect(managers).toHaveLength(10);
    expect(managers[0]).toBe('ancient-changes');
    expect(entries(obj)[0]!['fieldsV1']).toEqual({
      'f:data': { '.': {}, 'f:k0': {}, 'f:k1': {}, 'f:k2': {} },
    });
    expect(entries(obj)[0]!['time']).toBe('2026-01-01T00:00:02Z');
  });

  it('uses the stored managedFields on a subresource and ignores reset fields', () => {
    const ns = (phase: string): JsonObject => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'n', uid: 'u' },
      spec: { finalizers: ['kubernetes'] },
      status: { phase },
    });
    let obj = updateManagedFields(
      undefined,
      ns('Active'),
      opts('creator', at(1), { schema: namespace }),
    );
    expect(entries(obj)[0]!['fieldsV1']).toEqual({ 'f:spec': { 'f:finalizers': {} } });
    const changed = edit(ns('Terminating'), (o) => {
      (o['spec'] as JsonObject)['finalizers'] = [];
      (o['metadata'] as JsonObject)['managedFields'] = [];
    });
    obj = updateManagedFields(
      obj,
      changed,
      opts('ctrl', at(2), { schema: namespace, subresource: 'status' }),
    );
    expect(entries(obj).map((e) => [e['manager'], e['subresource'], e['fieldsV1']])).toEqual([
      ['creator', undefined, { 'f:spec': { 'f:finalizers': {} } }],
      ['ctrl', 'status', { 'f:status': { 'f:phase': {} } }],
    ]);
  });

  it('calls an unnamed manager "unknown"', () => {
    const obj = updateManagedFields(undefined, cm({ a: '1' }), opts('', at(1)));
    expect(entries(obj)[0]!['manager']).toBe('unknown');
  });
});

describe('managedFields encoding', () => {
  it('identifies managers as the API server does', () => {
    expect(managerIdentifier({ manager: 'a', operation: 'Update', apiVersion: 'v1' })).toBe(
      '{"manager":"a","operation":"Update","apiVersion":"v1"}',
    );
    expect(
      managerIdentifier({
        manager: 'a<b',
        operation: 'Apply',
        apiVersion: 'v1',
        subresource: 'status',
      }),
    ).toBe('{"manager":"a\\u003cb","operation":"Apply","subresource":"status"}');
  });

  it('round-trips entries and rejects malformed ones', () => {
    const raw: JsonObject[] = [
      {
        manager: 'b',
        operation: 'Update',
        apiVersion: 'v1',
        time: '2026-01-01T00:00:01Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:x': {} },
      },
      {
        manager: 'a',
        operation: 'Apply',
        apiVersion: 'v1',
        time: '2026-01-01T00:00:09Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:y': {} },
      },
    ];
    expect(encodeManagedFields(decodeManagedFields(raw))).toEqual([raw[1], raw[0]]);
    expect(() => decodeManagedFields([{ operation: 'Apply', apiVersion: 'v1' }])).toThrow(
      'missing fieldsType in managed fields entry 0',
    );
    expect(() => decodeManagedFields([{ operation: 'Patch' }])).toThrow(
      'operation must be `Apply` or `Update`',
    );
    expect(() => decodeManagedFields([{ operation: 'Apply' }])).toThrow(
      'apiVersion must not be empty',
    );
    expect(() =>
      decodeManagedFields([{ operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV2' }]),
    ).toThrow('invalid fieldsType "FieldsV2" in managed fields entry 0');
  });

  it('writes times to the second in UTC', () => {
    expect(formatTime(new Date('2026-05-06T07:08:09.999+02:00'))).toBe('2026-05-06T05:08:09Z');
  });
});

describe('managerFromUserAgent', () => {
  it('takes the product before the first slash, printable and at most 128 bytes', () => {
    expect(managerFromUserAgent('kubectl/v1.37.2 (linux/amd64) kubernetes/abc')).toBe('kubectl');
    expect(managerFromUserAgent('my\u0007tool/1')).toBe('mytool');
    expect(managerFromUserAgent('é'.repeat(100))).toBe('é'.repeat(64));
    expect(managerFromUserAgent('')).toBe('');
  });
});
