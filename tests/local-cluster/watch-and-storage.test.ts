import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLocalCluster, type LocalTestCluster } from './support/local';

let local: LocalTestCluster;
const base = '/api/v1/namespaces/default/configmaps';

beforeAll(async () => {
  local = await startTestLocalCluster({ maxWatchBacklogBytes: 256 * 1024 });
});

afterAll(async () => {
  await local?.close();
});

describe('history and compaction', () => {
  it('answers a watch from a compacted revision with a 410 Expired ERROR event', async () => {
    const first = await local.client.post(base, { metadata: { name: 'old' } });
    await local.client.post(base, { metadata: { name: 'newer' } });
    const log = local.running.cluster.log;
    log.compact(log.revision);
    const watch = await local.client.watch(base, {
      resourceVersion: first.body.metadata.resourceVersion,
    });
    const events = await watch.until((es) => es.length > 0);
    expect(watch.status).toBe(200);
    expect(events[0]).toEqual({
      type: 'ERROR',
      object: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `too old resource version: ${first.body.metadata.resourceVersion} (${log.compactedRevision + 1})`,
        reason: 'Expired',
        code: 410,
      },
    });
    watch.close();
  });

  it('answers a continue token from a compacted revision with 410 Gone', async () => {
    for (const n of ['c1', 'c2', 'c3']) await local.client.post(base, { metadata: { name: n } });
    const page = await local.client.get(base, { query: { limit: 1 } });
    await local.client.post(base, { metadata: { name: 'c4' } });
    const log = local.running.cluster.log;
    log.compact(log.revision);
    const next = await local.client.get(base, {
      query: { limit: 1, continue: page.body.metadata.continue },
    });
    expect(next.status).toBe(410);
    expect(next.body.reason).toBe('Expired');
    expect(next.body.message).toMatch(/^The provided continue parameter is too old/);
  });
});

describe('watch fan-out', () => {
  it('closes a watcher that stops reading without holding up the others', async () => {
    const list = await local.client.get(base);
    const from = list.body.metadata.resourceVersion as string;
    const fast = await local.client.watch(base, { resourceVersion: from });
    const server = new URL(local.running.url);
    let slowText = '';
    let slowEnded = false;
    const slow = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(
        {
          host: server.hostname,
          port: server.port,
          path: `${base}?watch=true&resourceVersion=${from}`,
          ca: local.running.caData,
          headers: { Authorization: `Bearer ${local.running.token}` },
        },
        resolve,
      );
      req.on('error', reject);
      req.end();
    });
    slow.pause(); // a client that stops reading
    const big = 'x'.repeat(100 * 1024);
    for (let i = 0; i < 60; i++) {
      const res = await local.client.post(base, { metadata: { name: `big-${i}` }, data: { big } });
      expect(res.status).toBe(201);
    }
    const events = await fast.until(
      (es) =>
        es.filter((e) => e.type === 'ADDED' && e.object.metadata.name.startsWith('big-')).length ===
        60,
      30_000,
    );
    expect(events.length).toBeGreaterThanOrEqual(60);
    fast.close();
    slow.on('data', (chunk: Buffer) => (slowText += chunk.toString()));
    const ended = new Promise<void>((resolve) =>
      slow.on('end', () => ((slowEnded = true), resolve())),
    );
    slow.on('close', () => (slowEnded = true));
    slow.resume();
    await Promise.race([ended, new Promise((r) => setTimeout(r, 10_000))]);
    expect(slowEnded).toBe(true);
    const slowEvents = slowText.split('"type":"ADDED"').length - 1;
    expect(slowEvents).toBeLessThan(60);
    expect(local.running.cluster.watches.watcherCount).toBe(0);
  });
});

describe('scale subresource', () => {
  it('reads and writes replicas through autoscaling/v1 Scale', async () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'pools.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'pools', singular: 'pool', kind: 'Pool' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            subresources: {
              status: {},
              scale: { specReplicasPath: '.spec.size', statusReplicasPath: '.status.size' },
            },
            schema: {
              openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            },
          },
        ],
      },
    };
    await local.client.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
    await local.running.cluster.settled();
    const pools = '/apis/example.com/v1/namespaces/default/pools';
    expect(
      (
        await local.client.post(pools, {
          apiVersion: 'example.com/v1',
          kind: 'Pool',
          metadata: { name: 'p' },
          spec: { size: 2 },
        })
      ).status,
    ).toBe(201);
    const scale = await local.client.get(`${pools}/p/scale`);
    expect(scale.body).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 2 },
      status: { replicas: 0 },
    });
    const patched = await local.client.patch(`${pools}/p/scale`, 'application/merge-patch+json', {
      spec: { replicas: 5 },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.spec).toEqual({ replicas: 5 });
    const pool = await local.client.get(`${pools}/p`);
    expect(pool.body.spec.size).toBe(5);
    expect(pool.body.metadata.generation).toBe(2);
    const bad = await local.client.put(`${pools}/p/scale`, {
      ...patched.body,
      spec: { replicas: -1 },
    });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({
      reason: 'Invalid',
      message:
        'Pool.example.com "p" is invalid: .spec.size: Invalid value: -1: should be a non-negative integer',
      details: { causes: [{ reason: 'FieldValueInvalid', field: '.spec.size' }] },
    });
  });
});
