import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableEvent, TableRow } from '../../src-main/contract';
import { objectListWatch } from '../../src-main/cluster/collections';
import { ContextRegistry } from '../../src-main/cluster/contexts';
import { Informer } from '../../src-main/cluster/informer';
import { LiveTable } from '../../src-main/cluster/live-table';
import { LocalCluster } from '../../src-main/cluster/local/index';
import { startTestCluster, type TestCluster } from './local';

let cluster: TestCluster;
let dir: string;
let registry: ContextRegistry;

beforeAll(async () => {
  cluster = await startTestCluster();
  dir = mkdtempSync(join(tmpdir(), 'starling-app-'));
  const kubeconfig = join(dir, 'config');
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'nowhere',
      clusters: [{ name: 'nowhere', cluster: { server: 'https://127.0.0.1:1' } }],
      users: [{ name: 'u', user: { token: 'x' } }],
      contexts: [
        { name: 'nowhere', context: { cluster: 'nowhere', user: 'u' } },
        { name: 'broken', context: { cluster: 'ghost', user: 'u' } },
      ],
    }),
  );
  registry = new ContextRegistry({ kubeconfigPaths: [kubeconfig], local: cluster.access });
});

afterAll(async () => {
  registry.dispose();
  await cluster.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('contexts against the local cluster', () => {
  it('lists starling-local first and reports broken and unreachable contexts on their own', async () => {
    const local = await registry.probe('starling-local');
    expect(local).toMatchObject({ name: 'starling-local', local: true, state: 'connected' });
    expect(local.serverVersion).toMatch(/^v1\./);
    const nowhere = await registry.probe('nowhere');
    expect(nowhere.state).toBe('error');
    expect(nowhere.error?.message).toContain('cannot reach the API server at https://127.0.0.1:1');
    const list = registry.list();
    expect(list.contexts.map((c) => [c.name, c.state])).toEqual([
      ['starling-local', 'connected'],
      ['nowhere', 'error'],
      ['broken', 'error'],
    ]);
    expect(list.contexts[2]?.error?.message).toContain('cluster "ghost" is not defined');
  });
});

describe('discovery and live tables', () => {
  it('discovers the built-in kinds and sees a new CRD kind without a restart', async () => {
    const connection = registry.connection('starling-local');
    const kinds = await connection.kinds();
    expect(kinds.find((k) => k.resource === 'namespaces')).toMatchObject({
      group: '',
      version: 'v1',
      kind: 'Namespace',
      namespaced: false,
      custom: false,
    });
    expect(kinds.find((k) => k.resource === 'configmaps')?.namespaced).toBe(true);

    const changes: string[][] = [];
    const stop = connection.watchKinds((k) =>
      changes.push(k.filter((x) => x.custom).map((x) => x.kind)),
    );
    await cluster.kubeConfig
      .makeApiClient((await import('@kubernetes/client-node')).ApiextensionsV1Api)
      .createCustomResourceDefinition({
        body: {
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          metadata: { name: 'widgets.example.com' },
          spec: {
            group: 'example.com',
            scope: 'Namespaced',
            names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
            versions: [
              {
                name: 'v1',
                served: true,
                storage: true,
                schema: {
                  openAPIV3Schema: {
                    type: 'object',
                    properties: {
                      spec: { type: 'object', properties: { size: { type: 'integer' } } },
                    },
                  },
                },
                additionalPrinterColumns: [
                  { name: 'Size', type: 'integer', jsonPath: '.spec.size' },
                ],
              },
            ],
          },
        },
      });
    await expect.poll(() => changes.at(-1), { timeout: 10_000 }).toEqual(['Widget']);
    stop();
    expect((await connection.kinds()).find((k) => k.kind === 'Widget')).toMatchObject({
      group: 'example.com',
      resource: 'widgets',
      custom: true,
    });
  });

  it('shows a table with the printer columns and follows changes made by another client', async () => {
    const connection = registry.connection('starling-local');
    await cluster.core.createNamespace({ body: { metadata: { name: 'live' } } });
    const table = await LiveTable.open(connection, {
      context: 'starling-local',
      group: '',
      version: 'v1',
      resource: 'configmaps',
      namespace: 'live',
    });
    const events: TableEvent[] = [];
    const rows = new Map<string, TableRow>();
    table.listen((e) => {
      events.push(e);
      if (e.type === 'reset') {
        rows.clear();
        for (const r of e.rows) rows.set(r.key, r);
      } else if (e.type === 'changed') {
        for (const r of e.upserted) rows.set(r.key, r);
        for (const k of e.deleted) rows.delete(k);
      }
    });
    await expect.poll(() => events.some((e) => e.type === 'reset')).toBe(true);
    const reset = events.find((e) => e.type === 'reset') as Extract<TableEvent, { type: 'reset' }>;
    expect(reset.columns.map((c) => c.name)).toContain('Name');
    expect(reset.columns.find((c) => c.name === 'Age')?.type).toBe('date');

    await cluster.core.createNamespacedConfigMap({
      namespace: 'live',
      body: { metadata: { name: 'fresh' }, data: { a: '1' } },
    });
    await expect.poll(() => rows.get('live/fresh')?.name).toBe('fresh');
    const nameColumn = reset.columns.findIndex((c) => c.name === 'Name');
    expect(rows.get('live/fresh')?.cells[nameColumn]).toBe('fresh');
    await cluster.core.deleteNamespacedConfigMap({ name: 'fresh', namespace: 'live' });
    await expect.poll(() => rows.has('live/fresh')).toBe(false);
    table.dispose();
    expect(connection.informerCount).toBe(0);
  });

  it('sends a large reset as its first rows, then the rest as one change', async () => {
    const connection = registry.connection('starling-local');
    await cluster.core.createNamespace({ body: { metadata: { name: 'paged' } } });
    const names = ['a', 'b', 'c', 'd', 'e'];
    for (const name of names) {
      await cluster.core.createNamespacedConfigMap({
        namespace: 'paged',
        body: { metadata: { name } },
      });
    }
    const ref = { context: 'starling-local', group: '', version: 'v1', resource: 'configmaps' };
    const table = await LiveTable.open(
      connection,
      { ...ref, namespace: 'paged' },
      { firstRows: 2 },
    );
    // Rows only (status events say the watch is live).
    const events: TableEvent[] = [];
    table.listen((e) => e.type !== 'status' && events.push(e));
    await expect.poll(() => events.length).toBeGreaterThanOrEqual(2);
    const [reset, rest] = events;
    expect(reset).toMatchObject({ type: 'reset', more: true });
    expect(rest).toMatchObject({ type: 'changed', deleted: [] });
    const keys = [
      ...(reset as Extract<TableEvent, { type: 'reset' }>).rows,
      ...(rest as Extract<TableEvent, { type: 'changed' }>).upserted,
    ].map((r) => r.key);
    expect(keys.slice(0, 2)).toHaveLength(2);
    expect(keys.filter((k) => k !== 'paged/kube-root-ca.crt').sort()).toEqual(
      names.map((n) => `paged/${n}`),
    );
    // A listener that comes later gets the same two parts; a small table comes in one.
    const late: TableEvent[] = [];
    table.listen((e) => e.type !== 'status' && late.push(e));
    expect(late.map((e) => e.type)).toEqual(['reset', 'changed']);
    table.dispose();
    const small = await LiveTable.open(
      connection,
      { ...ref, namespace: 'paged' },
      { firstRows: 10 },
    );
    const once: TableEvent[] = [];
    small.listen((e) => e.type !== 'status' && once.push(e));
    await expect.poll(() => once.length).toBe(1);
    expect(once[0]).toMatchObject({ type: 'reset' });
    expect(once[0]).not.toHaveProperty('more');
    small.dispose();
  });
});

describe('editing objects', () => {
  it('previews a server-side apply as a diff, applies it, and deletes', async () => {
    const objects = registry.connection('starling-local').objects;
    await cluster.core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'edit-me' }, data: { color: 'blue' } },
    });
    const ref = {
      context: 'starling-local',
      group: '',
      version: 'v1',
      resource: 'configmaps',
      namespace: 'default',
      name: 'edit-me',
    };
    const doc = await objects.get(ref);
    expect(doc.yaml).toContain('color: blue');
    expect(doc.yaml).not.toContain('managedFields');
    const edited = doc.yaml.replace('color: blue', 'color: green');
    const preview = await objects.previewApply(ref, edited, { force: false });
    expect(preview.changed).toBe(true);
    expect(preview.before).toContain('color: blue');
    expect(preview.after).toContain('color: green');
    // client-node created the object, so its field manager owns .data.color.
    expect(preview.conflicts).toHaveLength(1);
    expect(preview.conflicts[0]).toMatch(/^\.data\.color: conflict with "/);
    // The dry runs changed nothing.
    expect(
      (await cluster.core.readNamespacedConfigMap({ name: 'edit-me', namespace: 'default' })).data,
    ).toEqual({ color: 'blue' });
    await expect(objects.apply(ref, edited, { force: false })).rejects.toMatchObject({
      code: 409,
      reason: 'Conflict',
    });
    const applied = await objects.apply(ref, edited, { force: true });
    expect(applied.object['data']).toEqual({ color: 'green' });
    expect(
      (await cluster.core.readNamespacedConfigMap({ name: 'edit-me', namespace: 'default' })).data,
    ).toEqual({ color: 'green' });
    // Now Starling owns the field: a further edit applies without conflicts.
    const again = await objects.previewApply(
      ref,
      applied.yaml.replace('color: green', 'color: red'),
      { force: false },
    );
    expect(again).toMatchObject({ changed: true, conflicts: [] });

    await expect(
      objects.previewApply(ref, 'kind: ConfigMap\nmetadata: {name: other}\n', { force: false }),
    ).rejects.toThrow('the YAML names "other", not "edit-me"');
    await expect(objects.previewApply(ref, 'a: [1,\n', { force: false })).rejects.toThrow(
      /^line \d+, column \d+/,
    );

    await objects.delete(ref);
    await expect(objects.get(ref)).rejects.toMatchObject({
      code: 404,
      reason: 'NotFound',
      target: {
        cluster: 'starling-local',
        kind: 'ConfigMap',
        namespace: 'default',
        name: 'edit-me',
      },
    });
  });

  it('finds owners and children through ownerReferences', async () => {
    const objects = registry.connection('starling-local').objects;
    const owner = await cluster.core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'parent' } },
    });
    await cluster.core.createNamespacedConfigMap({
      namespace: 'default',
      body: {
        metadata: {
          name: 'child',
          ownerReferences: [
            {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              name: 'parent',
              uid: owner.metadata!.uid!,
              controller: true,
            },
          ],
        },
      },
    });
    const base = {
      context: 'starling-local',
      group: '',
      version: 'v1',
      resource: 'configmaps',
      namespace: 'default',
    };
    const parent = await objects.relations({ ...base, name: 'parent' });
    expect(parent.children.map((c) => `${c.kind}/${c.ref.name}`)).toEqual(['ConfigMap/child']);
    const child = await objects.relations({ ...base, name: 'child' });
    expect(child.owners).toEqual([
      {
        ref: { ...base, name: 'parent' },
        kind: 'ConfigMap',
        uid: owner.metadata!.uid,
        controller: true,
      },
    ]);
  });
});

