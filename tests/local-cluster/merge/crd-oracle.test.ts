/**
 * CustomResourceDefinition validation compared with apiextensions-apiserver's own (the merge
 * oracle runs its defaults, conversion to the internal version and ValidateCustomResourceDefinition
 * at 1.37.2): the same errors, field by field and word for word (the server's order follows Go map
 * iteration in places, so errors are compared as a set). Updates run the strategy's
 * PrepareForUpdate and ValidateCustomResourceDefinitionUpdate against a stored CRD.
 */

import { describe, expect, it } from 'vitest';
import {
  builtinSchema,
  decodeBuiltin,
  fieldErrorBody,
  validateCrd,
  validateCrdStatus,
} from '../../../src-main/cluster/local/merge/index.js';
import type { Json, JsonObject } from '../../../src-main/cluster/local/merge/index.js';
import { useMergeOracle } from './oracle.js';
import { Buffer } from 'node:buffer';

const oracle = useMergeOracle();

const crdKind = builtinSchema('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition')!;

/** What the server does before validating: decode with defaults, then PrepareForCreate. */
function prepared(crd: JsonObject): JsonObject {
  const { object } = decodeBuiltin(crdKind, crd);
  const versions = ((object['spec'] as JsonObject)?.['versions'] ?? []) as JsonObject[];
  const storage = versions.find((v) => v['storage'] === true);
  // PrepareForCreate: status reset; the storage version (if any) is recorded as stored.
  object['status'] = storage ? { storedVersions: [storage['name']!] } : {};
  return object;
}

const text = (e: { field: string; body: string }) => `${e.field}: ${e.body}`;

async function same(crd: JsonObject): Promise<void> {
  const expected = await oracle.crd(crd);
  expect(expected.error ?? '', 'oracle failed').toBe('');
  const actual = validateCrd(prepared(crd)).map((e) => ({
    type: e.type,
    field: e.field,
    body: fieldErrorBody(e),
  }));
  expect(actual.map(text).sort(), JSON.stringify(crd)).toEqual(
    (expected.errors ?? []).map(text).sort(),
  );
}

function crd(
  spec: JsonObject = {},
  version: JsonObject = {},
  schema?: Json,
  name = 'widgets.example.com',
): JsonObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name },
    spec: {
      group: 'example.com',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: schema ?? { type: 'object', properties: { spec: { type: 'object' } } },
          },
          ...version,
        },
      ],
      ...spec,
    },
  };
}

