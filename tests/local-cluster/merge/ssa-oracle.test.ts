/**
 * Server-side apply and managedFields, compared with the API server's own field manager (the
 * merge oracle: k8s.io/apimachinery managedfields at Kubernetes 1.37.2). Every write sequence —
 * hand-written ones for the behaviours clients rely on, and a few hundred random ones over a
 * schema with every list and map kind — runs through both, and every step's object, managedFields
 * and error must be the same.
 */

import { describe, expect, it } from 'vitest';
import {
  MergeError,
  apply,
  builtinDefinitions,
  builtinSchema,
  customResourceSchema,
  updateManagedFields,
} from '../../../src-main/cluster/local/merge/index.js';
import type {
  Json,
  JsonObject,
  JSONSchemaProps,
} from '../../../src-main/cluster/local/merge/index.js';
import { useMergeOracle } from './oracle.js';
import type { OracleOp, OracleResult } from './oracle.js';

const oracle = useMergeOracle();

interface Kind {
  group: string;
  version: string;
  kind: string;
  schema: JSONSchemaProps;
  statusSubresource: boolean;
  definitions: Record<string, unknown>;
  root: string;
}

/** Runs ops through Starling's merge package the way the server would, each at its time. */
function runLocal(k: Kind, ops: OracleOp[], times: readonly Date[] = []): OracleResult[] {
  const apiVersion = k.group ? `${k.group}/${k.version}` : k.version;
  let live: JsonObject | undefined;
  const out: OracleResult[] = [];
  for (const [i, op] of ops.entries()) {
    const o = {
      manager: op.manager,
      schema: k.schema,
      apiVersion,
      kind: k.kind,
      now: times[i] ?? new Date(),
      force: op.force ?? false,
      subresource: op.subresource ?? '',
      statusSubresource: k.statusSubresource,
    };
    try {
      if (op.op === 'apply') live = apply(live, structuredClone(op.object) as JsonObject, o).object;
      else live = updateManagedFields(live, structuredClone(op.object) as JsonObject, o);
      out.push({ object: structuredClone(live) });
    } catch (err) {
      if (!(err instanceof MergeError)) throw err;
      const r: OracleResult = { code: err.code, message: err.message };
      if (err.reason) r.reason = err.reason;
      const causes = err.details?.causes;
      if (causes?.length)
        r.causes = [...causes].sort((a, b) => ((a.message ?? '') < (b.message ?? '') ? -1 : 1));
      out.push(r);
    }
  }
  return out;
}

function resetFor(k: Kind, subresource: string | undefined): string[][] | undefined {
  if (!k.statusSubresource) return undefined;
  return subresource === 'status' ? [['metadata'], ['spec']] : [['status']];
}

