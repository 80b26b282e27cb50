import type { KindInfo } from '../contract';
import type { KubeHttp } from './http';

/**
 * Which kinds a cluster serves. Aggregated discovery (one request for /api and one for /apis, as
 * kubectl asks) when the server offers it, else the classic walk over every group's preferred
 * version. Subresources are left out; each kind appears once, in its group's preferred version.
 */
export async function discoverKinds(
  http: KubeHttp,
  customGroups: ReadonlySet<string>,
): Promise<KindInfo[]> {
  const [core, groups] = await Promise.all([
    http.request<DiscoveryDocument>({ path: '/api', accept: aggregatedAccept, timeoutMs: 15_000 }),
    http.request<DiscoveryDocument>({ path: '/apis', accept: aggregatedAccept, timeoutMs: 15_000 }),
  ]);
  const kinds: KindInfo[] = [];
  for (const doc of [core, groups]) {
    if (doc.kind === 'APIGroupDiscoveryList') kinds.push(...fromAggregated(doc, customGroups));
    else kinds.push(...(await fromClassic(http, doc, customGroups)));
  }
  return kinds.sort(byGroupThenKind);
}

const aggregatedAccept = [
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList',
  'application/json',
].join(',');

interface DiscoveryDocument {
  kind?: string;
  // aggregated
  items?: {
    metadata?: { name?: string };
    versions?: { version: string; resources?: AggregatedResource[] }[];
  }[];
  // classic /api
  versions?: string[];
  // classic /apis
  groups?: {
    name: string;
    preferredVersion?: { version: string };
    versions?: { version: string }[];
  }[];
}

interface AggregatedResource {
  resource: string;
  responseKind?: { group?: string; version?: string; kind?: string };
  scope?: string;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
}

interface ApiResourceList {
  resources?: {
    name: string;
    kind: string;
    namespaced: boolean;
    verbs?: string[];
    shortNames?: string[];
    categories?: string[];
  }[];
}

function fromAggregated(doc: DiscoveryDocument, customGroups: ReadonlySet<string>): KindInfo[] {
  const kinds: KindInfo[] = [];
  for (const item of doc.items ?? []) {
    const group = item.metadata?.name ?? '';
    const preferred = item.versions?.[0];
    if (!preferred) continue;
    for (const r of preferred.resources ?? []) {
      if (r.resource.includes('/') || !r.responseKind?.kind) continue;
      kinds.push({
        group,
        version: preferred.version,
        kind: r.responseKind.kind,
        resource: r.resource,
        namespaced: r.scope === 'Namespaced',
        verbs: r.verbs ?? [],
        shortNames: r.shortNames ?? [],
        categories: r.categories ?? [],
        custom: customGroups.has(`${r.resource}.${group}`),
      });
    }
  }
  return kinds;
}

async function fromClassic(
  http: KubeHttp,
  doc: DiscoveryDocument,
  customGroups: ReadonlySet<string>,
): Promise<KindInfo[]> {
  const versions: { group: string; version: string; path: string }[] = [];
  if (doc.versions) {
    const v = doc.versions.includes('v1') ? 'v1' : doc.versions[0];
    if (v) versions.push({ group: '', version: v, path: `/api/${v}` });
  }
  for (const g of doc.groups ?? []) {
    const v = g.preferredVersion?.version ?? g.versions?.[0]?.version;
    if (v) versions.push({ group: g.name, version: v, path: `/apis/${g.name}/${v}` });
  }
  const lists = await Promise.all(
    versions.map(async (gv) => {
      try {
        return {
          gv,
          list: await http.request<ApiResourceList>({ path: gv.path, timeoutMs: 15_000 }),
        };
      } catch {
        return { gv, list: { resources: [] } }; // an unavailable aggregated API hides only itself
      }
    }),
  );
  return lists.flatMap(({ gv, list }) =>
    (list.resources ?? [])
      .filter((r) => !r.name.includes('/'))
      .map((r) => ({
        group: gv.group,
        version: gv.version,
        kind: r.kind,
        resource: r.name,
        namespaced: r.namespaced,
        verbs: r.verbs ?? [],
        shortNames: r.shortNames ?? [],
        categories: r.categories ?? [],
        custom: customGroups.has(`${r.name}.${gv.group}`),
      })),
  );
}

function byGroupThenKind(a: KindInfo, b: KindInfo): number {
  return a.group.localeCompare(b.group) || a.kind.localeCompare(b.kind);
}