describe('CRD validation matches the API server', () => {
  it('accepts a good CRD', async () => {
    await same(crd());
  });

  it('checks names, group, scope and versions', async () => {
    await same(crd({}, {}, undefined, 'wrong.example.com'));
    await same(crd({ group: 'nodot' }, {}, undefined, 'widgets.nodot'));
    await same(crd({ group: 'Bad_Group.com' }, {}, undefined, 'widgets.Bad_Group.com'));
    await same(crd({ scope: 'Global' }));
    await same(crd({ scope: '' }));
    await same(
      crd({
        names: {
          plural: 'Widgets',
          kind: 'widget!',
          listKind: 'widget!',
          shortNames: ['W'],
          categories: ['a b'],
        },
      }),
    );
    await same(crd({ names: { plural: 'widgets' } }));
    await same(crd({}, { name: 'V1' }));
    await same(crd({}, { storage: false }));
    await same(
      crd({
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object' } },
          },
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object' } },
          },
        ],
      }),
    );
    await same(crd({}, { schema: null }));
    await same(crd({}, { deprecationWarning: 'old' }));
    await same(crd({}, { deprecated: true, deprecationWarning: '' }));
    await same(crd({ preserveUnknownFields: true }));
    await same(crd({ conversion: { strategy: 'Magic' } }));
    await same(crd({ conversion: { strategy: 'Webhook' } }));
    await same(
      crd({
        conversion: { strategy: 'Webhook', webhook: { conversionReviewVersions: ['v9', 'v9'] } },
      }),
    );
    await same(
      crd({ conversion: { strategy: 'None', webhook: { conversionReviewVersions: ['v1'] } } }),
    );
  });

  it('checks subresources and printer columns, top-level and per version', async () => {
    await same(
      crd(
        {},
        {
          subresources: {
            status: {},
            scale: { specReplicasPath: 'spec.r', statusReplicasPath: '.spec.x' },
          },
        },
      ),
    );
    await same(
      crd({}, { subresources: { scale: { specReplicasPath: '', statusReplicasPath: '' } } }),
    );
    await same(
      crd(
        {},
        {
          additionalPrinterColumns: [
            { name: '', type: 'color', format: 'weird', jsonPath: 'x' },
            { name: 'A', type: '', jsonPath: '' },
          ],
        },
      ),
    );
    await same(
      crd({
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object' } },
            subresources: { status: {} },
          },
          {
            name: 'v2',
            served: true,
            storage: false,
            schema: { openAPIV3Schema: { type: 'string' } },
            additionalPrinterColumns: [{ name: 'x', type: 'bad', jsonPath: '.x' }],
          },
        ],
      }),
    );
  });

  it('requires structural schemas and the OpenAPI subset', async () => {
    const schemas: Json[] = [
      { type: 'string' },
      {},
      { type: 'object', properties: { spec: {} } },
      { type: 'object', properties: { list: { type: 'array' } } },
      { type: 'object', properties: { list: { type: 'array', items: {} } } },
      { type: 'object', additionalProperties: { type: 'string' } },
      {
        type: 'object',
        properties: { a: { type: 'string' } },
        additionalProperties: { type: 'string' },
      },
      {
        type: 'object',
        properties: {
          metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 5 } } },
        },
      },
      {
        type: 'object',
        properties: { metadata: { type: 'object', properties: { labels: { type: 'object' } } } },
      },
      { type: 'object', properties: { metadata: { type: 'string' }, kind: { type: 'integer' } } },
      { type: 'object', properties: { x: { type: 'string', $ref: '#/definitions/y' } } },
      { type: 'object', properties: { x: { type: 'null' } } },
      { type: 'object', properties: { x: { type: 'color' } } },
      {
        type: 'object',
        properties: { x: { type: 'array', items: { type: 'string' }, uniqueItems: true } },
      },
      {
        type: 'object',
        properties: { x: { type: 'string', 'x-kubernetes-preserve-unknown-fields': false } },
      },
      { type: 'object', properties: { x: { type: 'string', 'x-kubernetes-map-type': 'atomic' } } },
      {
        type: 'object',
        properties: { x: { type: 'object', 'x-kubernetes-map-type': 'sometimes' } },
      },
      { type: 'object', properties: { x: { type: 'object', 'x-kubernetes-list-type': 'set' } } },
      {
        type: 'object',
        properties: {
          x: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'bag' },
        },
      },
      {
        type: 'object',
        properties: {
          x: {
            type: 'array',
            'x-kubernetes-list-type': 'map',
            items: { type: 'object', properties: { k: { type: 'string' } } },
            'x-kubernetes-list-map-keys': ['k', 'missing'],
          },
        },
      },
      {
        type: 'object',
        properties: {
          x: { type: 'array', 'x-kubernetes-list-type': 'map', items: { type: 'string' } },
        },
      },
      {
        type: 'object',
        properties: {
          x: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-map-keys': ['a'] },
        },
      },
      {
        type: 'object',
        properties: {
          x: {
            type: 'array',
            'x-kubernetes-list-type': 'set',
            items: { type: 'object', nullable: true },
          },
        },
      },
      {
        type: 'object',
        properties: {
          x: {
            'x-kubernetes-int-or-string': true,
            anyOf: [{ type: 'integer' }, { type: 'string' }],
          },
        },
      },
      {
        type: 'object',
        properties: {
          x: { type: 'string', anyOf: [{ type: 'integer', description: 'd' }, { nullable: true }] },
        },
      },
      {
        type: 'object',
        properties: { x: { type: 'object', allOf: [{ properties: { y: { maxLength: 2 } } }] } },
      },
      {
        type: 'object',
        properties: { x: { type: 'object', not: { properties: { metadata: {} } } } },
      },
      { type: 'object', properties: { x: { type: 'string', pattern: '[' } } },
      {
        type: 'object',
        properties: { e: { type: 'object', 'x-kubernetes-embedded-resource': true } },
      },
      {
        type: 'object',
        properties: { e: { type: 'string', 'x-kubernetes-embedded-resource': true } },
      },
      {
        type: 'object',
        properties: {
          x: { 'x-kubernetes-int-or-string': true, 'x-kubernetes-preserve-unknown-fields': true },
        },
      },
      { type: 'object', nullable: true },
      {
        type: 'object',
        properties: {
          x: {
            type: 'object',
            'x-kubernetes-validations': [{ rule: '' }, { rule: 'a', message: ' ' }],
          },
        },
      },
    ];
    for (const schema of schemas) await same(crd({}, {}, schema));
    await same(
      crd(
        {},
        { subresources: { status: {} } },
        { type: 'object', minProperties: 1, properties: { spec: { type: 'object' } } },
      ),
    );
  });

  it('checks defaults', async () => {
    const schemas: Json[] = [
      { type: 'object', properties: { x: { type: 'integer', default: 'one' } } },
      {
        type: 'object',
        properties: {
          x: { type: 'object', properties: { a: { type: 'string' } }, default: { a: 'x', b: 1 } },
        },
      },
      { type: 'object', properties: { x: { type: 'string', maxLength: 2, default: 'long' } } },
      { type: 'object', properties: { metadata: { type: 'object', default: {} } } },
      { type: 'object', properties: { x: { type: 'integer', default: 3 } } },
      // Defaults of the resource itself and inside metadata must make valid metadata.
      { type: 'object', default: { spec: {} } },
      { type: 'object', default: { apiVersion: 'a/b/c', kind: 'Bad_Kind' } },
      {
        type: 'object',
        properties: {
          metadata: {
            type: 'object',
            properties: { name: { type: 'string', default: 'Bad/Name' } },
          },
          kind: { type: 'string', default: 'Widget' },
        },
      },
      {
        type: 'object',
        properties: {
          metadata: {
            type: 'object',
            properties: { generateName: { type: 'string', default: '%' } },
          },
        },
      },
      {
        type: 'object',
        properties: {
          spec: {
            type: 'object',
            properties: {
              template: {
                type: 'object',
                'x-kubernetes-embedded-resource': true,
                properties: {
                  metadata: { type: 'object', default: { name: 'a/b', labels: { '-x': 'y' } } },
                  spec: { type: 'object' },
                },
                default: { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'Bad' } },
              },
            },
          },
        },
      },
    ];
    for (const schema of schemas) await same(crd({}, {}, schema));
  });

  it('checks metadata as ObjectMeta', async () => {
    const bad = crd();
    bad['metadata'] = {
      name: 'widgets.example.com',
      labels: { 'a/b/c': '-' },
      annotations: { '': 'x' },
      finalizers: ['orphan', 'foregroundDeletion'],
      ownerReferences: [{ apiVersion: 'v1', kind: 'Event', name: 'e', uid: 'u' }],
    };
    await same(bad);
    const namespaced = crd();
    (namespaced['metadata'] as JsonObject)['namespace'] = 'default';
    await same(namespaced);
    const generated = crd({}, {}, undefined, '');
    (generated['metadata'] as JsonObject)['generateName'] = 'widgets-';
    await same(generated);
    await sameUpdate(
      {
        ...crd(),
        metadata: { name: 'widgets.example.com', labels: { '-': '-' }, uid: 'other' },
      },
      stored(),
    );
  });
});