describe('Informer against a real API server', () => {
  it('survives the server going away, and lists again after 410 Gone', async () => {
    const own = await startTestCluster();
    const port = Number(new URL(own.local.url).port);
    const reg = new ContextRegistry({ kubeconfigPaths: [], local: own.access });
    const http = reg.connection('starling-local').http;
    const source = objectListWatch(http, {
      group: '',
      version: 'v1',
      resource: 'configmaps',
      kind: 'ConfigMap',
      namespace: 'default',
    });
    // Holds the informer's next watch until the test has made its resourceVersion too old.
    const gate: { closed?: Promise<void>; open: () => void } = { open: () => undefined };
    const gated: typeof source = {
      ...source,
      watch: async (...args) => {
        await gate.closed;
        return source.watch(...args);
      },
    };
    const informer = new Informer(gated, { initialDelayMs: 50, maxDelayMs: 200 });
    const resets: number[] = [];
    const states: string[] = [];
    informer.on('reset', (items) => resets.push(items.length));
    informer.on('status', (s) => states.push(s.state));
    informer.start();
    await informer.whenSynced();
    const before = resets.length;

    gate.closed = new Promise((resolve) => (gate.open = resolve));
    await own.local.close(); // the watch breaks; the informer retries
    await expect.poll(() => states.includes('retrying'), { timeout: 10_000 }).toBe(true);
    const again = await LocalCluster.start({ dataDir: own.dataDir, port });
    try {
      for (let i = 0; i < 5; i++) {
        await own.core.createNamespacedConfigMap({
          namespace: 'default',
          body: { metadata: { name: `after-${i}` } },
        });
      }
      again.cluster.log.compact(again.cluster.log.revision); // the informer's resourceVersion is now too old
      gate.open();
      await expect.poll(() => resets.length, { timeout: 15_000 }).toBeGreaterThan(before);
      await expect
        .poll(() => informer.items().filter((o) => o.metadata?.name?.startsWith('after-')).length, {
          timeout: 10_000,
        })
        .toBe(5);
    } finally {
      informer.dispose();
      reg.dispose();
      await again.cluster.close();
      rmSync(own.dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
