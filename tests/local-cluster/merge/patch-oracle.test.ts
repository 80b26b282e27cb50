/**
 * JSON patch, JSON merge patch and strategic merge patch, compared with what kube-apiserver's
 * patch handler does with the same libraries (the merge oracle: evanphx/json-patch v4 and
 * k8s.io/apimachinery strategicpatch over the Go types of the built-in kinds, Kubernetes 1.37.2).
 */

import { describe, expect, it } from 'vitest';
import {
  MergeError,
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  builtinSchema,
} from '../../../src-main/cluster/local/merge/index.js';
import type { Json, JsonObject } from '../../../src-main/cluster/local/merge/index.js';
import { useMergeOracle } from './oracle.js';
import type { PatchRequest, PatchResult } from './oracle.js';

const oracle = useMergeOracle();

const kinds: Record<string, [string, string, string]> = {
  Namespace: ['', 'v1', 'Namespace'],
  ConfigMap: ['', 'v1', 'ConfigMap'],
  Secret: ['', 'v1', 'Secret'],
  Event: ['', 'v1', 'Event'],
  'events.k8s.io/Event': ['events.k8s.io', 'v1', 'Event'],
  CustomResourceDefinition: ['apiextensions.k8s.io', 'v1', 'CustomResourceDefinition'],
};

function local(req: PatchRequest): PatchResult {
  try {
    switch (req.type) {
      case 'json':
        return {
          doc: applyJsonPatch(req.doc as Json, req.patch as Json, { fieldValidation: 'Ignore' }),
        };
      case 'merge':
        return {
          doc: applyMergePatch(req.doc as Json, req.patch as Json, { fieldValidation: 'Ignore' }),
        };
      case 'strategic': {
        const [g, v, k] = kinds[req.kind!]!;
        return {
          doc: applyStrategicMergePatch(
            req.doc as JsonObject,
            req.patch as Json,
            builtinSchema(g, v, k)!.schema,
          ),
        };
      }
    }
  } catch (err) {
    if (!(err instanceof MergeError)) throw err;
    const r: PatchResult = { code: err.code, message: err.message };
    if (err.reason) r.reason = err.reason;
    return r;
  }
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) out[k] = canonical((v as Record<string, unknown>)[k]);
  return out;
}

async function same(req: PatchRequest): Promise<void> {
  const expected = await oracle.patch(req);
  expect(
    expected.code,
    `oracle could not run ${JSON.stringify(req)}: ${expected.message}`,
  ).not.toBe(999);
  expect(canonical(local(req)), JSON.stringify(req)).toEqual(canonical(expected));
}

const doc = {
  metadata: { name: 'x', labels: { a: '1', 'b/c': '2' } },
  list: [1, 2, 3],
  nested: { deep: { v: true }, n: null },
  'we/ird~key': 'w',
};