/** An Established CRD as the server stores it. */
function stored(spec: JsonObject = {}, version: JsonObject = {}, established = true): JsonObject {
  const { object } = decodeBuiltin(crdKind, crd(spec, version));
  object['status'] = {
    conditions: [
      {
        type: 'Established',
        status: established ? 'True' : 'False',
        lastTransitionTime: '2026-01-01T00:00:00Z',
        reason: established ? 'InitialNamesAccepted' : 'Installing',
        message: '',
      },
    ],
    acceptedNames: {
      plural: 'widgets',
      singular: 'widget',
      kind: 'Widget',
      listKind: 'WidgetList',
    },
    storedVersions: ['v1'],
  };
  return object;
}

async function sameUpdate(next: JsonObject, old: JsonObject, status = false): Promise<void> {
  // An update names the resourceVersion it replaces (ObjectMeta's part, the server's own).
  next = { ...next, metadata: { ...(next['metadata'] as JsonObject), resourceVersion: '7' } };
  old = { ...old, metadata: { ...(old['metadata'] as JsonObject), resourceVersion: '7' } };
  const expected = await oracle.crd(next, old, status);
  expect(expected.error ?? '', 'oracle failed').toBe('');
  const { object } = decodeBuiltin(crdKind, next);
  let errors;
  if (status) errors = validateCrdStatus(object, decodeBuiltin(crdKind, old).object);
  else {
    // PrepareForUpdate: the old status, the storage version added to storedVersions.
    const oldStatus = structuredClone(old['status'] ?? {}) as JsonObject;
    const storedVersions = (oldStatus['storedVersions'] ?? []) as string[];
    const versions = ((object['spec'] as JsonObject)?.['versions'] ?? []) as JsonObject[];
    const storage = versions.find((v) => v['storage'] === true);
    if (storage && !storedVersions.includes(storage['name'] as string)) {
      oldStatus['storedVersions'] = [...storedVersions, storage['name']!];
    }
    object['status'] = oldStatus;
    errors = validateCrd(object, old);
  }
  const actual = errors.map((e) => ({ type: e.type, field: e.field, body: fieldErrorBody(e) }));
  expect(actual.map(text).sort(), JSON.stringify({ next, old })).toEqual(
    (expected.errors ?? []).map(text).sort(),
  );
}

