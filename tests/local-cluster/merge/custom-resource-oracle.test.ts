/**
 * Custom resources pruned, defaulted and validated as kube-apiserver does it (the merge oracle
 * runs apiextensions-apiserver's schema-coercing decoder steps, structural defaulting, the
 * kube-openapi schema validator, embedded resources' metadata checks and the list-type checks at
 * 1.37.2).
 */

import { describe, expect, it } from 'vitest';
import {
  MergeError,
  defaultCustomResource,
  fieldErrorBody,
  formatFieldError,
  pruneCustomResource,
  validateEmbeddedResources,
  validateListTypeInvariants,
  validateObject,
} from '../../../src-main/cluster/local/merge/index.js';
import type {
  Json,
  JsonObject,
  JSONSchemaProps,
} from '../../../src-main/cluster/local/merge/index.js';
import { useMergeOracle } from './oracle.js';
import type { CustomResourceResult } from './oracle.js';

const oracle = useMergeOracle();

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) out[k] = canonical((v as Record<string, unknown>)[k]);
  return out;
}

function local(
  schema: JSONSchemaProps,
  object: JsonObject,
  old?: JsonObject,
): CustomResourceResult {
  const obj = structuredClone(object);
  let unknown: string[];
  try {
    unknown = pruneCustomResource(obj, schema, 'Widget', 'v1');
  } catch (err) {
    if (!(err instanceof MergeError)) throw err;
    return {
      error: err.message.replace(/^Widget in version "v1" cannot be handled as a Widget: /, ''),
    };
  }
  defaultCustomResource(obj, schema);
  const all = validateObject(obj, schema, old ? { old } : {});
  // The same errors from the parts, in the order the server's strategy runs them.
  const parts = [
    ...validateObject(obj, schema, { old, embeddedResources: false, listTypes: false }),
    ...validateEmbeddedResources(obj, schema, '', false),
    ...validateListTypeInvariants(obj, schema, old),
  ];
  expect(parts.map(formatFieldError)).toEqual(all.map(formatFieldError));
  const errors = all.map((e) => ({ type: e.type, field: e.field, body: fieldErrorBody(e) }));
  return { object: obj, unknown, errors };
}

const byText = (a: { field: string; body: string }, b: { field: string; body: string }) =>
  `${a.field} ${a.body}` < `${b.field} ${b.body}` ? -1 : 1;

async function same(schema: JSONSchemaProps, object: JsonObject, old?: JsonObject): Promise<void> {
  const expected = await oracle.customResource({ schema, object, ...(old ? { old } : {}) });
  expect(expected.error ?? '', 'oracle failed').not.toMatch(/^oracle:/);
  const actual = local(schema, object, old);
  const context = JSON.stringify(object);
  expect(actual.error, context).toEqual(expected.error);
  if (expected.error) return;
  expect(canonical(actual.object), context).toEqual(canonical(expected.object));
  expect(actual.unknown, context).toEqual(expected.unknown ?? []);
  expect([...(actual.errors ?? [])].sort(byText), context).toEqual(
    [...(expected.errors ?? [])].sort(byText),
  );
}

const str: JSONSchemaProps = { type: 'string' };