describe('JSON patch matches the API server', () => {
  const cases: Json[] = [
    [{ op: 'add', path: '/metadata/labels/x', value: 'y' }],
    [{ op: 'add', path: '/list/1', value: 9 }],
    [{ op: 'add', path: '/list/-', value: 9 }],
    [{ op: 'add', path: '/list/3', value: 9 }],
    [{ op: 'add', path: '/list/4', value: 9 }],
    [{ op: 'add', path: '/list/-1', value: 9 }],
    [{ op: 'add', path: '/list/-5', value: 9 }],
    [{ op: 'add', path: '/list/x', value: 9 }],
    [{ op: 'add', path: '/missing/x', value: 1 }],
    [{ op: 'add', path: '/nested/n/x', value: 1 }],
    [{ op: 'add', path: '/metadata' }],
    [{ op: 'add', path: 'metadata', value: 1 }],
    [{ op: 'add', path: '', value: 1 }],
    [{ op: 'remove', path: '/metadata/labels/a' }],
    [{ op: 'remove', path: '/metadata/labels/zz' }],
    [{ op: 'remove', path: '/list/0' }],
    [{ op: 'remove', path: '/list/-1' }],
    [{ op: 'remove', path: '/list/3' }],
    [{ op: 'remove', path: '/we~1ird~0key' }],
    [{ op: 'remove', path: '/metadata/labels/b~1c' }],
    [{ op: 'replace', path: '/metadata/name', value: 'y' }],
    [{ op: 'replace', path: '/metadata/absent', value: 'y' }],
    [{ op: 'replace', path: '/list/1', value: 'y' }],
    [{ op: 'replace', path: '/list/7', value: 'y' }],
    [{ op: 'replace', path: '', value: { whole: 'new' } }],
    [{ op: 'replace', path: '', value: 5 }],
    [{ op: 'replace', value: 5 }],
    [{ op: 'move', from: '/metadata/labels/a', path: '/metadata/labels/z' }],
    [{ op: 'move', from: '/list/0', path: '/list/-' }],
    [{ op: 'move', from: '/nope', path: '/x' }],
    [{ op: 'copy', from: '/metadata', path: '/copy' }],
    [{ op: 'copy', from: '/list/2', path: '/list/0' }],
    [{ op: 'test', path: '/metadata/name', value: 'x' }],
    [{ op: 'test', path: '/metadata/name', value: 'z' }],
    [{ op: 'test', path: '/nested/deep', value: { v: true } }],
    [{ op: 'test', path: '/absent', value: null }],
    [{ op: 'test', path: '/absent', value: 1 }],
    [{ op: 'test', path: '/list/9', value: 1 }],
    [{ op: 'frob', path: '/x' }],
    [{ path: '/x' }],
    [
      { op: 'add', path: '/a', value: { b: [] } },
      { op: 'add', path: '/a/b/-', value: 1 },
      { op: 'replace', path: '/a/b/0', value: 2 },
      { op: 'test', path: '/a', value: { b: [2] } },
    ],
    {},
    [1],
    null,
  ];
  it('applies and rejects every kind of operation the same way', async () => {
    for (const patch of cases) await same({ type: 'json', doc, patch });
  });
});

describe('JSON merge patch matches the API server', () => {
  const cases: Json[] = [
    { metadata: { labels: { a: null, z: 'z' } } },
    { list: null, nested: { deep: { v: false, w: { q: null } } } },
    { nested: 'flat', added: { x: null, y: [{ a: null, b: 1 }, null] } },
    { metadata: { name: { now: 'an object' } } },
    [1, { a: null }],
    null,
    5,
    'str',
    {},
  ];
  it('merges, prunes nulls and rejects non-objects the same way', async () => {
    for (const patch of cases) await same({ type: 'merge', doc, patch });
    await same({ type: 'merge', doc: [1, 2], patch: { a: 1 } });
  });
});

const ref = (uid: string, extra: JsonObject = {}): JsonObject => ({
  apiVersion: 'v1',
  kind: 'Thing',
  name: `n-${uid}`,
  uid,
  ...extra,
});

const ns: JsonObject = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: {
    name: 'ns',
    labels: { a: '1' },
    finalizers: ['f1', 'f2', 'f3'],
    ownerReferences: [ref('u1'), ref('u2'), ref('u3')],
  },
  spec: { finalizers: ['kubernetes'] },
  status: {
    phase: 'Active',
    conditions: [
      { type: 'A', status: 'True' },
      { type: 'B', status: 'False', reason: 'r' },
    ],
  },
};

const crd: JsonObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'ws.example.com' },
  spec: {
    group: 'example.com',
    names: { plural: 'ws', kind: 'W' },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: { spec: { type: 'object' } },
            'x-kubernetes-validations': [{ rule: 'a', message: 'm' }],
          },
        },
      },
    ],
  },
};

