/**
 * Starling's merge package against the real API server (the test cluster, kube-apiserver
 * 1.37.2): every write is sent to the server and predicted with the merge functions from the
 * object the server held before it, and what a client observes must be the same — the stored
 * object's fields, managedFields (entry by entry, in order; times only as present or not),
 * conflicts, validation errors and strict-decoding errors, word for word.
 */

import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MergeError,
  apply,
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  builtinSchema,
  crdVersionSchema,
  customResourceSchema,
  customResourceStrictError,
  decodeBuiltin,
  defaultCustomResource,
  invalidError,
  pruneCustomResource,
  strictDecodingError,
  unknownFieldWarnings,
  nameIsDnsSubdomain,
  updateManagedFields,
  validateCrd,
  validateObject,
  validateObjectMeta,
} from '../../../src-main/cluster/local/merge/index.js';
import type { Json, JsonObject } from '../../../src-main/cluster/local/merge/index.js';
import { testCluster, useNamespace } from '../../cluster/fixtures.js';
import {
  anyObject,
  customResourceDefinition,
  listMap,
  objectOf,
  stringSet,
} from '../../fixtures/custom-resources';

interface Reply {
  status: number;
  body: JsonObject;
  warnings: string[];
}

function call(
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<Reply> {
  const c = testCluster();
  const url = new URL(path, c.server);
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca: readFileSync(c.caFile),
        headers: {
          authorization: `Bearer ${c.token}`,
          accept: 'application/json',
          'user-agent': 'merge-comparison/1.0',
          ...(data
            ? { 'content-type': contentType, 'content-length': Buffer.byteLength(data) }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const warning = res.headers['warning'];
          const warnings = (Array.isArray(warning) ? warning : warning ? [warning] : []).flatMap(
            (w) =>
              [...w.matchAll(/299 - "((?:[^"\\]|\\.)*)"/g)].map((m) =>
                m[1]!.replace(/\\(.)/g, '$1'),
              ),
          );
          resolve({
            status: res.statusCode ?? 0,
            body: text ? (JSON.parse(text) as JsonObject) : {},
            warnings,
          });
        });
      },
    );
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

const namespace = useNamespace('merge-compare');

/** managedFields without times, so server and prediction compare. */
function entries(obj: JsonObject): Json[] {
  const mf = ((obj['metadata'] as JsonObject | undefined)?.['managedFields'] ?? []) as JsonObject[];
  return mf.map((e) => ({ ...e, time: e['time'] === undefined ? 'absent' : 'present' }));
}

function metaOf(obj: JsonObject): JsonObject {
  return (obj['metadata'] ?? {}) as JsonObject;
}

function predictionError(fn: () => unknown): MergeError | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof MergeError) return err;
    throw err;
  }
  return undefined;
}

// --- ConfigMaps -----------------------------------------------------------------------------------

const cmKind = builtinSchema('', 'v1', 'ConfigMap')!;