const schema: JSONSchemaProps = {
  type: 'object',
  required: ['spec'],
  properties: {
    spec: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', minLength: 2, maxLength: 8, pattern: '^[a-z]+$' },
        replicas: { type: 'integer', format: 'int32', minimum: 1, maximum: 10, default: 3 },
        ratio: { type: 'number', multipleOf: 0.5, exclusiveMaximum: true, maximum: 5 },
        mode: { type: 'string', enum: ['fast', 'slow'], default: 'slow' },
        size: {
          'x-kubernetes-int-or-string': true,
          anyOf: [{ type: 'integer' }, { type: 'string' }],
        },
        when: { type: 'string', format: 'date-time' },
        id: { type: 'string', format: 'uuid' },
        opt: { type: 'string', nullable: true },
        flag: { type: 'boolean' },
        tags: { type: 'array', items: str, maxItems: 3, minItems: 1, uniqueItems: true },
        aliases: { type: 'array', 'x-kubernetes-list-type': 'set', items: str },
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
              name: str,
            },
          },
        },
        conditions: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['type'],
          items: { type: 'object', properties: { type: str, status: str } },
        },
        labels: {
          type: 'object',
          additionalProperties: { type: 'string', maxLength: 3 },
          maxProperties: 2,
        },
        nested: {
          type: 'object',
          default: { a: 'x', unknownInDefault: 1 },
          properties: { a: str, b: { type: 'string', default: 'bee' } },
        },
        free: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { known: { type: 'integer' } },
        },
        template: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          properties: { spec: { type: 'object', properties: { x: str } } },
        },
        either: {
          type: 'object',
          properties: { a: str, b: str },
          oneOf: [{ required: ['a'] }, { required: ['b'] }],
        },
        notThis: { type: 'string', not: { enum: ['bad'] } },
        all: { type: 'integer', allOf: [{ minimum: 1 }, { maximum: 5 }] },
        items: {
          type: 'array',
          items: { type: 'object', properties: { v: { type: 'integer', default: 7 } } },
        },
      },
    },
    status: { type: 'object', properties: { ready: { type: 'boolean' } } },
  },
};

const w = (spec: Json, more: JsonObject = {}): JsonObject => ({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w', namespace: 'ns' },
  spec,
  ...more,
});

describe('custom resources are pruned, defaulted and validated as the API server does', () => {
  it('prunes unknown fields and reports them in order', async () => {
    await same(
      schema,
      w(
        { name: 'ab', bogus: 1, nested: { zz: 1 } },
        { extra: true, metadata: { name: 'w', foo: 1 } },
      ),
    );
    await same(schema, w({ name: 'ab', free: { anything: { goes: [1] }, known: 'x' } }));
    await same(schema, w({ name: 'ab', items: [{ v: 1, q: 2 }, { r: 3 }] }));
    await same(
      schema,
      w({
        name: 'ab',
        template: {
          apiVersion: 'v1',
          kind: 'K',
          metadata: { name: 'n', junk: 1 },
          spec: { x: 'y', y: 1 },
          other: 1,
        },
      }),
    );
    await same(schema, w({ name: 'ab', template: { apiVersion: 5 } }));
    await same(schema, { ...w({ name: 'ab' }), metadata: { name: 5 } });
  });

  it('defaults missing fields and non-nullable nulls, drops other nulls', async () => {
    await same(schema, w({ name: 'ab' }));
    await same(
      schema,
      w({ name: 'ab', replicas: null, mode: null, opt: null, flag: null, nested: null }),
    );
    await same(schema, w({ name: 'ab', nested: {}, items: [null, {}], ports: [{ port: 1 }] }));
  });

  it('reports every kind of schema violation in the same words', async () => {
    const cases: Json[] = [
      { name: 'a' },
      { name: 'waytoolongname' },
      { name: 'AB' },
      { name: 5 },
      { name: 'ab', replicas: 'three' },
      { name: 'ab', replicas: 0 },
      { name: 'ab', replicas: 11 },
      { name: 'ab', replicas: 1.5 },
      { name: 'ab', replicas: 3000000000 },
      { name: 'ab', ratio: 5 },
      { name: 'ab', ratio: 0.3 },
      { name: 'ab', mode: 'medium' },
      { name: 'ab', size: true },
      { name: 'ab', size: '50%' },
      { name: 'ab', when: 'yesterday' },
      { name: 'ab', when: '2026-01-01T00:00:00Z' },
      { name: 'ab', id: 'not-a-uuid' },
      { name: 'ab', flag: 'yes' },
      { name: 'ab', tags: [] },
      { name: 'ab', tags: ['a', 'b', 'c', 'd'] },
      { name: 'ab', tags: ['a', 'a'] },
      { name: 'ab', tags: 'a' },
      { name: 'ab', aliases: ['x', 'y', 'x', 'x', 'y'] },
      {
        name: 'ab',
        ports: [{ port: 80 }, { port: 80, protocol: 'TCP' }, { port: 80, protocol: 'UDP' }],
      },
      { name: 'ab', ports: [{ name: 'nokey' }] },
      {
        name: 'ab',
        conditions: [{ type: 'A' }, { type: 'A', status: 'x' }, { status: 'y' }, { status: 'z' }],
      },
      { name: 'ab', conditions: ['str'] },
      { name: 'ab', labels: { a: 'abcd', b: 'x', c: 'y' } },
      { name: 'ab', either: {} },
      { name: 'ab', either: { a: 'x', b: 'y' } },
      { name: 'ab', notThis: 'bad' },
      { name: 'ab', all: 9 },
      { name: 'ab', all: 0 },
      { name: 'ab', items: [{ v: 'x' }] },
      {},
      'not an object',
    ];
    for (const spec of cases) await same(schema, w(spec));
    await same(schema, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } });
    await same(schema, w({ name: 'ab' }, { status: { ready: 'no' } }));
  });

  it('ratchets unchanged invalid fields on update', async () => {
    const old = w({ name: 'TOOLONGNAME', replicas: 50 });
    await same(schema, w({ name: 'TOOLONGNAME', replicas: 50 }), old);
    await same(schema, w({ name: 'TOOLONGNAME', replicas: 60 }), old);
  });

  it('reports list-type duplicates on update only if the stored object had none', async () => {
    const dup = w({ name: 'ab', aliases: ['a', 'a'], conditions: [{ type: 'x' }, { type: 'x' }] });
    await same(schema, dup, w({ name: 'ab' }));
    await same(schema, dup, w({ name: 'ab', aliases: ['b', 'b'] }));
  });

  it('checks embedded resources: apiVersion, kind and metadata', async () => {
    await same(schema, w({ name: 'ab', template: {} }));
    await same(schema, w({ name: 'ab', template: { apiVersion: 'a/b/c', kind: 'Bad_Kind' } }));
    await same(
      schema,
      w({
        name: 'ab',
        template: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'a/b', namespace: 'Bad', labels: { '-x': 'y' }, generation: -1 },
        },
      }),
    );
    await same(
      schema,
      w({ name: 'ab', template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: '' } } }),
    );
  });
});

