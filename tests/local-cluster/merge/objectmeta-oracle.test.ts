/**
 * ObjectMeta validation compared with k8s.io/apimachinery's own (the merge oracle calls
 * ValidateObjectMetaDeclaratively at 1.37.2, as the API server's strategies do on create and
 * update): the same errors, field by field and word for word. Labels and annotations are Go maps
 * the server visits in random order, so errors are compared as a set.
 */

import { describe, expect, it } from 'vitest';
import {
  decodeObjectMeta,
  fieldErrorBody,
  nameIsDnsLabel,
  nameIsDnsSubdomain,
  nameIsPathSegment,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../../src-main/cluster/local/merge/index.js';
import type { JsonObject, NameValidator } from '../../../src-main/cluster/local/merge/index.js';
import { useMergeOracle } from './oracle.js';

const oracle = useMergeOracle();

type NameRule = 'subdomain' | 'label' | 'path';
const nameRules: Record<NameRule, NameValidator> = {
  subdomain: nameIsDnsSubdomain,
  label: nameIsDnsLabel,
  path: nameIsPathSegment,
};

const text = (e: { field: string; body: string }) => `${e.field}: ${e.body}`;

async function sameOnCreate(
  meta: JsonObject,
  namespaced = true,
  name: NameRule = 'subdomain',
): Promise<string[]> {
  const expected = await oracle.objectMeta(meta, { namespaced, name });
  expect(expected.error ?? '', 'oracle failed').toBe('');
  const actual = validateObjectMeta(decodeObjectMeta(meta).meta, {
    namespaced,
    name: nameRules[name],
  }).map((e) => text({ field: e.field, body: fieldErrorBody(e) }));
  const want = (expected.errors ?? []).map(text).sort();
  expect(actual.sort(), JSON.stringify(meta)).toEqual(want);
  return want;
}

async function sameOnUpdate(meta: JsonObject, old: JsonObject): Promise<string[]> {
  const expected = await oracle.objectMeta(meta, { old, namespaced: true });
  expect(expected.error ?? '', 'oracle failed').toBe('');
  const actual = validateObjectMetaUpdate(
    decodeObjectMeta(meta).meta,
    decodeObjectMeta(old).meta,
  ).map((e) => text({ field: e.field, body: fieldErrorBody(e) }));
  const want = (expected.errors ?? []).map(text).sort();
  expect(actual.sort(), JSON.stringify({ meta, old })).toEqual(want);
  return want;
}

const base = { name: 'a', namespace: 'default' };

describe('ObjectMeta validation on create matches the API server', () => {
  it('accepts good metadata', async () => {
    expect(await sameOnCreate(base)).toEqual([]);
    expect(await sameOnCreate({ name: 'a' }, false)).toEqual([]);
  });

  it('checks names and generateName by the kind rule', async () => {
    for (const rule of ['subdomain', 'label', 'path'] as const) {
      for (const name of ['', 'Bad_Name', 'a.b', 'a/b', '%x', '.', '..', 'x'.repeat(254)]) {
        await sameOnCreate({ ...base, name }, true, rule);
      }
      for (const generateName of ['gen-', 'Gen-', '-', 'a.b-', 'é-', 'x'.repeat(300) + '-', 'a/b'])
        await sameOnCreate({ ...base, generateName }, true, rule);
    }
    expect(await sameOnCreate({ namespace: 'default' })).toEqual([
      'metadata.name: Required value: name or generateName is required',
    ]);
  });

  it('checks the namespace against the scope', async () => {
    await sameOnCreate({ name: 'a' }, true);
    await sameOnCreate({ name: 'a', namespace: 'Bad.NS' }, true);
    await sameOnCreate({ name: 'a', namespace: 'x'.repeat(64) }, true);
    expect(await sameOnCreate({ name: 'a', namespace: 'default' }, false)).toHaveLength(1);
  });

  it('checks labels and annotations', async () => {
    const labels = {
      good: 'v',
      'example.com/good': 'v',
      'a/b/c': 'v',
      '/x': 'v',
      'example.com/': 'v',
      '-x': 'v',
      ['k'.repeat(64)]: 'v',
      [`${'p'.repeat(254)}/x`]: 'v',
      'Example.COM/x': 'v',
      v1: '-bad',
      v2: 'x'.repeat(64),
      v3: 'with space',
      v4: '',
    };
    await sameOnCreate({ ...base, labels });
    await sameOnCreate({ ...base, annotations: { ...labels, 'UPPER.example.com/x': 'y' } });
    await sameOnCreate({ ...base, annotations: { big: 'x'.repeat(256 * 1024) } });
    await sameOnCreate({ ...base, annotations: { big: 'x'.repeat(256 * 1024 - 3) } });
  });

  it('checks generation, owner references, finalizers and managedFields', async () => {
    await sameOnCreate({ ...base, generation: -1 });
    const owner = { apiVersion: 'v1', kind: 'ConfigMap', name: 'o', uid: 'u1' };
    await sameOnCreate({
      ...base,
      ownerReferences: [
        {},
        { ...owner, apiVersion: 'a/b/c' },
        { ...owner, apiVersion: '/' },
        { ...owner, kind: 'Event' },
        { ...owner, apiVersion: 'events.k8s.io/v1', kind: 'Event' },
      ],
    });
    await sameOnCreate({
      ...base,
      ownerReferences: [
        { ...owner, controller: true, blockOwnerDeletion: false },
        { ...owner, name: 'p', uid: 'u2', controller: true },
        { ...owner, name: 'q', uid: 'u3', controller: true },
      ],
    });
    await sameOnCreate({
      ...base,
      finalizers: [
        'kubernetes',
        'example.com/f',
        'a/b/c',
        'Bad Name',
        'orphan',
        'foregroundDeletion',
      ],
    });
    await sameOnCreate({
      ...base,
      managedFields: [
        { manager: 'm', operation: 'Apply', fieldsType: 'FieldsV1' },
        { manager: 'm', operation: 'Patch' },
        { manager: 'm\u0007x\u00e9\u200b', fieldsType: 'FieldsV2' },
        { manager: 'm'.repeat(129), operation: 'Update', subresource: 's'.repeat(257) },
      ],
    });
  });
});

describe('ObjectMeta validation on update matches the API server', () => {
  const old: JsonObject = {
    ...base,
    uid: 'u1',
    resourceVersion: '5',
    generation: 3,
    creationTimestamp: '2026-01-01T00:00:00Z',
    finalizers: ['example.com/a'],
  };

  it('accepts an unchanged object', async () => {
    expect(await sameOnUpdate(old, old)).toEqual([]);
  });

  it('keeps identity fields and needs a resourceVersion', async () => {
    await sameOnUpdate({ ...old, name: 'b', namespace: 'other', uid: 'u2' }, old);
    await sameOnUpdate({ ...old, creationTimestamp: '2026-02-01T00:00:00Z' }, old);
    await sameOnUpdate({ ...old, resourceVersion: '' }, old);
    await sameOnUpdate({ ...old, generation: 2 }, old);
    await sameOnUpdate({ ...old, generation: -1 }, old);
    await sameOnUpdate({ ...old, deletionGracePeriodSeconds: 30 }, old);
  });

  it('allows no new finalizers once deletion started', async () => {
    const deleting = { ...old, deletionTimestamp: '2026-01-02T00:00:00Z' };
    await sameOnUpdate(
      { ...deleting, finalizers: ['example.com/a', 'b.io/z', 'b.io/y'] },
      deleting,
    );
    await sameOnUpdate({ ...deleting, finalizers: [] }, deleting);
    await sameOnUpdate({ ...old, finalizers: ['example.com/a', 'b.io/z'] }, old);
  });

  it('checks labels, owners and managedFields as on create', async () => {
    await sameOnUpdate(
      {
        ...old,
        labels: { 'a/b/c': '-' },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Event', name: 'e', uid: 'u' }],
        managedFields: [{ manager: 'm', operation: 'Get' }],
      },
      old,
    );
  });
});

/** A small deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed + 0x9e3779b9;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('random metadata matches the API server', () => {
  it('reports the same errors for each', async () => {
    const words = ['a', 'B', '-', '.', '/', '_', 'x.y', 'example.com/', '', '0', '%', 'é'];
    for (let seed = 0; seed < 300; seed++) {
      const r = rng(seed);
      const word = (n: number) =>
        Array.from(
          { length: 1 + Math.floor(r() * n) },
          () => words[Math.floor(r() * words.length)],
        ).join('');
      const meta: JsonObject = { name: word(4) };
      if (r() < 0.5) meta['namespace'] = word(2);
      if (r() < 0.3) meta['generateName'] = word(3);
      if (r() < 0.5) meta['labels'] = { [word(4)]: word(3), [word(2)]: word(2) };
      if (r() < 0.3) meta['annotations'] = { [word(4)]: word(3) };
      if (r() < 0.3) meta['finalizers'] = [word(3), word(2)];
      const rules: NameRule[] = ['subdomain', 'label', 'path'];
      await sameOnCreate(meta, r() < 0.7, rules[Math.floor(r() * 3)]!);
    }
  });
});
