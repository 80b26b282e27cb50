import { badRequest } from './status';
import type { FieldManagement, PatchType, WriteContext } from './field-management';
import { jsonPatch, mergePatch } from './patches';
import {
  clone,
  deepEqual,
  isPlainObject,
  type KubeObject,
  type ManagedFieldsEntry,
} from './objects';

/**
 * A stand-in for the API machinery algorithms until `../merge` lands: field sets treat every list
 * as atomic, apply deep-merges maps and never reports conflicts, strategic merge patch behaves as
 * a JSON merge patch. The conformance suite measures the difference; this file goes away once the
 * real algorithms are wired in.
 */

type Fields = Record<string, unknown>;

const serverOwnedMeta = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
]);

function fieldsOf(value: Record<string, unknown>, top = true): Fields {
  const fields: Fields = {};
  for (const [key, child] of Object.entries(value)) {
    if (top && (key === 'apiVersion' || key === 'kind')) continue;
    if (top && key === 'metadata' && isPlainObject(child)) {
      const meta: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(child)) if (!serverOwnedMeta.has(k)) meta[k] = v;
      if (Object.keys(meta).length > 0) fields['f:metadata'] = fieldsOf(meta, false);
      continue;
    }
    fields[`f:${key}`] =
      isPlainObject(child) && Object.keys(child).length > 0
        ? { '.': {}, ...fieldsOf(child, false) }
        : {};
  }
  return fields;
}

function changedFields(old: unknown, updated: unknown, top = true): Fields | undefined {
  if (deepEqual(old, updated)) return undefined;
  if (!isPlainObject(updated)) return {};
  const oldMap = isPlainObject(old) ? old : {};
  const fields: Fields = {};
  for (const [key, child] of Object.entries(updated)) {
    if (top && (key === 'apiVersion' || key === 'kind')) continue;
    if (top && key === 'metadata' && isPlainObject(child)) {
      const strip = (m: unknown) =>
        Object.fromEntries(
          Object.entries(isPlainObject(m) ? m : {}).filter(([k]) => !serverOwnedMeta.has(k)),
        );
      const meta = changedFields(strip(oldMap.metadata), strip(child), false);
      if (meta && Object.keys(meta).length > 0) fields['f:metadata'] = meta;
      continue;
    }
    const sub = changedFields(oldMap[key], child, false);
    if (sub) fields[`f:${key}`] = sub;
  }
  return fields;
}

function unionFields(a: Fields, b: Fields): Fields {
  const result: Fields = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const existing = result[key];
    result[key] =
      isPlainObject(existing) && isPlainObject(value) ? unionFields(existing, value) : value;
  }
  return result;
}

function deepMerge(live: unknown, applied: unknown): unknown {
  if (!isPlainObject(applied) || !isPlainObject(live)) return clone(applied);
  const result: Record<string, unknown> = { ...live };
  for (const [key, value] of Object.entries(applied)) result[key] = deepMerge(live[key], value);
  return result;
}

function withEntry(
  entries: ManagedFieldsEntry[] | undefined,
  operation: 'Apply' | 'Update',
  context: WriteContext,
  fields: Fields,
  merge: boolean,
): ManagedFieldsEntry[] {
  const list = (entries ?? []).filter(
    (e) =>
      !(
        e.manager === context.manager &&
        e.operation === operation &&
        (e.subresource ?? '') === (context.subresource ?? '')
      ),
  );
  const previous = (entries ?? []).find(
    (e) =>
      e.manager === context.manager &&
      e.operation === operation &&
      (e.subresource ?? '') === (context.subresource ?? ''),
  );
  const entry: ManagedFieldsEntry = {
    manager: context.manager,
    operation,
    apiVersion: context.apiVersion,
    time: context.now,
    fieldsType: 'FieldsV1',
    fieldsV1: merge && previous?.fieldsV1 ? unionFields(previous.fieldsV1, fields) : fields,
  };
  if (context.subresource) entry.subresource = context.subresource;
  list.push(entry);
  return list;
}

export const interimFieldManagement: FieldManagement = {
  update(old, updated, context) {
    if (!old) return withEntry(undefined, 'Update', context, fieldsOf(updated), false);
    const changed = changedFields(old, updated);
    if (!changed || Object.keys(changed).length === 0) return old.metadata.managedFields;
    return withEntry(old.metadata.managedFields, 'Update', context, changed, true);
  },
  apply(live, applied, context) {
    const merged = deepMerge(live ?? {}, applied) as KubeObject;
    merged.metadata = { ...(live?.metadata ?? {}), ...applied.metadata };
    merged.metadata.managedFields = withEntry(
      live?.metadata.managedFields,
      'Apply',
      context,
      fieldsOf(applied),
      false,
    );
    return { object: merged };
  },
  patch(type: PatchType, target, patch) {
    if (type === 'json') return jsonPatch(target, patch) as KubeObject;
    if (!isPlainObject(patch)) throw badRequest('the patch is not a JSON object');
    return mergePatch(target, patch) as KubeObject;
  },
};
