/**
 * Whether a server-side apply would change nothing, decided from the object as the informer
 * holds it — so the runtime can skip the write (the second reconcile of every object, the one
 * its own writes' watch events trigger, otherwise sends five writes that change nothing).
 *
 * What an apply by manager M with force does (structured-merge-diff): every field of the
 * applied configuration takes its applied value and M owns it; every field M owned before and
 * no longer applies is removed (unless another manager owns it too); M's managedFields entry
 * becomes the applied configuration's field set. So an apply changes nothing exactly when
 *
 * 1. M's Apply entry (same subresource, same apiVersion) holds exactly the field set of the
 *    applied configuration — nothing added, nothing dropped — and
 * 2. every applied value equals the live one.
 *
 * The field set is read against M's entry rather than computed from a schema, using what the
 * API server records (checked against kube-apiserver and the local cluster):
 * - a scalar, an atomic map or list, and an empty map are leaves (`f:x: {}`);
 * - a granular map has its keys as children (`f:x: {f:a: {}}`);
 * - an associative list has its items as `k:{key fields}` children (a granular item also has
 *   `.`; an atomic item is a leaf), a set list has `v:value` children; an empty associative or
 *   set list is not recorded at all.
 * Where that reading is ambiguous (a leaf entry for a non-empty map: atomic, or a granular map
 * applied empty before) or anything is unusual (nulls, server-set metadata, duplicate items),
 * the answer is "it may change": the write is sent. Lists must equal the live list item for
 * item and in order, so other managers' items or a different order also send the write.
 *
 * Deciding from the informer's cache and skipping is the same as having applied at the cache's
 * resourceVersion: a later change by someone else reaches the runtime as a watch event and
 * requeues the object, as it would after a real apply.
 */
import { isObject, type Json, type JsonObject } from './values';

interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  subresource?: string;
  fieldsV1?: JsonObject;
}

/** Metadata the server sets or that names the object: never in a field set. */
const identityFields = new Set(['name', 'namespace', 'uid']);
const serverSetFields = new Set([
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
  'generateName',
]);

/**
 * True when applying `applied` as `manager` (to `subresource`, or the main resource) to the
 * object `live` would leave it exactly as it is.
 */
export function applyChangesNothing(
  applied: JsonObject,
  live: JsonObject,
  manager: string,
  subresource?: 'status',
): boolean {
  if (applied.apiVersion !== live.apiVersion || applied.kind !== live.kind) return false;
  const liveMeta = live.metadata;
  if (!isObject(liveMeta) || liveMeta.deletionTimestamp !== undefined) return false;
  const entry = managerEntry(liveMeta.managedFields, manager, subresource ?? '');
  if (!entry || entry.apiVersion !== applied.apiVersion || !isObject(entry.fieldsV1 as Json))
    return false;
  const fields = entry.fieldsV1!;
  const tracked: JsonObject = {};
  for (const [key, value] of Object.entries(applied)) {
    if (key === 'apiVersion' || key === 'kind') continue;
    if (key !== 'metadata') {
      tracked[key] = value;
      continue;
    }
    if (!isObject(value)) return false;
    const meta: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      if (serverSetFields.has(k)) return false;
      if (identityFields.has(k)) {
        if (v !== liveMeta[k]) return false;
      } else meta[k] = v;
    }
    if (Object.keys(meta).length > 0) tracked.metadata = meta;
  }
  return sameMap(tracked, fields, live);
}

function managerEntry(
  managedFields: Json | undefined,
  manager: string,
  subresource: string,
): ManagedFieldsEntry | undefined {
  if (!Array.isArray(managedFields)) return undefined;
  let found: ManagedFieldsEntry | undefined;
  for (const e of managedFields as ManagedFieldsEntry[]) {
    if (!isObject(e as Json) || e.manager !== manager || e.operation !== 'Apply') continue;
    if ((e.subresource ?? '') !== subresource) continue;
    if (found) return undefined; // two entries for one manager: not something to reason about
    found = e;
  }
  return found;
}

/** A granular map: its recorded children are exactly the applied keys, each unchanged. */
function sameMap(applied: JsonObject, fields: JsonObject, live: Json | undefined): boolean {
  if (!isObject(live)) return false;
  const keys = Object.keys(applied);
  const recorded = Object.keys(fields);
  if (recorded.length !== keys.length) return false;
  for (const key of keys) {
    const sub = fields[`f:${key}`];
    if (!isObject(sub) || !(key in live)) return false;
    if (!sameField(applied[key]!, sub, live[key]!)) return false;
  }
  return true;
}

function sameField(applied: Json, fields: JsonObject, live: Json): boolean {
  if (applied === null) return false;
  const leaf = Object.keys(fields).length === 0;
  if (Array.isArray(applied)) {
    // A leaf for a list is an atomic list: an empty set or associative list is not recorded.
    if (leaf) return deepEqual(applied, live);
    return sameList(applied, fields, live);
  }
  if (isObject(applied)) {
    // A leaf for a map: an empty map, or an atomic one — or a granular map applied empty before,
    // whose field set this apply would now fill. Only the empty map is certain.
    if (leaf) return Object.keys(applied).length === 0 && deepEqual(applied, live);
    return sameMap(applied, fields, live);
  }
  return leaf && applied === live;
}

/** A set or associative list: one recorded item per applied item, equal to the live list. */
function sameList(applied: Json[], fields: JsonObject, live: Json): boolean {
  if (!Array.isArray(live) || live.length !== applied.length) return false;
  const recorded = Object.keys(fields);
  if (recorded.length !== applied.length) return false;
  if (recorded.every((k) => k.startsWith('v:'))) {
    const values = new Set(recorded.map((k) => k.slice(2)));
    if (values.size !== applied.length) return false;
    return applied.every((item, i) => {
      if (isObject(item) || Array.isArray(item) || item === null) return false;
      return values.has(JSON.stringify(item)) && item === live[i];
    });
  }
  if (!recorded.every((k) => k.startsWith('k:'))) return false;
  const items = recorded.map((k) => ({ key: parseKey(k), fields: fields[k] }));
  const used = new Set<number>();
  for (let i = 0; i < applied.length; i++) {
    const item = applied[i]!;
    const liveItem = live[i]!;
    if (!isObject(item) || !isObject(liveItem)) return false;
    const at = items.findIndex(
      (r, j) =>
        !used.has(j) &&
        r.key !== undefined &&
        Object.entries(r.key).every(([k, v]) => deepEqual(item[k], v) && deepEqual(liveItem[k], v)),
    );
    if (at < 0) return false;
    used.add(at);
    const itemFields = items[at]!.fields;
    if (!isObject(itemFields)) return false;
    if (Object.keys(itemFields).length === 0) {
      if (!deepEqual(item, liveItem)) return false; // an atomic item
      continue;
    }
    // a granular item: `.` (the item itself) and its fields
    if (!isObject(itemFields['.'])) return false;
    const { '.': _self, ...rest } = itemFields;
    if (!sameMap(item, rest, liveItem)) return false;
  }
  return true;
}

function parseKey(pathElement: string): JsonObject | undefined {
  try {
    const key = JSON.parse(pathElement.slice(2)) as Json;
    return isObject(key) ? key : undefined;
  } catch {
    return undefined;
  }
}

export function deepEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (isObject(a ?? null) && isObject(b ?? null)) {
    const x = a as JsonObject;
    const y = b as JsonObject;
    const keys = Object.keys(x);
    if (keys.length !== Object.keys(y).length) return false;
    for (const k of keys) if (!(k in y) || !deepEqual(x[k], y[k])) return false;
    return true;
  }
  return false;
}
