/**
 * Before reconcilers start (`starling run`): the project's CRDs are applied and awaited until
 * Established, then its input manifests are applied (Namespaces and CRD-less kinds first), all
 * with server-side apply as the field manager `starling-input`, so a reconciler never takes over
 * the fields its inputs set (CHOREO.md: fields other apply managers own are pruned).
 */
import type { KubeObject } from '../../contract';
import { ClusterError } from '../../cluster/errors';
import type { KubeApi } from './kube-api';
import type { RuntimeProject } from './types';
import type { JsonObject } from './values';

export const inputFieldManager = 'starling-input';

/** Applies the CRDs and waits (up to `timeoutMs`) until each is Established. */
export async function applyCrds(
  api: KubeApi,
  project: RuntimeProject,
  timeoutMs = 60_000,
): Promise<void> {
  const names: string[] = [];
  for (const crd of project.crds) {
    const obj = structuredClone(crd.object) as JsonObject;
    const result = await api.apply(obj, { manager: inputFieldManager }, { builtin: 'setup' });
    names.push(result.metadata?.name ?? '');
  }
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
  if (names.length > 0) await api.rediscover(true);
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
