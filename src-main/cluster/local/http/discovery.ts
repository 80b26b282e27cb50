import type { ResourceCatalog, ResourceType } from '../api/resource-types';
import { apiVersionOf, resourceVerbs } from '../api/resource-types';

/**
 * Discovery documents: the legacy lists (/api, /apis, one resource list per group version) and
 * the aggregated discovery kubectl asks for first (apidiscovery.k8s.io/v2 and v2beta1).
 */

export const serverVersion = {
  major: '1',
  minor: '37',
  gitVersion: 'v1.37.2+starling',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.26',
  compiler: 'gc',
  platform: 'linux/amd64',
};

interface GroupVersions {
  group: string;
  versions: string[];
  preferred: string;
}

/** Groups in the order the API server lists them: core first, then by name. */
export function groupsOf(catalog: ResourceCatalog): GroupVersions[] {
  const groups = new Map<string, Set<string>>();
  for (const t of catalog.all()) {
    let set = groups.get(t.group);
    if (!set) groups.set(t.group, (set = new Set()));
    set.add(t.version);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)))
    .map(([group, versions]) => {
      const sorted = [...versions].sort(compareVersions);
      return { group, versions: sorted, preferred: sorted[0]! };
    });
}

/** Kubernetes version priority: GA before beta before alpha, higher numbers first. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [3, 0, 0, v] as const;
    const stage = m[2] === undefined ? 0 : m[2] === 'beta' ? 1 : 2;
    return [stage, -Number(m[1]), -Number(m[3] ?? 0), v] as const;
  };
  const pa = parse(a);
  const pb = parse(b);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] as number) - (pb[i] as number);
  return pa[3].localeCompare(pb[3]);
}

export function apiVersions(serverAddress: string): object {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export function apiGroupList(catalog: ResourceCatalog): object {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groupsOf(catalog)
      .filter((g) => g.group !== '')
      .map(apiGroup),
  };
}

export function apiGroup(g: GroupVersions): object {
  const gv = (v: string) => ({ groupVersion: `${g.group}/${v}`, version: v });
  return {
    kind: 'APIGroup',
    apiVersion: 'v1',
    name: g.group,
    versions: g.versions.map(gv),
    preferredVersion: gv(g.preferred),
  };
}

function subresourceVerbs(): string[] {
  return ['get', 'patch', 'update'];
}

export function apiResourceList(
  catalog: ResourceCatalog,
  group: string,
  version: string,
): object | undefined {
  const types = catalog.all().filter((t) => t.group === group && t.version === version);
  if (types.length === 0) return undefined;
  const resources: object[] = [];
  for (const t of [...types].sort((a, b) => a.resource.localeCompare(b.resource))) {
    const entry: Record<string, unknown> = {
      name: t.resource,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: resourceVerbs,
    };
    if (t.shortNames.length > 0) entry.shortNames = t.shortNames;
    if (t.categories.length > 0) entry.categories = t.categories;
    resources.push(entry);
    const base = { singularName: t.singular, namespaced: t.namespaced, kind: t.kind };
    if (t.resource === 'namespaces' && t.group === '') {
      resources.push({ name: 'namespaces/finalize', ...base, verbs: ['update'] });
    }
    if (t.statusSubresource)
      resources.push({ name: `${t.resource}/status`, ...base, verbs: subresourceVerbs() });
    if (t.scale) {
      resources.push({
        name: `${t.resource}/scale`,
        singularName: t.singular,
        namespaced: t.namespaced,
        group: 'autoscaling',
        version: 'v1',
        kind: 'Scale',
        verbs: subresourceVerbs(),
      });
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf({ group, version }),
    resources,
  };
}

function discoveryResource(t: ResourceType): object {
  const entry: Record<string, unknown> = {
    resource: t.resource,
    responseKind: { group: t.group, version: t.version, kind: t.kind },
    scope: t.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: t.singular,
    verbs: resourceVerbs,
  };
  if (t.shortNames.length > 0) entry.shortNames = t.shortNames;
  if (t.categories.length > 0) entry.categories = t.categories;
  const subresources: object[] = [];
  if (t.statusSubresource) {
    subresources.push({
      subresource: 'status',
      responseKind: { group: t.group, version: t.version, kind: t.kind },
      verbs: subresourceVerbs(),
    });
  }
  if (t.scale) {
    subresources.push({
      subresource: 'scale',
      responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
      verbs: subresourceVerbs(),
    });
  }
  if (t.resource === 'namespaces' && t.group === '') {
    subresources.push({
      subresource: 'finalize',
      responseKind: { group: '', version: 'v1', kind: 'Namespace' },
      verbs: ['update'],
    });
  }
  if (subresources.length > 0) entry.subresources = subresources;
  return entry;
}

/** The aggregated discovery document for /api (core) or /apis (every other group). */
export function aggregatedDiscovery(
  catalog: ResourceCatalog,
  core: boolean,
  apiVersion: string,
): object {
  const items = groupsOf(catalog)
    .filter((g) => (g.group === '') === core)
    .map((g) => ({
      metadata: { name: g.group, creationTimestamp: null },
      versions: g.versions.map((v) => ({
        version: v,
        resources: catalog
          .all()
          .filter((t) => t.group === g.group && t.version === v)
          .sort((a, b) => a.resource.localeCompare(b.resource))
          .map(discoveryResource),
        freshness: 'Current',
      })),
    }));
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion,
    metadata: { creationTimestamp: null },
    items,
  };
}

/** Which aggregated discovery version an Accept header asks for, if any. */
export function aggregatedDiscoveryWanted(accept: string | undefined): string | undefined {
  if (!accept) return undefined;
  for (const part of accept.split(',')) {
    const params = new Map(
      part
        .split(';')
        .slice(1)
        .map((p) => p.trim().split('=') as [string, string]),
    );
    if (params.get('g') === 'apidiscovery.k8s.io' && params.get('as') === 'APIGroupDiscoveryList') {
      const v = params.get('v');
      if (v === 'v2' || v === 'v2beta1') return v;
    }
  }
  return undefined;
}