describe('strategic merge patch matches the API server', () => {
  const nsCases: Json[] = [
    { metadata: { labels: { a: null, b: '2' } } },
    { metadata: { finalizers: ['f4', 'f1'] } },
    { metadata: { $deleteFromPrimitiveList: ['f2'] } },
    { metadata: { '$deleteFromPrimitiveList/finalizers': ['f2', 'zz'] } },
    { metadata: { '$deleteFromPrimitiveList/finalizers': 'f2' } },
    { metadata: { '$setElementOrder/finalizers': ['f3', 'f1', 'f2'] } },
    { metadata: { '$setElementOrder/finalizers': ['f3', 'f9', 'f1'], finalizers: ['f9'] } },
    { metadata: { ownerReferences: [ref('u9'), { uid: 'u1', controller: true }] } },
    { metadata: { ownerReferences: [{ uid: 'u2', $patch: 'delete' }] } },
    { metadata: { ownerReferences: [{ uid: 'u2', $patch: 'replace' }, ref('u7')] } },
    { metadata: { ownerReferences: [{ $patch: 'replace' }] } },
    { metadata: { ownerReferences: [{ uid: 'u2', $patch: 'merge' }] } },
    { metadata: { ownerReferences: [{ uid: 'u2', $patch: 'bogus' }] } },
    { metadata: { ownerReferences: [{ name: 'no-uid' }] } },
    {
      metadata: {
        '$setElementOrder/ownerReferences': [{ uid: 'u3' }, { uid: 'u1' }, { uid: 'u2' }],
        ownerReferences: [{ uid: 'u1', name: 'renamed' }],
      },
    },
    { metadata: { '$setElementOrder/ownerReferences': [{ name: 'x' }] } },
    { spec: { finalizers: ['other'] } },
    {
      status: {
        conditions: [
          { type: 'C', status: 'True' },
          { type: 'A', status: 'False' },
        ],
      },
    },
    { status: { conditions: [{ type: 'B', $patch: 'delete' }] } },
    { status: { $patch: 'replace', phase: 'Terminating' } },
    { status: { $patch: 'delete' } },
    { status: { $retainKeys: ['phase'], phase: 'Terminating' } },
    { status: { $retainKeys: ['phase'], conditions: [] } },
    { status: { $retainKeys: 'phase' } },
    { metadata: { labels: ['not', 'a', 'map'] } },
    { metadata: { finalizers: [['nested']] } },
    { metadata: { finalizers: ['f1', 1] } },
    { metadata: { unknown: { x: 1 } } },
    { spec: { unknown: { x: 1 } } },
    { unknownTop: { x: 1 } },
    { $patch: 'replace', metadata: { name: 'ns' } },
    { metadata: { Labels: { z: 'z' } } },
    [1],
  ];
  it('Namespace: sets, list maps, directives and errors', async () => {
    for (const patch of nsCases)
      await same({ type: 'strategic', kind: 'Namespace', doc: ns, patch });
  });

  it('CustomResourceDefinition: atomic versions, schema maps and validation rules', async () => {
    const cases: Json[] = [
      { spec: { versions: [{ name: 'v2', served: true, storage: false }] } },
      { spec: { names: { shortNames: ['w'] } } },
      {
        spec: {
          versions: [
            {
              name: 'v1',
              schema: { openAPIV3Schema: { properties: { spec: { type: 'string' } } } },
            },
          ],
        },
      },
      { metadata: { annotations: { a: 'b' } }, spec: { conversion: { strategy: 'None' } } },
    ];
    for (const patch of cases)
      await same({ type: 'strategic', kind: 'CustomResourceDefinition', doc: crd, patch });
  });

  it('ConfigMap, Secret and Events', async () => {
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { a: '1', b: '2' },
    };
    for (const patch of [
      { data: { a: null, c: '3' } },
      { data: { $patch: 'replace', z: '9' } },
      { binaryData: { x: 'AA==' } },
    ])
      await same({ type: 'strategic', kind: 'ConfigMap', doc: cm, patch });
    const ev = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e' },
      involvedObject: { kind: 'Pod', name: 'p' },
    };
    await same({
      type: 'strategic',
      kind: 'Event',
      doc: ev,
      patch: { involvedObject: { name: 'q' }, count: 2 },
    });
    await same({
      type: 'strategic',
      kind: 'events.k8s.io/Event',
      doc: { ...ev, regarding: { kind: 'Pod' } },
      patch: { regarding: { name: 'q' }, series: { count: 2 } },
    });
  });
});