describe('ConfigMaps', () => {
  const path = (name = '') =>
    `/api/v1/namespaces/${namespace.name}/configmaps${name ? `/${name}` : ''}`;
  const cm = (name: string, data?: Record<string, string>, meta: JsonObject = {}): JsonObject => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, ...meta },
    ...(data ? { data } : {}),
  });

  /** Applies on the server and predicts the outcome from the object before. */
  async function applyBoth(
    name: string,
    body: JsonObject,
    manager: string,
    force = false,
  ): Promise<void> {
    const before = await call('GET', path(name));
    const live = before.status === 200 ? before.body : undefined;
    let predicted: JsonObject | undefined;
    const failure = predictionError(() => {
      const decodedLive = live
        ? decodeBuiltin(cmKind, live, { defaults: false }).object
        : undefined;
      predicted = apply(decodedLive, body, {
        manager,
        force,
        schema: cmKind.schema,
        apiVersion: 'v1',
        kind: 'ConfigMap',
        now: new Date(),
      }).object;
    });
    const q = `?fieldManager=${manager}${force ? '&force=true' : ''}`;
    const reply = await call('PATCH', `${path(name)}${q}`, body, 'application/apply-patch+yaml');
    if (failure) {
      expect(reply.status).toBe(failure.code);
      expect(reply.body['message']).toBe(failure.message);
      if (failure.details?.causes) {
        const sort = (cs: unknown) =>
          [...(cs as JsonObject[])].sort((a, b) =>
            String(a['message']).localeCompare(String(b['message'])),
          );
        expect(sort((reply.body['details'] as JsonObject)['causes'])).toEqual(
          sort(failure.details.causes),
        );
      }
      return;
    }
    expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300);
    const stored = decodeBuiltin(cmKind, predicted!, { defaults: false }).object;
    expect(reply.body['data']).toEqual(stored['data']);
    expect(metaOf(reply.body)['labels']).toEqual(metaOf(stored)['labels']);
    expect(metaOf(reply.body)['finalizers']).toEqual(metaOf(stored)['finalizers']);
    expect(entries(reply.body)).toEqual(entries(stored));
  }

  /** An update (PUT) on the server, predicted from the object before. */
  async function updateBoth(
    name: string,
    change: (o: JsonObject) => void,
    manager: string,
  ): Promise<void> {
    const live = (await call('GET', path(name))).body;
    const next = structuredClone(live);
    change(next);
    const decodedLive = decodeBuiltin(cmKind, live, { defaults: false }).object;
    const decodedNext = decodeBuiltin(cmKind, next, { defaults: false }).object;
    const predicted = updateManagedFields(decodedLive, decodedNext, {
      manager,
      schema: cmKind.schema,
      apiVersion: 'v1',
      now: new Date(),
    });
    const reply = await call('PUT', `${path(name)}?fieldManager=${manager}`, next);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body['data']).toEqual(predicted['data']);
    expect(entries(reply.body)).toEqual(entries(predicted));
  }

  it('server-side apply: ownership, sharing, conflicts, force, removal', async () => {
    await applyBoth('a', cm('a', { x: '1', y: '2' }, { labels: { app: 'a' } }), 'alice');
    await applyBoth('a', cm('a', { x: '1' }), 'bob');
    await applyBoth('a', cm('a', { x: '9', z: '3' }), 'bob');
    await applyBoth('a', cm('a', { x: '9', z: '3' }), 'bob', true);
    await applyBoth('a', cm('a', { y: '2' }), 'alice');
    await applyBoth('a', cm('a', {}, { finalizers: ['example.com/f'] }), 'carol');
    await applyBoth('a', cm('a', undefined, { finalizers: [] }), 'carol');
    await updateBoth('a', (o) => ((o['data'] as JsonObject)['w'] = 'updated'), 'editor');
    await applyBoth('a', cm('a', { w: 'applied', y: '3' }), 'alice');
    await applyBoth('a', { ...cm('a', {}), kind: 'Secret' }, 'alice');
    await applyBoth('a', { ...cm('a', {}), spec: { x: 1 } }, 'alice');
  });

  it('create with a mistyped value and strict unknown fields', async () => {
    const bad = cm('b', { n: 1 as unknown as string });
    const predicted = predictionError(() => decodeBuiltin(cmKind, bad));
    const reply = await call('POST', path(), bad);
    expect(reply.status).toBe(predicted!.code);
    expect(reply.body['message']).toBe(predicted!.message);

    const unknown = { ...cm('c', { a: 'b' }), spec: 1, metadata: { name: 'c', bogus: true } };
    const { unknownFields } = decodeBuiltin(cmKind, unknown);
    const strict = await call('POST', `${path()}?fieldValidation=Strict`, unknown);
    expect(strict.status).toBe(400);
    expect(strict.body['message']).toBe(strictDecodingError(cmKind, [...unknownFields]).message);
    const warn = await call('POST', `${path()}?fieldValidation=Warn`, unknown);
    expect(warn.status).toBe(201);
    expect([...warn.warnings].sort()).toEqual(unknownFieldWarnings(unknownFields).sort());
    expect(JSON.stringify(warn.body['data'])).toBe('{"a":"b"}');
  });

  it('patches: JSON patch, merge patch, strategic merge patch', async () => {
    await call('POST', path(), cm('p', { a: '1', b: '2' }, { finalizers: ['x/a'] }));
    const cases: [string, Json][] = [
      ['application/json-patch+json', [{ op: 'replace', path: '/data/a', value: '9' }]],
      ['application/json-patch+json', [{ op: 'remove', path: '/data/zz' }]],
      ['application/json-patch+json', [{ op: 'test', path: '/data/a', value: 'nope' }]],
      ['application/json-patch+json', { op: 'add' }],
      ['application/json-patch+json', [{ op: 'add', path: '/data/q', value: 'v', extra: 1 }]],
      ['application/merge-patch+json', [1]],
      ['application/merge-patch+json', { data: { b: null, c: '3' } }],
      [
        'application/strategic-merge-patch+json',
        { metadata: { finalizers: ['x/b'] }, data: { d: '4' } },
      ],
      ['application/strategic-merge-patch+json', { metadata: { $deleteFromPrimitiveList: ['x'] } }],
      [
        'application/strategic-merge-patch+json',
        { metadata: { '$deleteFromPrimitiveList/finalizers': ['x/a'] } },
      ],
      ['application/strategic-merge-patch+json', { metadata: { finalizers: ['x/c', 'x/b'] } }],
      [
        'application/strategic-merge-patch+json',
        { metadata: { '$setElementOrder/finalizers': ['x/c', 'x/a', 'x/b'], finalizers: ['x/a'] } },
      ],
    ];
    for (const [type, patch] of cases) {
      const live = decodeBuiltin(cmKind, (await call('GET', path('p'))).body, {
        defaults: false,
      }).object;
      let predicted: Json | undefined;
      const failure = predictionError(() => {
        if (type.includes('json-patch')) predicted = applyJsonPatch(live, patch);
        else if (type.includes('merge-patch') && !type.includes('strategic'))
          predicted = applyMergePatch(live, patch);
        else predicted = applyStrategicMergePatch(live, patch, cmKind.schema);
      });
      const reply = await call('PATCH', path('p'), patch, type);
      const context = `${type} ${JSON.stringify(patch)}`;
      if (failure) {
        expect(reply.status, context).toBe(failure.code);
        expect(reply.body['message'], context).toBe(failure.message);
        continue;
      }
      expect(reply.status, `${context}: ${JSON.stringify(reply.body)}`).toBe(200);
      const stored = decodeBuiltin(cmKind, predicted!, { defaults: false }).object;
      expect(reply.body['data'], context).toEqual(stored['data']);
      expect(metaOf(reply.body)['finalizers'], context).toEqual(metaOf(stored)['finalizers']);
    }
  });
});

