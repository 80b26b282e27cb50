import { readFileSync, writeFileSync } from 'node:fs';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startTestLocalCluster, type LocalTestCluster } from './support/local';
import { eventually } from './support/api-client';

let local: LocalTestCluster;

beforeAll(async () => {
  local = await startTestLocalCluster({ bookmarkIntervalMs: 200 });
});

afterAll(async () => {
  await local?.close();
});

describe('startLocalCluster', () => {
  it('serves HTTPS on 127.0.0.1 and writes a working starling-local context', async () => {
    expect(local.running.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const config = new KubeConfig();
    config.loadFromFile(local.kubeconfig);
    config.setCurrentContext('starling-local');
    expect(config.getCurrentCluster()?.server).toBe(local.running.url);
    const core = config.makeApiClient(CoreV1Api);
    const namespaces = await core.listNamespace();
    expect(namespaces.items.map((n) => n.metadata?.name)).toEqual([
      'default',
      'kube-node-lease',
      'kube-public',
      'kube-system',
    ]);
  });

  it('requires the bearer token except for health and version', async () => {
    const denied = await local.client.get('/api/v1/namespaces', { anonymous: true });
    expect(denied.status).toBe(401);
    expect(denied.body).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    const health = await local.client.get('/readyz', { anonymous: true });
    expect(health.status).toBe(200);
    expect(health.text).toBe('ok');
  });

  it('keeps other kubeconfig contexts when it updates its own', async () => {
    const second = await startTestLocalCluster(undefined);
    try {
      const doc = parse(readFileSync(second.kubeconfig, 'utf8'));
      doc.contexts.push({ name: 'other', context: { cluster: 'other', user: 'other' } });
      doc.clusters.push({ name: 'other', cluster: { server: 'https://example.invalid' } });
      doc['current-context'] = 'other';
      writeFileSync(second.kubeconfig, JSON.stringify(doc));
      await second.close({ keepData: true });
      const again = await startTestLocalCluster(undefined, second.dir);
      const after = parse(readFileSync(again.kubeconfig, 'utf8'));
      expect(after['current-context']).toBe('other');
      expect(after.contexts.map((c: { name: string }) => c.name).sort()).toEqual([
        'other',
        'starling-local',
      ]);
      expect(
        after.clusters.find((c: { name: string }) => c.name === 'starling-local').cluster.server,
      ).toBe(again.running.url);
      expect((await again.client.get('/api/v1/namespaces/default')).status).toBe(200);
      await again.close();
    } finally {
      await second.close().catch(() => {});
    }
  });
});

describe('objects', () => {
  const base = '/api/v1/namespaces/default/configmaps';

  it('creates, reads, updates and deletes with resourceVersion checks', async () => {
    const created = await local.client.post(base, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'crud' },
      data: { a: '1' },
    });
    expect(created.status).toBe(201);
    expect(created.body.metadata).toMatchObject({ name: 'crud', namespace: 'default' });
    expect(created.body.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    const again = await local.client.post(base, { metadata: { name: 'crud' } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      reason: 'AlreadyExists',
      message: 'configmaps "crud" already exists',
    });
    const stale = {
      ...created.body,
      data: { a: '2' },
      metadata: { ...created.body.metadata, resourceVersion: '1' },
    };
    const conflict = await local.client.put(`${base}/crud`, stale);
    expect(conflict.status).toBe(409);
    expect(conflict.body.message).toBe(
      'Operation cannot be fulfilled on configmaps "crud": the object has been modified; please apply your changes to the latest version and try again',
    );
    const updated = await local.client.put(`${base}/crud`, { ...created.body, data: { a: '2' } });
    expect(updated.status).toBe(200);
    expect(Number(updated.body.metadata.resourceVersion)).toBeGreaterThan(
      Number(created.body.metadata.resourceVersion),
    );
    const deleted = await local.client.delete(`${base}/crud`);
    expect(deleted.status).toBe(200);
    const missing = await local.client.get(`${base}/crud`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({
      reason: 'NotFound',
      details: { name: 'crud', kind: 'configmaps' },
    });
  });

  it('rejects malformed bodies with a Status and keeps serving', async () => {
    const bad = await local.client.post(base, '{"metadata": {"name": ', { raw: true });
    expect(bad.status).toBe(400);
    expect(bad.body.kind).toBe('Status');
    const wrongType = await local.client.post(base, 'name: x', {
      raw: true,
      contentType: 'text/plain',
    });
    expect(wrongType.status).toBe(415);
    const invalid = await local.client.post(base, { metadata: { name: 'Not_Valid' } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.message).toContain(
      'ConfigMap "Not_Valid" is invalid: metadata.name: Invalid value: "Not_Valid"',
    );
    const big = await local.client.post(base, {
      metadata: { name: 'big' },
      data: { a: 'x'.repeat(4 * 1024 * 1024) },
    });
    expect(big.status).toBe(413);
    expect((await local.client.get('/api/v1/namespaces/default')).status).toBe(200);
  });

  it('watches from a resourceVersion and sends bookmarks', async () => {
    const list = await local.client.get(base);
    const watch = await local.client.watch(base, {
      resourceVersion: list.body.metadata.resourceVersion,
      allowWatchBookmarks: true,
    });
    try {
      await local.client.post(base, { metadata: { name: 'watched' }, data: { a: '1' } });
      await local.client.patch(`${base}/watched`, 'application/merge-patch+json', {
        data: { a: '2' },
      });
      await local.client.delete(`${base}/watched`);
      const events = await watch.until((es) => es.some((e) => e.type === 'DELETED'));
      expect(
        events.filter((e) => e.type !== 'BOOKMARK').map((e) => `${e.type} ${e.object.data?.a}`),
      ).toEqual(['ADDED 1', 'MODIFIED 2', 'DELETED 2']);
      await watch.until((es) => es.some((e) => e.type === 'BOOKMARK'));
    } finally {
      watch.close();
    }
  });

  it('keeps every object and the revision across a restart', async () => {
    const dir = await startTestLocalCluster(undefined);
    await dir.client.post(base, { metadata: { name: 'kept' }, data: { a: '1' } });
    const before = (await dir.client.get(`${base}/kept`)).body;
    await dir.close({ keepData: true });
    const after = await startTestLocalCluster(undefined, dir.dir);
    try {
      const kept = (await after.client.get(`${base}/kept`)).body;
      expect(kept).toEqual(before);
      const next = await after.client.post(base, { metadata: { name: 'next' } });
      expect(Number(next.body.metadata.resourceVersion)).toBeGreaterThan(
        Number(before.metadata.resourceVersion),
      );
    } finally {
      await after.close();
    }
  });
});

describe('custom resources', () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wg'] },
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
                spec: { type: 'object', properties: { size: { type: 'integer' } } },
                status: { type: 'object', properties: { ready: { type: 'boolean' } } },
              },
            },
          },
        },
      ],
    },
  };

  it('establishes a CRD and serves its resource with a status subresource', async () => {
    const created = await local.client.post(
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      crd,
    );
    expect(created.status).toBe(201);
    await eventually(async () => {
      const got = await local.client.get(
        '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com',
      );
      const established = got.body.status?.conditions?.find(
        (c: { type: string }) => c.type === 'Established',
      );
      return established?.status === 'True' ? true : undefined;
    });
    const path = '/apis/example.com/v1/namespaces/default/widgets';
    const widget = await local.client.post(path, {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w1' },
      spec: { size: 1 },
      status: { ready: true },
    });
    expect(widget.status).toBe(201);
    expect(widget.body.metadata.generation).toBe(1);
    expect(widget.body.status).toBeUndefined();
    const status = await local.client.patch(`${path}/w1/status`, 'application/merge-patch+json', {
      status: { ready: true },
      spec: { size: 5 },
    });
    expect(status.body.status).toEqual({ ready: true });
    expect(status.body.spec).toEqual({ size: 1 });
    expect(status.body.metadata.generation).toBe(1);
    const spec = await local.client.patch(`${path}/w1`, 'application/merge-patch+json', {
      spec: { size: 2 },
    });
    expect(spec.body.metadata.generation).toBe(2);
    const discovery = await local.client.get('/apis/example.com/v1');
    expect(discovery.body.resources.map((r: { name: string }) => r.name)).toEqual([
      'widgets',
      'widgets/status',
    ]);
  });
});
