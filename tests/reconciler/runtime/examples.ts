import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import type { KubeObject } from '../../../src-main/contract';
import type { KubeApi } from '../../../src-main/reconciler/runtime/kube-api';

/**
 * The state each example's README promises, checked on a cluster the example ran against, and
 * for an example with a second input (`shrunk/`) the state after applying it.
 */
export interface ExampleCheck {
  state(api: KubeApi): Promise<void>;
  /** A folder of the example whose manifests replace in/, and the state they lead to. */
  then?: { inputs: string; state(api: KubeApi): Promise<void> };
}

const get = (api: KubeApi, gvk: { group: string; kind: string }, name: string) =>
  api.get({ ...gvk, version: 'v1alpha1' }, 'default', name, { builtin: 'test' });

const list = async (api: KubeApi, gvk: { group: string; kind: string }) =>
  (await api.list({ ...gvk, version: 'v1alpha1' }, 'default', { builtin: 'test' })).items;

const node = { group: 'infra.kubenet.dev', kind: 'Node' };
const link = { group: 'infra.kubenet.dev', kind: 'Link' };
const topologyManager = 'topo.kubenet.dev.topologies.children';

/** The children of Topology `lab`, by name; each checked to have exactly one controller owner. */
async function topologyChildren(api: KubeApi, gvk: { group: string; kind: string }) {
  const lab = await get(api, { group: 'topo.kubenet.dev', kind: 'Topology' }, 'lab');
  const out = new Map<string, KubeObject>();
  for (const child of await list(api, gvk)) {
    const refs = child.metadata?.ownerReferences ?? [];
    if (!refs.some((r) => r.kind === 'Topology' && r.name === 'lab')) continue;
    expect(refs).toEqual([
      expect.objectContaining({
        apiVersion: 'topo.kubenet.dev/v1alpha1',
        kind: 'Topology',
        name: 'lab',
        uid: lab?.metadata?.uid,
        controller: true,
      }),
    ]);
    const managers = (child.metadata?.managedFields as { manager?: string }[] | undefined) ?? [];
    expect(managers.map((f) => f.manager)).toContain(topologyManager);
    out.set(child.metadata!.name!, child);
  }
  return out;
}

async function topologyState(api: KubeApi, leaves: string[]) {
  const lab = await get(api, { group: 'topo.kubenet.dev', kind: 'Topology' }, 'lab');
  expect(readyCondition(lab)).toMatchObject({ status: 'True' });
  expect(lab?.metadata?.finalizers).toEqual([topologyManager]);
  const nodes = await topologyChildren(api, node);
  expect([...nodes.keys()].sort()).toEqual(['lab.spine1', ...leaves.map((l) => `lab.${l}`)].sort());
  expect(nodes.get('lab.spine1')?.spec).toMatchObject({ role: 'spine', topology: 'lab' });
  for (const leaf of leaves)
    expect(nodes.get(`lab.${leaf}`)?.spec).toMatchObject({ role: 'leaf', topology: 'lab' });
  const links = await topologyChildren(api, link);
  expect([...links.keys()].sort()).toEqual(leaves.map((l) => `lab.${l}-spine1`).sort());
  for (const leaf of leaves)
    expect(links.get(`lab.${leaf}-spine1`)?.spec).toMatchObject({ endpoints: [leaf, 'spine1'] });
}

export const exampleChecks: Record<string, ExampleCheck> = {
  'hello-world': {
    async state(api) {
      const world = await get(api, { group: 'example.com', kind: 'HelloWorld' }, 'world');
      expect(world?.spec).toMatchObject({ greeting: 'hello, world' });
      expect(readyCondition(world)).toMatchObject({ status: 'True', reason: 'Ready' });
      expect(world?.metadata?.finalizers).toEqual(['example.com.helloworlds.greeting']);
    },
  },
  topology: {
    state: (api) => topologyState(api, ['leaf1', 'leaf2']),
    then: { inputs: 'shrunk', state: (api) => topologyState(api, ['leaf1']) },
  },
  partitions: {
    async state(api) {
      const p1 = await get(api, { group: 'example.com', kind: 'Partition' }, 'p1');
      expect(p1?.status).toMatchObject({ zone: 'zone-p1' });
      expect(readyCondition(p1)).toMatchObject({ status: 'True' });
      expect(p1?.metadata?.finalizers).toEqual(['example.com.partitions.zone']);
      for (const name of ['web', 'db']) {
        const w = await get(api, { group: 'example.com', kind: 'Workload' }, name);
        expect(w?.status).toMatchObject({ placedIn: 'zone-p1' });
        expect(readyCondition(w)).toMatchObject({ status: 'True' });
        expect(w?.metadata?.finalizers).toEqual(['example.com.workloads.placement']);
      }
    },
  },
};

export const examplesDir = resolve(import.meta.dirname, '../../../resources/examples');

/**
 * A copy of an example whose in/ holds the manifests of another of its folders (`shrunk/`), as
 * a user would edit in/ and run again; `dispose` removes it.
 */
export function exampleWithInputs(name: string, inputs: string): { dir: string; dispose(): void } {
  const root = mkdtempSync(join(tmpdir(), `starling-example-${name}-`));
  const dir = join(root, name);
  cpSync(join(examplesDir, name), dir, { recursive: true });
  rmSync(join(dir, 'in'), { recursive: true });
  cpSync(join(dir, inputs), join(dir, 'in'), { recursive: true });
  return { dir, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

export function readyCondition(obj: KubeObject | undefined, type = 'Ready') {
  const conditions = (obj?.status as { conditions?: Record<string, string>[] } | undefined)
    ?.conditions;
  return conditions?.find((c) => c.type === type);
}