// --- Random strategic merge patches over a Namespace --------------------------------------------

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

function randomCase(seed: number): { doc: JsonObject; patch: JsonObject } {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const some = <T>(xs: readonly T[], p = 0.5): T[] => xs.filter(() => r() < p);
  const shuffle = <T>(xs: T[]): T[] => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  };
  /** A valid $setElementOrder: the patch's items in their order, with others slipped in. */
  const orderFor = (inPatch: string[], all: string[]): string[] => {
    const out = [...inPatch];
    for (const x of all)
      if (!out.includes(x) && r() < 0.5) out.splice(Math.floor(r() * (out.length + 1)), 0, x);
    return out;
  };
  const fins = ['a', 'b', 'c', 'd', 'e'];
  const uids = ['1', '2', '3', '4', '5'];
  const doc: JsonObject = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: 'ns',
      finalizers: shuffle(some(fins, 0.6)),
      ownerReferences: shuffle(some(uids, 0.6)).map((u) => ref(u)),
      labels: Object.fromEntries(some(['x', 'y', 'z']).map((k) => [k, pick(['1', '2'])])),
    },
    status: {
      conditions: shuffle(some(['A', 'B', 'C', 'D'])).map((t) => ({
        type: t,
        status: pick(['True', 'False']),
      })),
    },
  };
  const meta: JsonObject = {};
  if (r() < 0.6) meta['finalizers'] = shuffle(some(fins, 0.4));
  // Go visits the patch's keys in random order, so a list that both adds and deletes one value
  // has no single answer; kubectl never sends one.
  if (r() < 0.3) {
    const added = (meta['finalizers'] ?? []) as string[];
    meta['$deleteFromPrimitiveList/finalizers'] = some(
      fins.filter((f) => !added.includes(f)),
      0.5,
    );
  }
  if (r() < 0.3)
    meta['$setElementOrder/finalizers'] = orderFor((meta['finalizers'] ?? []) as string[], fins);
  // Deletions and $setElementOrder in one list: the server's order there depends on Go slice
  // capacities (see patch.ts), so random cases use one or the other.
  const ordered = r() < 0.3;
  if (r() < 0.6) {
    meta['ownerReferences'] = shuffle(some(uids, 0.4)).map((u) =>
      !ordered && r() < 0.2
        ? { uid: u, $patch: 'delete' }
        : r() < 0.5
          ? { uid: u, name: `m-${u}` }
          : ref(u, { controller: r() < 0.5 }),
    );
  }
  if (ordered) {
    const inPatch = ((meta['ownerReferences'] ?? []) as JsonObject[])
      .filter((o) => o['$patch'] === undefined)
      .map((o) => o['uid'] as string);
    meta['$setElementOrder/ownerReferences'] = orderFor(inPatch, uids).map((u) => ({ uid: u }));
  }
  if (r() < 0.4)
    meta['labels'] = Object.fromEntries(
      some(['x', 'y', 'z']).map((k) => [k, r() < 0.3 ? null : '3']),
    );
  const patch: JsonObject = { metadata: meta };
  if (r() < 0.5) {
    patch['status'] = {
      conditions: shuffle(some(['A', 'B', 'C', 'D'])).map((t): JsonObject =>
        r() < 0.2 ? { type: t, $patch: 'delete' } : { type: t, status: 'Unknown' },
      ),
    };
  }
  return { doc, patch };
}

describe('random strategic merge patches match the API server', () => {
  it('keeps the same contents and order', async () => {
    for (let seed = 0; seed < 300; seed++) {
      const { doc, patch } = randomCase(seed);
      await same({ type: 'strategic', kind: 'Namespace', doc, patch });
    }
  });
});
