import { describe, expect, it } from 'vitest';
import { applyChangesNothing } from './unchanged-apply';
import type { JsonObject } from './values';

// Field sets as kube-apiserver records them (tests/reconciler/runtime/unchanged-apply-suite.ts
// checks the same predictions against real servers).
const live = (): JsonObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name: 'c',
    namespace: 'ns',
    uid: 'u-1',
    resourceVersion: '7',
    finalizers: ['a/b'],
    managedFields: [
      {
        manager: 'm',
        operation: 'Apply',
        apiVersion: 'v1',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:data': { 'f:p': {} },
          'f:metadata': { 'f:finalizers': { 'v:"a/b"': {} } },
        },
      },
    ],
  },
  data: { p: 'a', q: 'other manager' },
});

const applied = (): JsonObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c', namespace: 'ns', finalizers: ['a/b'] },
  data: { p: 'a' },
});

describe('applyChangesNothing', () => {
  it("is true when the manager's field set and every value are unchanged", () => {
    expect(applyChangesNothing(applied(), live(), 'm')).toBe(true);
  });

  it('is false for another manager, another subresource or another apiVersion', () => {
    expect(applyChangesNothing(applied(), live(), 'n')).toBe(false);
    expect(applyChangesNothing(applied(), live(), 'm', 'status')).toBe(false);
    const l = live();
    ((l.metadata as JsonObject).managedFields as JsonObject[])[0]!.apiVersion = 'v2';
    expect(applyChangesNothing(applied(), l, 'm')).toBe(false);
  });

  it('is false when the manager has two Apply entries for the same subresource', () => {
    const l = live();
    const entries = (l.metadata as JsonObject).managedFields as JsonObject[];
    entries.push(structuredClone(entries[0]!));
    expect(applyChangesNothing(applied(), l, 'm')).toBe(false);
  });

  it('is false for a name, namespace or uid other than the live one, or server-set metadata', () => {
    for (const [key, value] of [
      ['namespace', 'other'],
      ['uid', 'u-2'],
      ['resourceVersion', '7'],
      ['generateName', 'c-'],
    ] as const) {
      const a = applied();
      (a.metadata as JsonObject)[key] = value;
      expect(applyChangesNothing(a, live(), 'm'), key).toBe(false);
    }
    const a = applied();
    (a.metadata as JsonObject).uid = 'u-1';
    expect(applyChangesNothing(a, live(), 'm')).toBe(true);
  });

  it('is false while the object is being deleted, and for a null value', () => {
    const l = live();
    (l.metadata as JsonObject).deletionTimestamp = '2026-01-01T00:00:00Z';
    expect(applyChangesNothing(applied(), l, 'm')).toBe(false);
    const a = applied();
    (a.data as JsonObject).p = null;
    expect(applyChangesNothing(a, live(), 'm')).toBe(false);
  });

  it('is false for a value, an added field, a dropped field or a set item that differs', () => {
    const changed = applied();
    (changed.data as JsonObject).p = 'b';
    const added = applied();
    (added.data as JsonObject).r = 'x';
    const dropped = applied();
    delete (dropped.metadata as JsonObject).finalizers;
    const item = applied();
    (item.metadata as JsonObject).finalizers = ['a/c'];
    for (const a of [changed, added, dropped, item])
      expect(applyChangesNothing(a, live(), 'm')).toBe(false);
  });
});
