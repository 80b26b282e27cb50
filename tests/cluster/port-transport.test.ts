import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src-main/contract';
import { objectListWatch } from '../../src-main/cluster/collections';
import { ClusterConnection } from '../../src-main/cluster/connection';
import { ClusterError } from '../../src-main/cluster/errors';
import type { WatchEvent } from '../../src-main/cluster/informer';
import {
  startLocalClusterInProcess,
  type InProcessLocalCluster,
} from '../../src-main/cluster/local/index';

// The MessagePort transport to the local cluster in a worker thread keeps what HTTPS gives:
// errors naming cluster/kind/namespace/name, watches with bookmarks, 410 Gone after compaction,
// aborting, and a connection error once the cluster is gone.
const configMaps = { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap' };
let dataDir: string;
let local: InProcessLocalCluster;
let connection: ClusterConnection;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'starling-port-transport-'));
  local = await startLocalClusterInProcess({
    dataDir,
    tuning: { bookmarkIntervalMs: 100, retainedRevisions: 1, compactionIntervalMs: 50 },
  });
  connection = new ClusterConnection('in-process', local.transport);
});
afterAll(async () => {
  connection?.dispose();
  await local?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const create = (name: string, data: Record<string, string> = {}) =>
  connection.http.request<KubeObject>({
    method: 'POST',
    path: '/api/v1/namespaces/default/configmaps',
    body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data },
    target: { kind: 'ConfigMap', namespace: 'default', name },
  });

describe('the MessagePort transport to the local cluster in a worker', () => {
  it('answers requests as the API server does, errors naming cluster, kind, namespace, name', async () => {
    const made = await create('a', { k: 'v' });
    expect(made.metadata?.uid).toBeTruthy();
    const got = await connection.http.request<KubeObject>({
      path: '/api/v1/namespaces/default/configmaps/a',
    });
    expect(got.data).toEqual({ k: 'v' });
    const missing = connection.http.request({
      path: '/api/v1/namespaces/default/configmaps/nope',
      target: { kind: 'ConfigMap', namespace: 'default', name: 'nope' },
    });
    await expect(missing).rejects.toMatchObject({
      code: 404,
      reason: 'NotFound',
      target: { cluster: 'in-process', kind: 'ConfigMap', namespace: 'default', name: 'nope' },
    });
    await expect(missing).rejects.toThrow(/in-process.*default\/nope/);
    await expect(create('a')).rejects.toMatchObject({ code: 409, reason: 'AlreadyExists' });
    const invalid = create('Not_Valid');
    await expect(invalid).rejects.toMatchObject({ code: 422, reason: 'Invalid' });
  });

  it('streams a watch with its events and bookmarks, and stops when aborted', async () => {
    const list = await connection.http.request<{ metadata: { resourceVersion: string } }>({
      path: '/api/v1/namespaces/default/configmaps',
    });
    const events: WatchEvent<KubeObject>[] = [];
    const abort = new AbortController();
    const watching = objectListWatch(connection.http, {
      ...configMaps,
      namespace: 'default',
    }).watch(list.metadata.resourceVersion, (e) => events.push(e), abort.signal);
    await create('w1', { n: '1' });
    await expect
      .poll(() => events.map((e) => e.type), { timeout: 10_000 })
      .toEqual(expect.arrayContaining(['ADDED', 'BOOKMARK']));
    const added = events.find((e) => e.type === 'ADDED') as { object: KubeObject };
    expect(added.object.metadata?.name).toBe('w1');
    abort.abort();
    await expect(watching).resolves.toBeUndefined();
  });

  it('answers a watch from a compacted resourceVersion with 410 Gone', async () => {
    const first = await create('old');
    for (let i = 0; i < 5; i++) await create(`newer-${i}`);
    await new Promise((r) => setTimeout(r, 300)); // compaction runs every 50 ms
    const watching = objectListWatch(connection.http, {
      ...configMaps,
      namespace: 'default',
    }).watch(first.metadata!.resourceVersion!, () => undefined, new AbortController().signal);
    await expect(watching).rejects.toMatchObject({ code: 410 });
    await expect(watching).rejects.toBeInstanceOf(ClusterError);
  });

  it('fails with a connection error naming the cluster once the cluster is closed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'starling-port-transport-closed-'));
    const other = await startLocalClusterInProcess({ dataDir: dir });
    const c = new ClusterConnection('gone', other.transport);
    await other.close();
    await expect(c.serverVersion()).rejects.toMatchObject({
      name: 'ConnectionError',
      target: { cluster: 'gone' },
    });
    c.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
});