// --- Custom resources -----------------------------------------------------------------------------

const group = `merge-${Math.random().toString(36).slice(2, 8)}.example.com`;
const crd: JsonObject = customResourceDefinition({
  group,
  kind: 'Gadget',
  version: 'v1',
  spec: objectOf({
    replicas: { type: 'integer', minimum: 0, default: 1 },
    mode: { type: 'string', enum: ['a', 'b'] },
    ports: listMap(
      ['port', 'protocol'],
      {
        port: { type: 'integer' },
        protocol: { type: 'string', default: 'TCP' },
        name: { type: 'string', maxLength: 5 },
      },
      ['port'],
    ),
    tags: stringSet,
    free: anyObject,
  }),
  status: objectOf({
    ready: { type: 'boolean' },
    conditions: listMap(['type'], { type: { type: 'string' }, status: { type: 'string' } }),
  }),
});

describe('custom resources', () => {
  const base = () => `/apis/${group}/v1/namespaces/${namespace.name}/gadgets`;
  const raw = crdVersionSchema(crd, 'v1');
  const typed = customResourceSchema(crd, 'v1');
  const g = (name: string, spec: Json, more: JsonObject = {}): JsonObject => ({
    apiVersion: `${group}/v1`,
    kind: 'Gadget',
    metadata: { name },
    spec,
    ...more,
  });

  beforeAll(async () => {
    const created = await call(
      'POST',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      crd,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    for (let i = 0; i < 100; i++) {
      const got = await call(
        'GET',
        `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.${group}`,
      );
      const conditions = ((got.body['status'] as JsonObject)?.['conditions'] ?? []) as JsonObject[];
      if (conditions.some((c) => c['type'] === 'Established' && c['status'] === 'True')) {
        // Discovery and the handler catch up a moment after Established.
        if ((await call('GET', base())).status === 200) return;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('the CRD never became established');
  });
  afterAll(async () => {
    await call(
      'DELETE',
      `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.${group}`,
    );
  });

  async function applyBoth(
    name: string,
    body: JsonObject,
    manager: string,
    opts: { force?: boolean; status?: boolean } = {},
  ) {
    const url = `${base()}/${name}${opts.status ? '/status' : ''}`;
    const before = await call('GET', `${base()}/${name}`);
    const live = before.status === 200 ? before.body : undefined;
    let predicted: JsonObject | undefined;
    const failure = predictionError(() => {
      const r = apply(live, body, {
        manager,
        force: opts.force ?? false,
        schema: typed,
        apiVersion: `${group}/v1`,
        kind: 'Gadget',
        now: new Date(),
        subresource: opts.status ? 'status' : '',
        statusSubresource: true,
      });
      predicted = r.object;
      defaultCustomResource(predicted, raw);
    });
    const reply = await call(
      'PATCH',
      `${url}?fieldManager=${manager}${opts.force ? '&force=true' : ''}`,
      body,
      'application/apply-patch+yaml',
    );
    const context = JSON.stringify(body);
    if (failure) {
      expect(reply.status, context).toBe(failure.code);
      expect(reply.body['message'], context).toBe(failure.message);
      return;
    }
    expect(reply.status, `${context}: ${JSON.stringify(reply.body)}`).toBeLessThan(300);
    expect(reply.body['spec'], context).toEqual(predicted!['spec']);
    if (opts.status) expect(reply.body['status'], context).toEqual(predicted!['status']);
    expect(entries(reply.body), context).toEqual(entries(predicted!));
  }

  it('server-side apply over list maps, sets, preserved fields and the status subresource', async () => {
    await applyBoth('one', g('one', { ports: [{ port: 80, name: 'http' }], tags: ['x'] }), 'alice');
    await applyBoth(
      'one',
      g('one', { ports: [{ port: 80, protocol: 'UDP', name: 'dns' }], tags: ['y', 'x'] }),
      'bob',
    );
    await applyBoth('one', g('one', { ports: [{ port: 80, name: 'web' }] }), 'bob');
    await applyBoth('one', g('one', { ports: [{ port: 80, name: 'web' }] }), 'bob', {
      force: true,
    });
    await applyBoth('one', g('one', { free: { a: { b: 1 } }, mode: 'a' }), 'carol');
    await applyBoth(
      'one',
      g('one', {}, { status: { ready: true, conditions: [{ type: 'Ready', status: 'True' }] } }),
      'ctl',
      {
        status: true,
      },
    );
    await applyBoth('one', g('one', { replicas: 3 }, { status: { ready: false } }), 'alice');
    await applyBoth('one', g('one', { ports: [{ port: 80, name: 'toolongname' }] }), 'dave');
  });

  it('validation and strict decoding errors, word for word', async () => {
    const bodies: JsonObject[] = [
      g('bad1', { replicas: -1, mode: 'c' }),
      g('bad2', {
        replicas: 'x',
        ports: [{ port: 1 }, { port: 1, protocol: 'TCP' }],
        tags: ['a', 'a'],
      }),
      g('bad3', { ports: [{ name: 'nokey' }] }),
      {
        ...g('bad4', { replicas: 1 }),
        metadata: {
          name: 'bad4',
          labels: { 'a/b/c': '-', ok: 'x' },
          finalizers: ['orphan', 'foregroundDeletion'],
        },
      },
    ];
    for (const body of bodies) {
      const obj = structuredClone(body);
      pruneCustomResource(obj, raw, 'Gadget', 'v1');
      defaultCustomResource(obj, raw);
      const meta = { ...(obj['metadata'] as JsonObject), namespace: namespace.name };
      const expected = invalidError('Gadget', group, metaOf(body)['name'] as string, [
        ...validateObjectMeta(meta, { namespaced: true, name: nameIsDnsSubdomain }),
        ...validateObject(obj, raw),
      ]);
      const reply = await call('POST', base(), body);
      expect(reply.status, JSON.stringify(reply.body)).toBe(422);
      // The server lists field errors in Go map order; compare the same errors, order aside.
      const split = (m: string) =>
        m
          .replace(/^.*? is invalid: \[?/, '')
          .replace(/\]$/, '')
          .split(', ')
          .sort();
      expect(split(String(reply.body['message']))).toEqual(split(expected.message));
      expect(String(reply.body['message']).replace(/: .*$/s, '')).toBe(
        expected.message.replace(/: .*$/s, ''),
      );
    }
    const unknown = g('strict', { replicas: 1, bogus: true, free: { anything: 1 } }, { extra: 1 });
    (unknown['metadata'] as JsonObject)['junk'] = 'x';
    const paths = pruneCustomResource(structuredClone(unknown), raw, 'Gadget', 'v1');
    const strict = await call('POST', `${base()}?fieldValidation=Strict`, unknown);
    expect(strict.status).toBe(400);
    expect(strict.body['message']).toBe(customResourceStrictError('Gadget', 'v1', paths).message);
    const warn = await call('POST', `${base()}?fieldValidation=Warn`, unknown);
    expect(warn.status).toBe(201);
    expect(warn.warnings).toEqual(unknownFieldWarnings(paths));
    expect(warn.body['spec']).toEqual({ replicas: 1, free: { anything: 1 } });
  });
});

describe('CustomResourceDefinitions', () => {
  const crdKind = builtinSchema('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition')!;
  const things = (schema: Json, metadata: JsonObject = {}): JsonObject => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `things.${group}`, ...metadata },
    spec: {
      group,
      names: { plural: 'things', kind: 'Thing' },
      scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }],
    },
  });

  it('invalid CRDs get the 422 the server words', async () => {
    const bodies: JsonObject[] = [
      things({ type: 'object', properties: { spec: { properties: { x: { type: 'string' } } } } }),
      things({ type: 'object', additionalProperties: false, properties: { a: {} } }),
      things(
        {
          type: 'object',
          properties: {
            spec: { type: 'object', properties: { n: { type: 'integer', default: 'one' } } },
            metadata: {
              type: 'object',
              properties: { name: { type: 'string', default: 'Bad/Name' } },
            },
          },
        },
        { labels: { 'a/b/c': '-' } },
      ),
      things({
        type: 'object',
        properties: {
          spec: {
            type: 'object',
            properties: {
              template: {
                type: 'object',
                'x-kubernetes-embedded-resource': true,
                'x-kubernetes-preserve-unknown-fields': true,
                default: { kind: 'Pod', metadata: { namespace: 'Bad' } },
              },
              pattern: { type: 'string', pattern: '(?i)^[[:alpha:]]+\\z' },
              broken: { type: 'string', pattern: '[' },
            },
          },
        },
      }),
    ];
    for (const body of bodies) {
      const { object } = decodeBuiltin(crdKind, body);
      object['status'] = { storedVersions: ['v1'] };
      const errors = validateCrd(object);
      expect(errors.length, JSON.stringify(body)).toBeGreaterThan(0);
      const expected = invalidError(
        'CustomResourceDefinition',
        'apiextensions.k8s.io',
        `things.${group}`,
        errors,
      );
      const reply = await call(
        'POST',
        '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
        body,
      );
      expect(reply.status, JSON.stringify(reply.body)).toBe(422);
      // The server lists some errors in Go map order; compare the same errors, order aside.
      const split = (m: string) =>
        m
          .replace(/^.*? is invalid: \[?/, '')
          .replace(/\]$/, '')
          .split(/, (?=(?:metadata|spec|status)[.[])/)
          .sort();
      expect(split(String(reply.body['message'])), JSON.stringify(body)).toEqual(
        split(expected.message),
      );
    }
  });
});
