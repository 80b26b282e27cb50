/**
 * Server-side apply (PATCH with application/apply-patch+yaml), as the API server's field manager
 * runs it:
 *
 * 1. The patch must name the kind and version of the request and carry no managedFields.
 * 2. An object that has no managedFields yet first gets a "before-first-apply" Update entry
 *    owning everything it holds, so that applying to it conflicts like with any other owner.
 * 3. The applied configuration is merged into the live object (associative lists by key, sets by
 *    value, atomic parts replaced whole). The applier's new set is exactly what it applied.
 * 4. Fields the applier owned before and no longer applies are removed, unless another manager
 *    owns them too (or they are items the applier never exclusively owned).
 * 5. Every field the write adds or changes that another manager owns is a conflict (409) unless
 *    `force`; with force the other managers lose those fields.
 * 6. The entry's time moves only if the object changed. For manager "kubectl", a conflict with
 *    fields that match the client-side last-applied annotation is not one (the upgrade path from
 *    `kubectl apply` to `kubectl apply --server-side`), and that annotation follows the patch.
 */

import { MergeError, badRequest, unknownError } from './errors.js';
import { FieldSet } from './fieldpath.js';
import { clone, deepEqual, goJson, isObject } from './json.js';
import type { Json, JsonObject } from './json.js';
import {
  ConflictSignal,
  conflictError,
  decodeManagedFields,
  emptyObjectFor,
  encodeManagedFields,
  formatTime,
  managedFieldsOf,
  managerIdentifier,
  setManagedFields,
  stripManagedFields,
  stripServerOwned,
  takeOwnership,
  typedContext,
  updateManaged,
} from './managed.js';
import type { Conflict, Managed, TypedContext, WriteOptions } from './managed.js';
import {
  compareTyped,
  ensureNamedFieldsAreMembers,
  formatValidationErrors,
  mergeTyped,
  removeItems,
  toFieldSet,
  validateTyped,
} from './typed.js';

export interface ApplyOptions extends WriteOptions {
  /** The kind the request is for; the patch must name it (with `apiVersion`). */
  kind: string;
  force: boolean;
}

export interface ApplyResult {
  /** The new object, with metadata.managedFields. `live` and `patch` are left untouched. */
  object: JsonObject;
  /** False for a no-op (same object and managedFields): the server writes nothing. */
  changed: boolean;
}

export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';

export function apply(
  live: JsonObject | undefined,
  patch: JsonObject,
  o: ApplyOptions,
): ApplyResult {
  const ctx = typedContext(o);
  const liveObj = live ?? emptyObjectFor(o.schema);
  let managed: Managed;
  try {
    managed = decodeManagedFields(managedFieldsOf(liveObj) ?? []);
  } catch (err) {
    throw unknownError(`failed to decode managed fields: ${(err as Error).message}`);
  }
  checkKind(patch, o);
  const subresource = o.subresource ?? '';
  let result: JsonObject;
  try {
    result = applyKeepingLastApplied(ctx, liveObj, patch, managed, o, subresource);
  } catch (err) {
    if (err instanceof ConflictSignal) throw conflictError(err.conflicts);
    throw err;
  }
  setManagedFields(result, encodeManagedFields(managed));
  return { object: result, changed: live === undefined || !deepEqual(result, live) };
}

function groupVersion(apiVersion: string): [string, string] {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}

function gvkString(apiVersion: string, kind: string): string {
  const [g, v] = groupVersion(apiVersion);
  return `${g}/${v}, Kind=${kind}`;
}

function str(v: Json | undefined): string {
  return typeof v === 'string' ? v : '';
}

function checkKind(patch: JsonObject, o: ApplyOptions): void {
  const apiVersion = str(patch['apiVersion']);
  const kind = str(patch['kind']);
  if (apiVersion !== o.apiVersion || kind !== o.kind) {
    throw badRequest(`invalid object type: ${gvkString(apiVersion, kind)}`);
  }
  const meta = patch['metadata'];
  if (isObject(meta) && Array.isArray(meta['managedFields'])) {
    throw badRequest('metadata.managedFields must be nil');
  }
}

