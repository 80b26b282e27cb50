import { apply, updateManagedFields, type JsonObject } from '../merge/index';
import type { FieldManagement, PatchType } from './field-management';
import type { KubeObject, ManagedFieldsEntry } from './objects';
import { jsonPatch, mergePatch } from './patches';
import { badRequest } from './status';
import { isPlainObject } from './objects';

/**
 * Field management by the API machinery algorithms of `../merge` (structured-merge-diff's
 * semantics): managedFields on every write and server-side apply with conflicts. Patches use
 * the RFC 6902/7386 implementations here until merge/'s patch functions land; strategic merge
 * patches fall back to JSON merge semantics until then.
 */
export const mergeFieldManagement: FieldManagement = {
  update(old, updated, context) {
    const next = updateManagedFields(
      old as unknown as JsonObject | undefined,
      updated as unknown as JsonObject,
      {
        manager: context.manager,
        schema: context.schema,
        apiVersion: context.apiVersion,
        subresource: context.subresource ?? '',
        now: context.now,
        statusSubresource: context.statusSubresource,
        ...(context.servedVersions ? { servedVersions: context.servedVersions } : {}),
      },
    ) as unknown as KubeObject;
    return next.metadata.managedFields as ManagedFieldsEntry[] | undefined;
  },
  apply(live, applied, context) {
    const result = apply(live as unknown as JsonObject | undefined, applied as JsonObject, {
      manager: context.manager,
      schema: context.schema,
      apiVersion: context.apiVersion,
      subresource: context.subresource ?? '',
      now: context.now,
      statusSubresource: context.statusSubresource,
      kind: context.kind,
      force: context.force,
      ...(context.servedVersions ? { servedVersions: context.servedVersions } : {}),
    });
    return { object: result.object as unknown as KubeObject, changed: result.changed };
  },
  patch(type: PatchType, target, patch) {
    if (type === 'json') return jsonPatch(target, patch) as KubeObject;
    if (!isPlainObject(patch)) throw badRequest('the patch is not a JSON object');
    return mergePatch(target, patch) as KubeObject;
  },
};