const testCa = `-----BEGIN CERTIFICATE-----
MIIBjDCCATOgAwIBAgIUA3DAPBj6a3r226Z8Gfb5YtYtJwcwCgYIKoZIzj0EAwIw
GzEZMBcGA1UEAwwQc3RhcmxpbmctdGVzdC1jYTAgFw0yNjExMjUxNTAyNDlaGA8y
MTI2MTEwMTE1MDI0OVowGzEZMBcGA1UEAwwQc3RhcmxpbmctdGVzdC1jYTBZMBMG
ByqGSM49AgEGCCqGSM49AwEHA0IABOI2S0FKNmp8crFLJchkXCqFMQWoARNh65MD
mITIi/q6wpooJccQmg3cfNHmDYTQYHFYcuzVURmCLn5y8c3zgsGjUzBRMB0GA1Ud
DgQWBBRqMzHa2/+BuwAJ0dqfIZwVCjxH0zAfBgNVHSMEGDAWgBRqMzHa2/+BuwAJ
0dqfIZwVCjxH0zAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0cAMEQCIGu6
gl5MNZLnvmgAAhUb2/Pvw/7LNUPwvRrMcAbbt3QXAiBUgCu/Uzxh58lpMlQKWobQ
PosnAbzhdQxSlaSUX4IODQ==
-----END CERTIFICATE-----
`;
const b64 = (s: string) => Buffer.from(s, 'latin1').toString('base64');
const webhook = (clientConfig: JsonObject, conversionReviewVersions: Json = ['v1']) => ({
  conversion: { strategy: 'Webhook', webhook: { clientConfig, conversionReviewVersions } },
});