/** Canonical JSON: keys sorted, as Go writes maps. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => canonical(x));
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v).sort())
    out[key] = canonical((v as Record<string, unknown>)[key]);
  return out;
}

async function compare(k: Kind, ops: OracleOp[]): Promise<void> {
  const withReset = ops.map((op) => ({ ...op, reset: resetFor(k, op.subresource) }));
  const expected = await oracle.run({
    definitions: k.definitions,
    root: k.root,
    group: k.group,
    version: k.version,
    kind: k.kind,
    ops: withReset,
  });
  const actual = runLocal(
    k,
    ops,
    expected.map((r) => new Date(r.now ?? 0)),
  );
  for (let i = 0; i < ops.length; i++) {
    const context = `step ${i}: ${JSON.stringify(ops[i])}`;
    const { now: _now, ...oracleResult } = expected[i] ?? {};
    expect(canonical(actual[i]), context).toEqual(canonical(oracleResult));
  }
}

// --- Kinds ---------------------------------------------------------------------------------------

const configMap: Kind = (() => {
  const k = builtinSchema('', 'v1', 'ConfigMap')!;
  return {
    group: '',
    version: 'v1',
    kind: 'ConfigMap',
    schema: k.schema,
    statusSubresource: false,
    definitions: builtinDefinitions as Record<string, unknown>,
    root: k.definition,
  };
})();

const str: JSONSchemaProps = { type: 'string' };
const int: JSONSchemaProps = { type: 'integer' };
const listMap = (keys: string[], items: JSONSchemaProps): JSONSchemaProps => ({
  type: 'array',
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': keys,
  items,
});

const widgetSchema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        replicas: int,
        mode: str,
        labels: { type: 'object', additionalProperties: str },
        selector: { type: 'object', 'x-kubernetes-map-type': 'atomic', additionalProperties: str },
        ports: listMap(['port', 'protocol'], {
          type: 'object',
          required: ['port'],
          properties: {
            port: int,
            protocol: { type: 'string', default: 'TCP' },
            name: str,
            target: int,
          },
        }),
        tags: { type: 'array', items: str },
        aliases: { type: 'array', 'x-kubernetes-list-type': 'set', items: str },
        template: {
          type: 'object',
          properties: {
            containers: listMap(['name'], {
              type: 'object',
              properties: {
                name: str,
                image: str,
                args: { type: 'array', items: str },
                env: listMap(['name'], { type: 'object', properties: { name: str, value: str } }),
              },
            }),
            meta: { type: 'object', properties: { a: str, b: str } },
          },
        },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        opt: {
          type: 'object',
          properties: { x: str, y: { type: 'object', properties: { z: str } } },
        },
        size: { 'x-kubernetes-int-or-string': true },
      },
    },
    status: {
      type: 'object',
      properties: {
        ready: { type: 'boolean' },
        conditions: listMap(['type'], {
          type: 'object',
          properties: { type: str, status: str, reason: str },
        }),
      },
    },
  },
};

const widgetCrd: JsonObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    names: { plural: 'widgets', kind: 'Widget' },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: { openAPIV3Schema: widgetSchema as unknown as Json },
      },
    ],
  },
};

const widget: Kind = {
  group: 'example.com',
  version: 'v1',
  kind: 'Widget',
  schema: customResourceSchema(widgetCrd, 'v1'),
  statusSubresource: true,
  definitions: {
    ...builtinDefinitions,
    'com.example.v1.Widget': customResourceSchema(widgetCrd, 'v1'),
  },
  root: 'com.example.v1.Widget',
};

// --- Hand-written sequences --------------------------------------------------------------------

const cm = (data?: Record<string, string>, meta: JsonObject = {}): JsonObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cm', namespace: 'ns', ...meta },
  ...(data ? { data } : {}),
});

const w = (spec: JsonObject, more: JsonObject = {}): JsonObject => ({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w', namespace: 'ns' },
  spec,
  ...more,
});

describe('server-side apply matches the API server', () => {
  it('ConfigMap: create, share, conflict, force, drop fields', async () => {
    await compare(configMap, [
      { op: 'update', manager: 'kubectl-create', object: cm({ a: '1' }, { labels: { x: '1' } }) },
      { op: 'apply', manager: 'alice', object: cm({ a: '1', b: '2' }) },
      { op: 'apply', manager: 'bob', object: cm({ a: '9' }) },
      { op: 'apply', manager: 'bob', object: cm({ b: '2', c: '3' }) },
      { op: 'apply', manager: 'bob', force: true, object: cm({ a: '9', c: '3' }) },
      { op: 'apply', manager: 'alice', object: cm({}) },
      { op: 'apply', manager: 'alice', object: cm(undefined, { labels: { x: '2' } }) },
      { op: 'apply', manager: 'bob', object: cm(undefined, { finalizers: ['f/1', 'f/2'] }) },
      { op: 'apply', manager: 'carol', object: cm(undefined, { finalizers: ['f/2', 'f/3'] }) },
      { op: 'apply', manager: 'bob', object: cm(undefined, { finalizers: [] }) },
    ]);
  });

  it('ConfigMap: owner references and updates by many managers', async () => {
    const ref = (uid: string) => ({ apiVersion: 'v1', kind: 'Thing', name: uid, uid });
    const ops: OracleOp[] = [
      {
        op: 'apply',
        manager: 'a',
        object: cm({ k: 'v' }, { ownerReferences: [ref('1'), ref('2')] }),
      },
      {
        op: 'apply',
        manager: 'b',
        object: cm(undefined, { ownerReferences: [ref('3'), ref('2')] }),
      },
      { op: 'apply', manager: 'a', object: cm({ k: 'v' }, { ownerReferences: [ref('2')] }) },
    ];
    for (let i = 0; i < 12; i++) {
      ops.push({ op: 'update', manager: `u${i}`, object: cm({ k: 'v', [`k${i}`]: `${i}` }) });
    }
    await compare(configMap, ops);
  });

  it('Widget: list maps with defaulted keys, atomic lists and maps, sets, nested lists', async () => {
    await compare(widget, [
      {
        op: 'apply',
        manager: 'a',
        object: w({
          ports: [
            { port: 80, name: 'http' },
            { port: 53, protocol: 'UDP' },
          ],
        }),
      },
      {
        op: 'apply',
        manager: 'b',
        object: w({ ports: [{ port: 80, protocol: 'TCP', target: 8080 }] }),
      },
      { op: 'apply', manager: 'b', object: w({ ports: [{ port: 80, name: 'web' }] }) },
      { op: 'apply', manager: 'a', object: w({ ports: [{ port: 53, protocol: 'UDP' }] }) },
      {
        op: 'apply',
        manager: 'c',
        object: w({ tags: ['x', 'y'], selector: { a: '1' }, aliases: ['p', 'q'] }),
      },
      {
        op: 'apply',
        manager: 'd',
        object: w({ tags: ['z'], selector: { b: '1' }, aliases: ['q', 'r'] }),
      },
      {
        op: 'apply',
        manager: 'd',
        force: true,
        object: w({ tags: ['z'], selector: { b: '1' }, aliases: ['r'] }),
      },
      {
        op: 'apply',
        manager: 'e',
        object: w({
          template: {
            containers: [
              { name: 'c1', image: 'i1', env: [{ name: 'E', value: '1' }], args: ['a'] },
              { name: 'c2', image: 'i2' },
            ],
            meta: { a: 'x' },
          },
        }),
      },
      {
        op: 'apply',
        manager: 'f',
        object: w({ template: { containers: [{ name: 'c1', env: [{ name: 'F', value: '2' }] }] } }),
      },
      {
        op: 'apply',
        manager: 'e',
        object: w({ template: { containers: [{ name: 'c2', image: 'i2' }] } }),
      },
    ]);
  });

  it('Widget: preserve-unknown-fields, int-or-string, nulls and empty objects', async () => {
    await compare(widget, [
      {
        op: 'apply',
        manager: 'a',
        object: w({ free: { x: { y: 1, z: [1, 2] }, s: 'q' }, size: 3 }),
      },
      { op: 'apply', manager: 'b', object: w({ free: { x: { w: 2 } }, size: '50%' }) },
      { op: 'apply', manager: 'a', object: w({ free: { s: 'q' } }) },
      { op: 'apply', manager: 'c', object: w({ opt: {} }) },
      { op: 'apply', manager: 'c', object: w({ opt: { y: { z: 'q' } } }) },
      { op: 'apply', manager: 'c', object: w({ mode: null, opt: { x: null } }) },
      { op: 'apply', manager: 'c', object: w({}) },
    ]);
  });

  it('Widget: status subresource ownership and resets', async () => {
    await compare(widget, [
      { op: 'apply', manager: 'a', object: w({ replicas: 1 }, { status: { ready: true } }) },
      {
        op: 'apply',
        manager: 'ctl',
        subresource: 'status',
        object: w(
          { replicas: 7 },
          { status: { ready: false, conditions: [{ type: 'Ready', status: 'False' }] } },
        ),
      },
      {
        op: 'update',
        manager: 'ctl2',
        subresource: 'status',
        object: w(
          { replicas: 1 },
          { status: { ready: true, conditions: [{ type: 'Ready', status: 'True' }] } },
        ),
      },
      {
        op: 'apply',
        manager: 'ctl',
        subresource: 'status',
        object: w({}, { status: { ready: false } }),
      },
    ]);
  });

  it('refuses bad patches with the same errors', async () => {
    await compare(widget, [
      { op: 'apply', manager: 'a', object: w({ nope: 1 }) },
      { op: 'apply', manager: 'a', object: w({ replicas: 'x' }) },
      { op: 'apply', manager: 'a', object: w({ ports: [{ name: 'x' }] }) },
      { op: 'apply', manager: 'a', object: w({ aliases: ['a', 'a'] }) },
      { op: 'apply', manager: 'a', object: { ...w({}), kind: 'Gadget' } },
      { op: 'apply', manager: 'a', object: w({ labels: { a: 1 } }) },
      { op: 'apply', manager: 'a', object: w({ ready: true }) },
    ]);
  });
});

// --- Random sequences ----------------------------------------------------------------------------

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

class Gen {
  constructor(readonly r: () => number) {}
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  str(): string {
    return this.pick(['a', 'b', 'c']);
  }
  int(): number {
    return this.pick([1, 2, 3]);
  }

  value(s: JSONSchemaProps, depth = 0): Json {
    if (s['x-kubernetes-int-or-string']) return this.chance(0.5) ? this.int() : this.str();
    if (s['x-kubernetes-preserve-unknown-fields'] && !s.properties) return this.free(depth);
    switch (s.type) {
      case 'string':
        return this.str();
      case 'integer':
        return this.int();
      case 'boolean':
        return this.chance(0.5);
      case 'array':
        return this.list(s, depth);
      default:
        return this.object(s, depth);
    }
  }

  free(depth: number): Json {
    const out: JsonObject = {};
    for (const k of ['p', 'q']) {
      if (!this.chance(0.5)) continue;
      out[k] =
        depth < 2 && this.chance(0.4)
          ? this.free(depth + 1)
          : this.chance(0.3)
            ? [this.int()]
            : this.str();
    }
    return out;
  }

  object(s: JSONSchemaProps, depth: number): JsonObject {
    const out: JsonObject = {};
    if (s.properties) {
      for (const [k, p] of Object.entries(s.properties)) {
        if (this.chance(depth === 0 ? 0.35 : 0.5)) out[k] = this.value(p, depth + 1);
      }
    } else if (typeof s.additionalProperties === 'object') {
      for (const k of ['a', 'b', 'c'])
        if (this.chance(0.4)) out[k] = this.value(s.additionalProperties, depth + 1);
    }
    return out;
  }

  list(s: JSONSchemaProps, depth: number): Json[] {
    const n = Math.floor(this.r() * 3);
    const items: Json[] = [];
    const keys = s['x-kubernetes-list-map-keys'];
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) {
      const item = this.value(s.items!, depth + 1);
      if (keys && typeof item === 'object' && item !== null && !Array.isArray(item)) {
        for (const key of keys) {
          const p = s.items!.properties![key]!;
          if (key === 'port' || !('default' in p) || this.chance(0.5)) item[key] = this.value(p);
        }
      }
      const id = keys
        ? JSON.stringify(
            keys.map((k) => (item as JsonObject)[k] ?? s.items!.properties![k]!.default ?? null),
          )
        : JSON.stringify(item);
      if (s['x-kubernetes-list-type'] && seen.has(id)) continue;
      seen.add(id);
      items.push(item);
    }
    return items;
  }
}

function randomOps(seed: number): OracleOp[] {
  const g = new Gen(rng(seed));
  const ops: OracleOp[] = [];
  let shadow: JsonObject | undefined; // what a client would have read last
  const steps = 4 + Math.floor(g.r() * 6);
  for (let i = 0; i < steps; i++) {
    const manager = g.pick(['m1', 'm2', 'm3']);
    const status = g.chance(0.15);
    const spec = g.object(widgetSchema.properties!['spec']!, 0);
    const body = w(spec);
    if (status || g.chance(0.2)) body['status'] = g.object(widgetSchema.properties!['status']!, 1);
    if (g.chance(0.6) || !shadow) {
      ops.push({
        op: 'apply',
        manager,
        force: g.chance(0.25),
        ...(status ? { subresource: 'status' } : {}),
        object: body,
      });
    } else {
      const next = structuredClone(shadow);
      next['spec'] = g.chance(0.5) ? spec : { ...(next['spec'] as JsonObject), ...spec };
      if (body['status']) next['status'] = body['status'];
      const meta = next['metadata'] as JsonObject;
      if (g.chance(0.2)) delete meta['managedFields'];
      else if (g.chance(0.1)) meta['managedFields'] = [];
      ops.push({
        op: 'update',
        manager,
        ...(status ? { subresource: 'status' } : {}),
        object: next,
      });
    }
    // The client's view after the step: run locally to know it (the comparison checks it).
    const results = runLocal(widget, ops);
    const last = results[results.length - 1]!;
    if (last.object) shadow = last.object as JsonObject;
  }
  return ops;
}

describe('random write sequences match the API server', () => {
  for (let batch = 0; batch < 4; batch++) {
    it(`batch ${batch}`, async () => {
      for (let seed = batch * 60; seed < (batch + 1) * 60; seed++)
        await compare(widget, randomOps(seed));
    });
  }
});
