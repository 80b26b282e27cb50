import { nearest } from '../../starlark/index';
import type { Crd, Gvk } from './types';

/**
 * Which kinds a project may name: those its CRDs define (crds/ and refs), Kubernetes' built-in
 * kinds, and Choreo's own. A kind outside these is a problem: Choreo's API server would not know
 * it, and a real cluster would need a CRD the project does not carry.
 */
const builtinKinds: readonly [group: string, versions: string, kinds: string][] = [
  [
    '',
    'v1',
    'Binding ConfigMap Endpoints Event LimitRange Namespace Node PersistentVolume PersistentVolumeClaim Pod PodTemplate ReplicationController ResourceQuota Secret Service ServiceAccount',
  ],
  ['apps', 'v1', 'ControllerRevision DaemonSet Deployment ReplicaSet StatefulSet'],
  ['batch', 'v1', 'CronJob Job'],
  ['autoscaling', 'v1 v2', 'HorizontalPodAutoscaler'],
  ['policy', 'v1', 'PodDisruptionBudget'],
  ['rbac.authorization.k8s.io', 'v1', 'ClusterRole ClusterRoleBinding Role RoleBinding'],
  ['networking.k8s.io', 'v1', 'Ingress IngressClass NetworkPolicy'],
  ['discovery.k8s.io', 'v1', 'EndpointSlice'],
  ['coordination.k8s.io', 'v1', 'Lease'],
  ['events.k8s.io', 'v1', 'Event'],
  ['storage.k8s.io', 'v1', 'CSIDriver CSINode StorageClass VolumeAttachment'],
  ['scheduling.k8s.io', 'v1', 'PriorityClass'],
  ['node.k8s.io', 'v1', 'RuntimeClass'],
  ['certificates.k8s.io', 'v1', 'CertificateSigningRequest'],
  [
    'admissionregistration.k8s.io',
    'v1',
    'MutatingWebhookConfiguration ValidatingWebhookConfiguration ValidatingAdmissionPolicy ValidatingAdmissionPolicyBinding',
  ],
  ['apiextensions.k8s.io', 'v1', 'CustomResourceDefinition'],
  ['apiregistration.k8s.io', 'v1', 'APIService'],
  ['flowcontrol.apiserver.k8s.io', 'v1', 'FlowSchema PriorityLevelConfiguration'],
  ['choreo.kform.dev', 'v1alpha1', 'Library Reconciler UpstreamRef'],
];

export type KindLookup = { ok: true } | { ok: false; message: string; hint: string };

export class KindIndex {
  /** `group/kind` → served versions. */
  private readonly versions = new Map<string, Set<string>>();
  private readonly kindsByGroup = new Map<string, Set<string>>();

  constructor(crds: readonly Crd[]) {
    for (const [group, versions, kinds] of builtinKinds) {
      for (const kind of kinds.split(' ')) this.add(group, kind, versions.split(' '));
    }
    for (const crd of crds) {
      this.add(
        crd.group,
        crd.kind,
        crd.versions.filter((v) => v.served).map((v) => v.name),
      );
    }
  }

  private add(group: string, kind: string, versions: readonly string[]): void {
    const key = `${group}/${kind}`;
    let set = this.versions.get(key);
    if (!set) this.versions.set(key, (set = new Set()));
    for (const v of versions) set.add(v);
    let kinds = this.kindsByGroup.get(group);
    if (!kinds) this.kindsByGroup.set(group, (kinds = new Set()));
    kinds.add(kind);
  }

  lookup(gvk: Gvk): KindLookup {
    const served = this.versions.get(`${gvk.group}/${gvk.kind}`);
    const name = displayGvk(gvk);
    if (!served) {
      const kinds = [...(this.kindsByGroup.get(gvk.group) ?? [])];
      const near = nearest(gvk.kind, kinds);
      const hint = near
        ? `did you mean ${near}? Kinds of ${gvk.group || 'the core group'}: ${kinds.sort().join(', ')}`
        : gvk.group === ''
          ? 'the core group (apiVersion v1) has no such kind; for a custom resource give its group'
          : `add the CustomResourceDefinition of ${gvk.kind} to crds/, or an UpstreamRef that brings it to refs/`;
      return { ok: false, message: `unknown kind ${name}`, hint };
    }
    if (!served.has(gvk.version)) {
      return {
        ok: false,
        message: `${name}: version ${gvk.version} is not served`,
        hint: `served versions of ${gvk.kind}: ${[...served].join(', ') || 'none'}`,
      };
    }
    return { ok: true };
  }
}

/** `group/version Kind`, or `v1 Kind` for the core group. */
export function displayGvk(gvk: Gvk): string {
  return `${gvk.group ? `${gvk.group}/` : ''}${gvk.version} ${gvk.kind}`;
}

/** Splits an apiVersion (`group/version`, or `version` for the core group). */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