describe('CRD webhook conversion and API approval match the API server', () => {
  it('validates conversion webhook URLs as Go parses them', async () => {
    const urls = [
      'https://example.com/convert',
      'http://example.com',
      'https://user:pw@host/p?q=1#frag',
      'https://user@host/',
      'https://',
      '',
      '://bad',
      'https://a b/',
      'https://[::1',
      'https://[::1]:443/x',
      'https://[1.2.3.4]/',
      'https://[fe80::1%25en0]/',
      'https://[zz]/',
      'https://host:port/',
      'https://a:1:2/',
      'https://%zz/',
      'https://h/%zz',
      'https://h/#%zz',
      'foo',
      'a:b/c',
      '/path',
      'https://h/\u0001',
      'mailto:me@example.com',
      'HTTPS://Example.COM',
      'https://h?',
      'https://h/?#',
      'https://u%40x:p%3A@h/',
      'https://h%C3%A9/',
    ];
    for (const url of urls) await same(crd(webhook({ url })));
  });

  it('validates conversion webhook services and review versions', async () => {
    const services: JsonObject[] = [
      { name: 'svc', namespace: 'ns' },
      { name: '', namespace: 'ns' },
      { name: 'svc', namespace: '' },
      { name: 'svc', namespace: 'ns', port: 0 },
      { name: 'svc', namespace: 'ns', port: 70000 },
      { name: 'svc', namespace: 'ns', path: 'x' },
      { name: 'svc', namespace: 'ns', path: '//' },
      { name: 'svc', namespace: 'ns', path: '/' },
      { name: 'svc', namespace: 'ns', path: '/a//b/' },
      { name: 'svc', namespace: 'ns', path: '/A_B/ok' },
      { name: 'svc', namespace: 'ns', path: '/ok/path/' },
    ];
    for (const service of services) await same(crd(webhook({ service })));
    await same(crd(webhook({ url: 'https://h', service: { name: 's', namespace: 'n' } })));
    await same(crd(webhook({})));
    // A CA bundle is not checked on create.
    await same(crd(webhook({ url: 'https://h', caBundle: b64('junk') })));
    await same(crd(webhook({ url: 'https://h' }, ['v9'])));
  });

  it('requires API approval for Kubernetes groups', async () => {
    const approval = (value?: string, group = 'widgets.k8s.io') => {
      const c = crd({ group }, {}, undefined, `widgets.${group}`);
      if (value !== undefined)
        (c['metadata'] as JsonObject)['annotations'] = { 'api-approved.kubernetes.io': value };
      return c;
    };
    await same(approval());
    await same(approval(undefined, 'kubernetes.io'));
    await same(approval(undefined, 'x.kubernetes.io'));
    await same(approval(undefined, 'notk8s.io'));
    await same(approval('unapproved, experimental'));
    await same(approval('https://github.com/kubernetes/enhancements/pull/1111'));
    await same(approval('github.com/kubernetes/enhancements/pull/1111'));
    await same(approval('https:///no-host'));
    await same(approval('yes'));
  });
});

