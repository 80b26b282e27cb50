import {
  apply,
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  updateManagedFields,
  type Json,
  type JsonObject,
} from '../merge/index';
import type { FieldManagement, PatchType } from './field-management';
import type { KubeObject, ManagedFieldsEntry } from './objects';

/**
 * Field management by the API machinery algorithms of `../merge` (structured-merge-diff's
 * semantics): managedFields on every write, server-side apply with conflicts, and JSON, merge
 * and strategic merge patches.
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
  patch(type: PatchType, target, patch, schema, fieldValidation) {
    const doc = target as unknown as JsonObject;
    const document = patch as Json;
    const options = { fieldValidation };
    if (type === 'json') return applyJsonPatch(doc, document, options) as unknown as KubeObject;
    if (type === 'merge') return applyMergePatch(doc, document, options) as unknown as KubeObject;
    return applyStrategicMergePatch(doc, document, schema) as unknown as KubeObject;
  },
};
