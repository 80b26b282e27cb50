import type { ResourceCatalog, ResourceType } from '../api/resource-types';
import type { Scope } from '../api/registry';

/** The scope and name a storage key addresses (`/group/resource/[namespace/]name`). */
export function scopeOfKey(
  catalog: ResourceCatalog,
  key: string,
): { scope: Scope; name: string } | undefined {
  const parts = key.split('/').slice(1);
  const group = parts[0] === 'core' ? '' : parts[0]!;
  const type = storageTypeOf(catalog, group, parts[1]!);
  if (!type) return undefined;
  if (parts.length === 4) return { scope: { type, namespace: parts[2]! }, name: parts[3]! };
  return { scope: { type }, name: parts[2]! };
}

export function storageTypeOf(
  catalog: ResourceCatalog,
  group: string,
  resource: string,
): ResourceType | undefined {
  const versions = catalog.versionsOf(group, resource);
  return versions.find((t) => t.version === t.storageVersion) ?? versions[0];
}