describe('CRD updates match the API server', () => {
  it('keeps group and plural, and scope and kind once established', async () => {
    const old = stored();
    await sameUpdate(crd(), old);
    await sameUpdate(crd({ group: 'other.com' }), old);
    await sameUpdate(
      crd(
        {
          names: { plural: 'gadgets', singular: 'gadget', kind: 'Widget', listKind: 'WidgetList' },
        },
        {},
      ),
      old,
    );
    await sameUpdate(crd({ scope: 'Cluster' }), old);
    await sameUpdate(crd({ names: { plural: 'widgets', kind: 'Gadget' } }), old);
    await sameUpdate(crd({ scope: 'Cluster' }), stored({}, {}, false));
    await sameUpdate(crd({ names: { plural: 'widgets', kind: 'Gadget' } }), stored({}, {}, false));
  });

  it('keeps stored versions in spec.versions', async () => {
    const v2 = (storage: boolean) => ({
      name: 'v2',
      served: true,
      storage,
      schema: { openAPIV3Schema: { type: 'object' } },
    });
    const v1 = (storage: boolean) => ({ ...v2(storage), name: 'v1' });
    await sameUpdate(crd({ versions: [v2(true)] }), stored());
    await sameUpdate(crd({ versions: [v1(false), v2(true)] }), stored());
    await sameUpdate(crd({ versions: [v1(false), v2(false)] }), stored());
  });

  it('checks review versions, CA bundles and approval as strictly as the old CRD passes', async () => {
    const oldWebhook = (versions: string[], caBundle?: string) =>
      stored(webhook({ url: 'https://h', ...(caBundle ? { caBundle } : {}) }, versions));
    await sameUpdate(crd(webhook({ url: 'https://h' }, ['v9'])), oldWebhook(['v9']));
    await sameUpdate(crd(webhook({ url: 'https://h' }, ['v9'])), oldWebhook(['v1']));
    await sameUpdate(crd(webhook({ url: 'https://h' }, ['v9'])), stored());
    const bundles = [
      b64(testCa),
      b64('junk'),
      b64(`junk before\n${testCa}`),
      b64(`${testCa}trailing junk`),
      b64(`${testCa}\n`),
      b64('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'),
      b64('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'),
      b64('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----'),
    ];
    for (const caBundle of bundles) {
      await sameUpdate(crd(webhook({ url: 'https://h', caBundle })), oldWebhook(['v1']));
      await sameUpdate(
        crd(webhook({ url: 'https://h', caBundle })),
        oldWebhook(['v1'], b64('junk')),
      );
      await sameUpdate(
        crd(webhook({ url: 'https://h', caBundle })),
        stored(webhook({ url: 'https://h' }), {}, false),
      );
    }
    const k8s = (annotation?: string) => {
      const c = crd({ group: 'widgets.k8s.io' }, {}, undefined, 'widgets.widgets.k8s.io');
      if (annotation)
        (c['metadata'] as JsonObject)['annotations'] = { 'api-approved.kubernetes.io': annotation };
      return c;
    };
    const oldK8s = (annotation?: string) => {
      const { object } = decodeBuiltin(crdKind, k8s(annotation));
      object['status'] = { storedVersions: ['v1'] };
      return object;
    };
    await sameUpdate(k8s(), oldK8s());
    await sameUpdate(k8s('yes'), oldK8s('no'));
    await sameUpdate(k8s('yes'), oldK8s());
    await sameUpdate(k8s(), oldK8s('unapproved'));
    await sameUpdate(crd({ preserveUnknownFields: true }), stored({ preserveUnknownFields: true }));
    await sameUpdate(crd({ preserveUnknownFields: true }), stored());
  });

  it('validates status writes', async () => {
    const next = stored();
    (next['status'] as JsonObject)['acceptedNames'] = {
      plural: 'Widgets',
      singular: 'w!',
      kind: 'Widget',
      listKind: 'Widget',
      shortNames: ['W'],
    };
    await sameUpdate(next, stored(), true);
    await sameUpdate(stored(), stored(), true);
  });
});

// --- Random schemas, structural and not ----------------------------------------------------------

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