/** `namespace/name; group/version, Kind=Kind` as the field manager's errors name an object. */
function describe(obj: JsonObject): string {
  const meta = isObject(obj['metadata']) ? obj['metadata'] : {};
  const ns = str(meta['namespace']) || '<unknown>';
  const name = str(meta['name']) || '<unknown>';
  return `${meta['namespace'] === undefined ? '' : ns}/${meta['name'] === undefined ? '' : name}; ${gvkString(
    str(obj['apiVersion']),
    str(obj['kind']),
  )}`;
}

/** The last-applied layers around the apply itself (kubectl's client-side to server-side path). */
function applyKeepingLastApplied(
  ctx: TypedContext,
  liveObj: JsonObject,
  patch: JsonObject,
  managed: Managed,
  o: ApplyOptions,
  subresource: string,
): JsonObject {
  let result: JsonObject;
  if (o.manager !== 'kubectl') {
    result = applyTracked(ctx, liveObj, patch, managed, o, subresource, o.force);
  } else {
    try {
      result = applyTracked(ctx, liveObj, patch, managed, o, subresource, o.force);
    } catch (err) {
      if (!(err instanceof ConflictSignal)) throw err;
      const allowed = allowedConflictsFromLastApplied(ctx, liveObj);
      if (!allowed) throw err;
      const remaining = err.conflicts.filter((c) => !allowed.has(c.path));
      if (remaining.length > 0) {
        if (remaining.length === err.conflicts.length) throw err;
        throw new ConflictSignal(remaining);
      }
      // The failed attempt already recorded the applier's new set, as on the real server.
      result = applyTracked(ctx, liveObj, patch, managed, o, subresource, true);
    }
  }
  if (o.manager === 'kubectl' && hasLastApplied(result))
    setLastApplied(result, buildLastApplied(patch));
  return result;
}

function annotationsOf(obj: JsonObject): JsonObject | undefined {
  const meta = obj['metadata'];
  if (!isObject(meta)) return undefined;
  const a = meta['annotations'];
  return isObject(a) ? a : undefined;
}

function hasLastApplied(obj: JsonObject): boolean {
  const v = annotationsOf(obj)?.[lastAppliedAnnotation];
  return typeof v === 'string' && v.length > 0;
}

/** The patch as kubectl's annotation holds it: itself without that annotation, as Go writes JSON. */
function buildLastApplied(patch: JsonObject): string {
  const copy = clone(patch);
  const annotations = annotationsOf(copy);
  if (annotations) delete annotations[lastAppliedAnnotation];
  return goJson(copy) + '\n';
}

const totalAnnotationSizeLimit = 256 * 1024;

function setLastApplied(obj: JsonObject, value: string): void {
  const meta = (isObject(obj['metadata']) ? obj['metadata'] : (obj['metadata'] = {})) as JsonObject;
  const annotations = (
    isObject(meta['annotations']) ? meta['annotations'] : (meta['annotations'] = {})
  ) as JsonObject;
  annotations[lastAppliedAnnotation] = value;
  let size = 0;
  for (const [k, v] of Object.entries(annotations))
    size += k.length + (typeof v === 'string' ? v.length : 0);
  if (size > totalAnnotationSizeLimit) delete annotations[lastAppliedAnnotation];
}

