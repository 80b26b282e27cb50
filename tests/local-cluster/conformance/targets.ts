// The servers the conformance suite runs against: Starling's local cluster (started in this
// process) and, in the `cluster` vitest project, the real test API server. Every scenario runs
// unchanged against each and asserts the same observable behaviour.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { ApiClient } from '../support/api-client';
import { eventually } from '../support/api-client';
import { startTestLocalCluster, type LocalTestCluster } from '../support/local';

export interface Target {
  name: string;
  client: ApiClient;
  /** A namespace of this file's own on this server. */
  namespace: string;
}

export interface TargetSource {
  name: string;
  open(): Promise<{ client: ApiClient; close(): Promise<void> }>;
}

export const localTarget: TargetSource = {
  name: 'starling-local',
  async open() {
    const local: LocalTestCluster = await startTestLocalCluster({ bookmarkIntervalMs: 1000 });
    return { client: local.client, close: () => local.close() };
  },
};

/** Opens each target before the file's tests (with a fresh namespace) and closes it after. */
export function useTargets(sources: TargetSource[]): Record<string, Target> {
  const targets: Record<string, Target> = {};
  const closers: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    for (const source of sources) {
      const opened = await source.open();
      const namespace = `conformance-${randomBytes(3).toString('hex')}`;
      const created = await opened.client.post('/api/v1/namespaces', {
        metadata: { name: namespace },
      });
      if (created.status !== 201)
        throw new Error(`${source.name}: cannot create namespace: ${created.text}`);
      targets[source.name] = { name: source.name, client: opened.client, namespace };
      closers.push(async () => {
        await opened.client.delete(`/api/v1/namespaces/${namespace}`);
        await opened.close();
      });
    }
  });
  afterAll(async () => {
    for (const close of closers.splice(0)) await close();
  });
  return targets;
}

/** A name no earlier test used. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

export async function installCrd(
  client: ApiClient,
  crd: { metadata: { name: string } },
): Promise<void> {
  const created = await client.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
  if (created.status !== 201 && created.status !== 409)
    throw new Error(`CRD not created: ${created.text}`);
  await eventually(
    async () => {
      const got = await client.get(
        `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`,
      );
      const ok = got.body?.status?.conditions?.some(
        (c: { type: string; status: string }) => c.type === 'Established' && c.status === 'True',
      );
      if (!ok) return undefined;
      // discovery and the resource itself must answer too
      const group = (crd as unknown as { spec: { group: string; versions: { name: string }[] } })
        .spec;
      const list = await client.get(`/apis/${group.group}/${group.versions[0]!.name}`);
      return list.status === 200 ? true : undefined;
    },
    30_000,
    `CRD ${crd.metadata.name} to be established`,
  );
}

export { eventually };
