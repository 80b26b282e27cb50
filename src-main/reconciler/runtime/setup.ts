/**
 * Before reconcilers start (`starling run`): the project's CRDs are applied and awaited until
 * Established, then its input manifests are applied (Namespaces and CRD-less kinds first), all
 * with server-side apply as the field manager `starling-input`, so a reconciler never takes over
 * the fields its inputs set (CHOREO.md: fields other apply managers own are pruned).
 */
import type { KubeObject } from '../../contract';
import { ClusterError } from '../../cluster/errors';
import type { Gvk, KubeApi } from './kube-api';
import type { RuntimeProject } from './types';
import type { JsonObject } from './values';

export const inputFieldManager = 'starling-input';

/** Applies the CRDs and waits (up to `timeoutMs`) until each is Established and discovered. */
export async function applyCrds(
  api: KubeApi,
  project: RuntimeProject,
  timeoutMs = 60_000,
): Promise<void> {
  const applied: KubeObject[] = [];
  for (const crd of project.crds) {
    const obj = structuredClone(crd.object) as JsonObject;
    applied.push(await api.apply(obj, { manager: inputFieldManager }, { builtin: 'setup' }));
  }
  const names = applied.map((crd) => crd.metadata?.name ?? '');
  const deadline = Date.now() + timeoutMs;
  for (const name of names) {
    for (;;) {
      const crd = await api.get(
        { group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition' },
        undefined,
        name,
        { builtin: 'setup' },
      );
      if (crd && isEstablished(crd)) break;
      if (Date.now() > deadline)
        throw new ClusterError(
          `cluster "${api.cluster}": CustomResourceDefinition "${name}" is not Established after ${timeoutMs / 1000} s`,
          { cluster: api.cluster, kind: 'CustomResourceDefinition', name },
          {
            hint: 'check its conditions with kubectl describe crd; a name conflict or invalid schema keeps it from being served',
          },
        );
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await untilDiscovered(api, applied, deadline, timeoutMs);
}

/**
 * Waits until discovery lists each CRD's kind: kube-apiserver sets Established before its
 * discovery documents show the new resource, and an input applied in between would be refused.
 */
async function untilDiscovered(
  api: KubeApi,
  crds: readonly KubeObject[],
  deadline: number,
  timeoutMs: number,
): Promise<void> {
  if (crds.length === 0) return;
  for (;;) {
    await api.rediscover(true);
    const missing = crds.filter((crd) => !servedVersions(crd).some((gvk) => api.knows(gvk)));
    if (missing.length === 0) return;
    if (Date.now() > deadline) {
      const name = missing[0]!.metadata?.name ?? '';
      throw new ClusterError(
        `cluster "${api.cluster}": CustomResourceDefinition "${name}" is Established but not in discovery after ${timeoutMs / 1000} s`,
        { cluster: api.cluster, kind: 'CustomResourceDefinition', name },
        { hint: 'check the API server: kubectl api-resources should list its kind' },
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The group/version/kind of each version a CRD serves. */
function servedVersions(crd: KubeObject): Gvk[] {
  const spec = crd.spec as
    | {
        group?: string;
        names?: { kind?: string };
        versions?: { name?: string; served?: boolean }[];
      }
    | undefined;
  return (spec?.versions ?? [])
    .filter((v) => v.served !== false)
    .map((v) => ({
      group: spec?.group ?? '',
      version: v.name ?? '',
      kind: spec?.names?.kind ?? '',
    }));
}

function isEstablished(crd: KubeObject): boolean {
  const conditions = (
    crd.status as { conditions?: { type?: string; status?: string }[] } | undefined
  )?.conditions;
  return (conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True');
}

/** Applies the input manifests: Namespaces first, then the rest in project order. */
export async function applyInputs(api: KubeApi, project: RuntimeProject): Promise<KubeObject[]> {
  const inputs = project.inputs.map((m) => structuredClone(m.object) as JsonObject);
  const ordered = [
    ...inputs.filter((o) => o.kind === 'Namespace'),
    ...inputs.filter((o) => o.kind !== 'Namespace'),
  ];
  const out: KubeObject[] = [];
  for (const obj of ordered) {
    out.push(await api.apply(obj, { manager: inputFieldManager }, { builtin: 'setup' }));
  }
  return out;
}