// --- Random objects, valid and not -------------------------------------------------------------

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A value for a schema that is usually right and sometimes of any other shape. */
function randomValue(r: () => number, s: JSONSchemaProps | undefined, depth: number): Json {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const wild = (): Json =>
    pick<Json>([
      null,
      true,
      0,
      -3,
      2.5,
      7,
      3000000000,
      '',
      'abc',
      'ABCDEFGHIJ',
      [],
      ['a'],
      {},
      { q: 1 },
    ]);
  if (!s || r() < 0.15) return wild();
  if (s.enum && r() < 0.7) return pick(s.enum);
  if (s['x-kubernetes-int-or-string']) return r() < 0.5 ? pick([1, 5, 60]) : pick(['a', '50%']);
  switch (s.type) {
    case 'string':
      return pick(['ab', 'abc', 'x', 'abcdefghij', 'a-b', '2026-01-01T00:00:00Z', 'bad']);
    case 'integer':
      return pick([0, 1, 3, 10, 11, -1]);
    case 'number':
      return pick([0, 0.5, 1, 4.5, 5, 6]);
    case 'boolean':
      return r() < 0.5;
    case 'array': {
      const n = Math.floor(r() * 4);
      return Array.from({ length: n }, () => randomValue(r, s.items, depth + 1));
    }
    default: {
      const out: JsonObject = {};
      if (depth > 4) return out;
      for (const [k, p] of Object.entries(s.properties ?? {}))
        if (r() < 0.4) out[k] = randomValue(r, p, depth + 1);
      if (typeof s.additionalProperties === 'object') {
        for (const k of ['a', 'b', 'c'])
          if (r() < 0.3) out[k] = randomValue(r, s.additionalProperties, depth + 1);
      }
      if (r() < 0.1) out['unknownField'] = wild();
      return out;
    }
  }
}

describe('random custom resources match the API server', () => {
  it('prunes, defaults and validates them the same way', async () => {
    for (let seed = 0; seed < 300; seed++) {
      const r = rng(seed);
      const spec = randomValue(r, schema.properties!['spec'], 0);
      await same(schema, w(spec));
    }
  });
});
