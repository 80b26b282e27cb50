/**
 * What a reconcile does to the For object before applying it, as Choreo does
 * (pkg/util/object): prune the fields other apply managers own (so the reconciler's apply never
 * takes them over), strip what the server sets, set the finalizer and the condition.
 */
import { isObject, type Json, type JsonObject } from './values';

interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  subresource?: string;
  fieldsV1?: JsonObject;
}

/**
 * Removes from `obj` every field that another manager owns through an Apply, keeping fields a
 * `before-first-apply` Update recorded; then drops managedFields, resourceVersion and
 * generation (and the other fields the server sets) so the object can be applied.
 */
export function pruneUnmanagedFields(obj: JsonObject, manager: string): void {
  const metadata = isObject(obj.metadata) ? obj.metadata : undefined;
  const entries = (
    Array.isArray(metadata?.managedFields) ? metadata.managedFields : []
  ) as ManagedFieldsEntry[];
  const others: JsonObject = {};
  let beforeFirstApply: JsonObject | undefined;
  for (const e of entries) {
    if (!isObject(e as Json)) continue;
    if (e.manager !== manager && e.operation === 'Apply' && isObject(e.fieldsV1 as Json))
      mergeFieldSets(others, e.fieldsV1!);
    if (e.manager === 'before-first-apply' && e.operation === 'Update' && e.fieldsV1)
      beforeFirstApply = e.fieldsV1;
  }
  if (beforeFirstApply) keepBeforeFirstApply(others, beforeFirstApply);
  pruneFields(obj, others);
  stripServerFields(obj);
}

/** Drops what the server sets and an apply must not carry. */
export function stripServerFields(obj: JsonObject): void {
  const metadata = obj.metadata;
  if (!isObject(metadata)) return;
  delete metadata.managedFields;
  delete metadata.resourceVersion;
  delete metadata.generation;
  delete metadata.creationTimestamp;
  delete metadata.deletionTimestamp;
  delete metadata.deletionGracePeriodSeconds;
  delete metadata.selfLink;
}

function mergeFieldSets(dest: JsonObject, src: JsonObject): void {
  for (const [key, value] of Object.entries(src)) {
    const existing = dest[key];
    if (isObject(existing) && isObject(value)) mergeFieldSets(existing, value);
    else dest[key] = structuredClone(value);
  }
}

function keepBeforeFirstApply(others: JsonObject, before: JsonObject): void {
  for (const [key, value] of Object.entries(before)) {
    const nested = others[key];
    if (isObject(nested) && isObject(value)) {
      keepBeforeFirstApply(nested, value);
      if (Object.keys(nested).length === 0) delete others[key];
    }
  }
}

function pruneFields(obj: JsonObject, fields: JsonObject): void {
  for (const [fieldKey, sub] of Object.entries(fields)) {
    if (!fieldKey.startsWith('f:')) continue;
    const key = fieldKey.slice(2);
    if (!(key in obj)) continue;
    const value = obj[key];
    if (!isObject(sub) || Object.keys(sub).length === 0) {
      // `f:spec: {}` is another manager owning the map's existence, not what is in it: a map
      // stays with what this manager sets inside (Choreo deletes it whole; a listed difference).
      if (!isObject(value)) delete obj[key];
    } else if (isObject(value)) {
      pruneFields(value, sub);
      if (Object.keys(value).length === 0) delete obj[key];
    } else if (Array.isArray(value)) {
      const kept = pruneList(value, sub);
      if (kept.length === 0) delete obj[key];
      else obj[key] = kept;
    } else {
      delete obj[key];
    }
  }
}

/** Drops list items another manager owns: `k:{"name":"a"}` by key fields, `v:"x"` by value. */
function pruneList(list: Json[], fields: JsonObject): Json[] {
  const matchers: ((item: Json) => boolean)[] = [];
  for (const pe of Object.keys(fields)) {
    if (pe.startsWith('k:')) {
      let keys: JsonObject;
      try {
        keys = JSON.parse(pe.slice(2)) as JsonObject;
      } catch {
        continue;
      }
      matchers.push(
        (item) =>
          isObject(item) &&
          Object.entries(keys).every(([k, v]) => k in item && String(item[k]) === String(v)),
      );
    } else if (pe.startsWith('v:')) {
      const value = pe.slice(2);
      matchers.push((item) => JSON.stringify(item) === value);
    }
  }
  return list.filter((item) => !matchers.some((m) => m(item)));
}

/** Adds the finalizer when missing. */
export function setFinalizer(obj: JsonObject, finalizer: string): void {
  const metadata = ensureObject(obj, 'metadata');
  const list = Array.isArray(metadata.finalizers) ? metadata.finalizers : [];
  if (!list.includes(finalizer)) list.push(finalizer);
  metadata.finalizers = list;
}

export function deleteFinalizer(obj: JsonObject, finalizer: string): void {
  const metadata = ensureObject(obj, 'metadata');
  if (Array.isArray(metadata.finalizers))
    metadata.finalizers = metadata.finalizers.filter((f) => f !== finalizer);
}

/**
 * Sets the reconciler's condition: `True/Ready` when `message` is empty, else `False/Failed`
 * with the message. An equal condition (type, status, reason, message) is kept as it is, so its
 * lastTransitionTime stays and an unchanged object applies as a no-op. That holds too when the
 * reconcile replaced `status` without its conditions: the equal condition is then taken from
 * `before` (the object as the reconcile read it) — otherwise every reconcile would move the
 * time and requeue itself through its own watch. Conditions of other types are kept (Choreo
 * drops them: a listed difference).
 */
export function setCondition(
  obj: JsonObject,
  type: string,
  message: string,
  now: string,
  before?: JsonObject,
): void {
  const status = ensureObject(obj, 'status');
  const conditions = Array.isArray(status.conditions) ? status.conditions : [];
  const next: JsonObject = {
    type,
    message,
    reason: message ? 'Failed' : 'Ready',
    status: message ? 'False' : 'True',
    lastTransitionTime: now,
  };
  const out: Json[] = [];
  let found = false;
  for (const c of conditions) {
    if (!isObject(c) || c.type !== type) {
      out.push(c);
      continue;
    }
    if (found) continue;
    found = true;
    const same = c.status === next.status && c.reason === next.reason && c.message === next.message;
    out.push(same ? c : next);
  }
  if (!found) {
    const old = conditionsOf(before).find((c) => isObject(c) && c.type === type) as
      JsonObject | undefined;
    const same =
      old !== undefined &&
      old.status === next.status &&
      old.reason === next.reason &&
      old.message === next.message;
    out.push(same ? old : next);
  }
  status.conditions = out;
}

function conditionsOf(obj: JsonObject | undefined): Json[] {
  const status = obj?.status;
  return isObject(status) && Array.isArray(status.conditions) ? status.conditions : [];
}

/** Whether the object's condition of that type has status "True". */
export function isConditionReady(obj: unknown, type: string): boolean {
  if (!isObject(obj as Json)) return false;
  const status = (obj as JsonObject).status;
  if (!isObject(status) || !Array.isArray(status.conditions)) return false;
  for (const c of status.conditions) {
    if (isObject(c) && c.type === type) return c.status === 'True';
  }
  return false;
}

function ensureObject(obj: JsonObject, key: string): JsonObject {
  const v = obj[key];
  if (isObject(v)) return v;
  const fresh: JsonObject = {};
  obj[key] = fresh;
  return fresh;
}

/** Seconds-precision RFC 3339, as metav1.Time serializes. */
export function kubeNow(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