/** Fields of the last-applied annotation that still hold their applied value in the live object. */
function allowedConflictsFromLastApplied(
  ctx: TypedContext,
  liveObj: JsonObject,
): FieldSet | undefined {
  const text = annotationsOf(liveObj)?.[lastAppliedAnnotation];
  if (typeof text !== 'string' || text === '') return undefined;
  let last: Json;
  try {
    last = JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
  if (!isObject(last) || last['apiVersion'] !== ctx.apiVersion) return undefined;
  const live = stripManagedFields(liveObj);
  if (validateTyped(live, ctx.atom).length > 0 || validateTyped(last, ctx.atom).length > 0)
    return undefined;
  const set = toFieldSet(last, ctx.atom);
  const cmp = compareTyped(last, live, ctx.atom);
  return set.difference(cmp.modified).difference(cmp.added).difference(cmp.removed);
}

/** Skip-non-applied, manager identity, time and strip-meta around structured-merge-diff's Apply. */
function applyTracked(
  ctx: TypedContext,
  liveObj: JsonObject,
  patch: JsonObject,
  managed: Managed,
  o: ApplyOptions,
  subresource: string,
  force: boolean,
): JsonObject {
  if (managed.fields.size === 0) {
    const empty = emptyObjectFor(o.schema);
    empty['apiVersion'] = o.apiVersion;
    empty['kind'] = o.kind;
    updateManaged(
      ctx,
      empty,
      stripManagedFields(liveObj),
      managed,
      'before-first-apply',
      subresource,
      o.now,
      {
        skipUntracked: false,
      },
    );
  }
  const id = managerIdentifier({
    manager: o.manager || 'unknown',
    operation: 'Apply',
    subresource,
  });
  const patchErrs = validateTyped(patch, ctx.atom, false);
  if (patchErrs.length > 0) {
    throw unknownError(
      `failed to create typed patch object (${describe(patch)}): ${formatValidationErrors(patchErrs)}`,
    );
  }
  const liveErrs = validateTyped(liveObj, ctx.atom, true);
  if (liveErrs.length > 0) {
    throw unknownError(
      `failed to create typed live object (${describe(liveObj)}): ${formatValidationErrors(liveErrs)}`,
    );
  }
  const merged = updaterApply(ctx, liveObj, patch, managed, id, force);
  stripServerOwned(managed.fields, id);
  if (merged === undefined) {
    const copy = clone(liveObj);
    setManagedFields(copy, undefined);
    return copy;
  }
  managed.times.set(id, formatTime(o.now));
  return merged;
}

/** structured-merge-diff's Updater.Apply; undefined when the object does not change. */
function updaterApply(
  ctx: TypedContext,
  liveObj: JsonObject,
  config: JsonObject,
  managed: Managed,
  manager: string,
  force: boolean,
): JsonObject | undefined {
  const merged = mergeTyped(liveObj, config, ctx.atom);
  let newObj: JsonObject = isObject(merged) ? merged : {};
  const lastSet = managed.fields.get(manager);
  let set = toFieldSet(config, ctx.atom);
  if (ctx.reset) set = set.recursiveDifference(ctx.reset);
  managed.fields.set(manager, { set, apiVersion: ctx.apiVersion, applied: true });
  if (lastSet && !lastSet.set.isEmpty()) newObj = prune(ctx, newObj, managed, lastSet.set);
  takeOwnership(ctx, liveObj, newObj, managed.fields, manager, force);
  if (deepEqual(liveObj, newObj)) return undefined;
  return newObj;
}

/**
 * Removes what the applier applied last time and not this time, then adds back what anyone
 * (the applier's new configuration included) still owns and what the applier never owned alone.
 */
function prune(
  ctx: TypedContext,
  merged: JsonObject,
  managed: Managed,
  lastSet: FieldSet,
): JsonObject {
  const atom = ctx.atom;
  let pruned = removeItems(merged, ensureNamedFieldsAreMembers(lastSet, atom), atom);
  // addBackOwnedItems
  let owned = FieldSet.empty();
  for (const vs of managed.fields.values()) owned = owned.union(vs.set);
  const mergedSet = ensureNamedFieldsAreMembers(toFieldSet(merged, atom), atom);
  let prunedSet = ensureNamedFieldsAreMembers(toFieldSet(pruned, atom), atom);
  pruned = removeItems(
    merged,
    mergedSet.difference(prunedSet.union(ensureNamedFieldsAreMembers(owned, atom))),
    atom,
  );
  // addBackDanglingItems
  prunedSet = ensureNamedFieldsAreMembers(toFieldSet(pruned, atom), atom);
  const last = ensureNamedFieldsAreMembers(lastSet, atom);
  const result = removeItems(merged, mergedSet.difference(prunedSet).intersection(last), atom);
  return isObject(result) ? result : {};
}

export type { Conflict };
export { MergeError };