/** A schema that is mostly structural, with the odd keyword out of place. */
function randomSchema(r: () => number, depth: number): JsonObject {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const maybe = (p: number) => r() < p;
  const anyValue = (): Json =>
    pick<Json>([
      null,
      true,
      0,
      3,
      2.5,
      '',
      'abc',
      'ABCDEFGHIJ',
      [],
      ['a'],
      {},
      { a: 'x' },
      { q: 1 },
    ]);
  const s: JsonObject = {};
  const type = pick([
    'object',
    'object',
    'array',
    'string',
    'string',
    'integer',
    'number',
    'boolean',
    'int-or-string',
    'preserve',
    'none',
    'null',
  ]);
  switch (type) {
    case 'object': {
      s['type'] = 'object';
      if (depth < 3 && maybe(0.7)) {
        const props: JsonObject = {};
        for (const k of ['a', 'b', 'c', 'metadata', 'kind'].slice(0, 1 + Math.floor(r() * 4)))
          props[k] = randomSchema(r, depth + 1);
        s['properties'] = props;
      }
      if (maybe(0.2))
        s['additionalProperties'] =
          depth < 3 && maybe(0.7) ? randomSchema(r, depth + 1) : maybe(0.5);
      if (maybe(0.15)) s['x-kubernetes-map-type'] = pick(['atomic', 'granular', 'other']);
      if (maybe(0.1)) s['x-kubernetes-embedded-resource'] = true;
      if (maybe(0.2)) s['required'] = [pick(['a', 'b', 'z'])];
      if (maybe(0.1)) s['minProperties'] = 1;
      break;
    }
    case 'array': {
      s['type'] = 'array';
      if (maybe(0.9)) {
        const items = depth < 3 ? randomSchema(r, depth + 1) : { type: 'string' };
        s['items'] = items;
        if (maybe(0.3)) {
          const lt = pick(['atomic', 'set', 'map', 'bag']);
          s['x-kubernetes-list-type'] = lt;
          if (lt === 'map' || maybe(0.1)) s['x-kubernetes-list-map-keys'] = [pick(['a', 'b', 'z'])];
        }
      }
      if (maybe(0.1)) s['maxItems'] = 2;
      if (maybe(0.05)) s['uniqueItems'] = true;
      break;
    }
    case 'string':
      s['type'] = 'string';
      if (maybe(0.2)) s['maxLength'] = 3;
      if (maybe(0.1)) s['pattern'] = pick(['^a', '[', 'a{2}', '(?i)x']);
      if (maybe(0.1)) s['format'] = pick(['date-time', 'int-or-string', 'byte', 'uuid']);
      if (maybe(0.15)) s['enum'] = pick<Json>([['a', 'abc'], [1], ['x', null]]);
      break;
    case 'integer':
    case 'number':
      s['type'] = type;
      if (maybe(0.2)) s['maximum'] = 5;
      if (maybe(0.1)) s['minimum'] = 1;
      if (maybe(0.05)) s['multipleOf'] = 2;
      break;
    case 'boolean':
      s['type'] = 'boolean';
      break;
    case 'int-or-string':
      s['x-kubernetes-int-or-string'] = true;
      if (maybe(0.5)) s['anyOf'] = [{ type: 'integer' }, { type: 'string' }];
      break;
    case 'preserve':
      s['x-kubernetes-preserve-unknown-fields'] = true;
      if (maybe(0.5)) s['type'] = 'object';
      break;
    case 'null':
      s['type'] = 'null';
      break;
  }
  if (maybe(0.15)) s['nullable'] = true;
  if (maybe(0.1)) s['description'] = 'd';
  if (maybe(0.15)) s['default'] = anyValue();
  if (maybe(0.1)) {
    const vv: JsonObject = pick<JsonObject>([
      { maxLength: 2 },
      { type: 'string' },
      { properties: { a: { maxLength: 1 } } },
      { properties: { zz: {} } },
      { items: { minimum: 1 } },
      { default: 1 },
      { 'x-kubernetes-list-type': 'set' },
      { nullable: true },
      { description: 'x' },
      { required: ['a'] },
    ]);
    s[pick(['allOf', 'anyOf', 'oneOf'])] = [vv];
  }
  if (maybe(0.05)) s['not'] = { required: ['a'] };
  return s;
}

describe('random CRD schemas match the API server', () => {
  it('reports the same errors for each', async () => {
    for (let seed = 0; seed < 300; seed++) {
      const r = rng(seed);
      const root = randomSchema(r, 0);
      if (r() < 0.8) root['type'] = 'object';
      await same(crd({}, r() < 0.3 ? { subresources: { status: {} } } : {}, root));
    }
  });
});
