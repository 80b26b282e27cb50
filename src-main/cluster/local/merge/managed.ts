/**
 * managedFields: who owns which fields of an object, and how every write changes that.
 *
 * This reproduces the API server's field manager (k8s.io/apimachinery managedfields) over the
 * ownership algorithms of structured-merge-diff (merge.Updater):
 *
 * - Managers are keyed by an identifier: the JSON of {manager, operation, apiVersion,
 *   subresource} (no apiVersion for appliers, so an applier keeps one entry across versions). Two
 *   writes by the same (manager, operation, apiVersion, subresource) share one entry.
 * - A non-apply write (create, update, any patch but apply) compares the old and new object. The
 *   writer gains every field it added or changed; every other manager loses those fields, and
 *   everyone loses removed fields. The entry's `time` moves only when the writer changed
 *   something. Update entries beyond ten are folded, oldest first, into "ancient-changes".
 * - Object metadata the server owns (name, namespace, uid, resourceVersion, generation,
 *   creationTimestamp, managedFields…) and apiVersion/kind are never owned.
 * - Reset fields (status on the main resource of a kind with a status subresource, spec on
 *   /status) are ignored: no one gains them through a write that cannot change them.
 * - managedFields sent in a request are kept if they decode (`[]` resets them); otherwise the
 *   stored ones are used. Subresource writes always use the stored ones.
 *
 * The entries are written sorted as the server sorts them: Apply before Update, then by time
 * (seconds), manager, apiVersion, subresource.
 */

import { FieldSet, field, formatPath } from './fieldpath.js';
import type { FieldPath } from './fieldpath.js';
import { MergeError } from './errors.js';
import { compareStrings, goJsonString, goQuote, isObject } from './json.js';
import type { Json, JsonObject } from './json.js';
import { compileSchema } from './schema.js';
import type { Atom, JSONSchemaProps } from './schema.js';
import { compareTyped, formatValidationErrors, validateTyped } from './typed.js';
import type { Comparison } from './typed.js';
import { resetFieldsFor, zeroObject } from './builtin-schemas.js';

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: 'Apply' | 'Update';
  apiVersion?: string;
  time?: string;
  fieldsType?: 'FieldsV1';
  fieldsV1?: JsonObject;
  subresource?: string;
}

export interface WriteOptions {
  /** The field manager: the fieldManager parameter, or managerFromUserAgent() for non-apply writes. */
  manager: string;
  /** The schema of the whole object (builtinSchema(...).schema or customResourceSchema(...)). */
  schema: JSONSchemaProps;
  /** The request's group/version, e.g. 'v1' or 'stable.example.com/v1'. */
  apiVersion: string;
  /** '' (or absent) for the main resource, 'status' for /status. */
  subresource?: string;
  /** The time of the write; entries record it to the second. */
  now: Date;
  /** A custom resource kind with a status subresource (built-in kinds know their own). */
  statusSubresource?: boolean;
  /**
   * The versions the kind still serves; managers recorded at other versions are dropped, as the
   * API server drops them when it can no longer convert to their version. Default: keep all.
   */
  servedVersions?: readonly string[];
}

interface VersionedSet {
  set: FieldSet;
  apiVersion: string;
  applied: boolean;
}

/** Decoded managedFields: sets by manager identifier, and the entries' times. */
export interface Managed {
  fields: Map<string, VersionedSet>;
  times: Map<string, string | undefined>;
}

/** What structured-merge-diff needs to know about the write's version. */
export interface TypedContext {
  atom: Atom;
  apiVersion: string;
  /** Fields this write cannot change (the IgnoreFilter): removed recursively from sets. */
  reset: FieldSet | undefined;
  servedVersions: readonly string[] | undefined;
}

export function typedContext(o: WriteOptions): TypedContext {
  return {
    atom: compileSchema(o.schema),
    apiVersion: o.apiVersion,
    reset: resetFieldsFor(o.schema, o.subresource ?? '', o.statusSubresource ?? false),
    servedVersions: o.servedVersions,
  };
}

// ---------------------------------------------------------------------------------------------
// Identifiers and encoding

/** The manager identifier: Go's JSON of the entry without time, fields and (for Apply) version. */
export function managerIdentifier(e: {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  subresource?: string;
}): string {
  const parts: string[] = [];
  if (e.manager) parts.push(`"manager":${goJsonString(e.manager)}`);
  if (e.operation) parts.push(`"operation":${goJsonString(e.operation)}`);
  if (e.apiVersion && e.operation !== 'Apply')
    parts.push(`"apiVersion":${goJsonString(e.apiVersion)}`);
  if (e.subresource) parts.push(`"subresource":${goJsonString(e.subresource)}`);
  return `{${parts.join(',')}}`;
}

function parseIdentifier(id: string): ManagedFieldsEntry {
  return JSON.parse(id) as ManagedFieldsEntry;
}

export function emptyManaged(): Managed {
  return { fields: new Map(), times: new Map() };
}

/** Decodes managedFields entries; throws an Error with the API server's words on bad ones. */
export function decodeManagedFields(entries: readonly Json[]): Managed {
  const managed = emptyManaged();
  entries.forEach((raw, i) => {
    const e = (isObject(raw) ? raw : {}) as ManagedFieldsEntry;
    if (e.operation !== 'Apply' && e.operation !== 'Update') {
      throw new Error('operation must be `Apply` or `Update`');
    }
    if (!e.apiVersion) throw new Error('apiVersion must not be empty');
    if (e.fieldsType === undefined || (e.fieldsType as string) === '') {
      throw new Error(`missing fieldsType in managed fields entry ${i}`);
    }
    if (e.fieldsType !== 'FieldsV1') {
      throw new Error(
        `invalid fieldsType ${goQuote(String(e.fieldsType))} in managed fields entry ${i}`,
      );
    }
    const id = managerIdentifier(e);
    let set: FieldSet;
    try {
      set = FieldSet.fromFieldsV1(e.fieldsV1 ?? {});
    } catch (err) {
      throw new Error(`error decoding versioned set: ${(err as Error).message}`);
    }
    managed.fields.set(id, { set, apiVersion: e.apiVersion, applied: e.operation === 'Apply' });
    managed.times.set(id, typeof e.time === 'string' ? e.time : undefined);
  });
  return managed;
}

function seconds(time: string | undefined): number {
  if (!time) return 0;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

/** Encodes managedFields sorted as the API server sorts them; undefined when there are none. */
export function encodeManagedFields(managed: Managed): JsonObject[] | undefined {
  if (managed.fields.size === 0) return undefined;
  const entries: ManagedFieldsEntry[] = [];
  for (const [id, vs] of managed.fields) {
    const base = parseIdentifier(id);
    const e: ManagedFieldsEntry = {};
    if (base.manager) e.manager = base.manager;
    e.operation = vs.applied ? 'Apply' : (base.operation ?? 'Update');
    e.apiVersion = vs.apiVersion;
    const time = managed.times.get(id);
    if (time) e.time = time;
    e.fieldsType = 'FieldsV1';
    e.fieldsV1 = vs.set.toFieldsV1();
    if (base.subresource) e.subresource = base.subresource;
    entries.push(e);
  }
  entries.sort((p, q) => {
    if (p.operation !== q.operation) return compareStrings(p.operation ?? '', q.operation ?? '');
    const ps = seconds(p.time);
    const qs = seconds(q.time);
    if (ps !== qs) return ps < qs ? -1 : 1;
    if (p.manager !== q.manager) return compareStrings(p.manager ?? '', q.manager ?? '');
    if (p.apiVersion !== q.apiVersion)
      return compareStrings(p.apiVersion ?? '', q.apiVersion ?? '');
    return compareStrings(p.subresource ?? '', q.subresource ?? '');
  });
  return entries as unknown as JsonObject[];
}

/** metav1.Time as the API server writes it: RFC 3339 in UTC, whole seconds. */
export function formatTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function managedFieldsOf(obj: JsonObject): Json[] | null | undefined {
  const meta = obj['metadata'];
  if (!isObject(meta)) return undefined;
  const mf = meta['managedFields'];
  if (mf === undefined) return undefined;
  return Array.isArray(mf) ? mf : null;
}

export function setManagedFields(obj: JsonObject, entries: JsonObject[] | undefined): void {
  let meta = obj['metadata'];
  if (!isObject(meta)) {
    if (!entries) return;
    meta = obj['metadata'] = {};
  }
  if (entries) meta['managedFields'] = entries;
  else delete meta['managedFields'];
}

// ---------------------------------------------------------------------------------------------
// Conflicts

export interface Conflict {
  /** The manager identifier. */
  manager: string;
  path: FieldPath;
}

/** How conflict messages name a manager: `"kubectl"`, `"ctl" using v1`, `… with subresource "status"`. */
export function printManager(id: string): string {
  let e: ManagedFieldsEntry;
  try {
    e = JSON.parse(id) as ManagedFieldsEntry;
  } catch {
    return goQuote(id);
  }
  let s = goQuote(e.manager ?? '');
  if (e.subresource) s = `${s} with subresource ${goQuote(e.subresource)}`;
  if (e.operation === 'Update') s = `${s} using ${e.apiVersion ?? ''}`;
  return s;
}

/** The 409 the API server answers to apply conflicts. */
export function conflictError(conflicts: readonly Conflict[]): MergeError {
  const causes = conflicts.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${printManager(c.manager)}`,
    field: formatPath(c.path),
  }));
  let message: string;
  if (conflicts.length === 1) {
    const c = conflicts[0]!;
    message = `Apply failed with 1 conflict: conflict with ${printManager(c.manager)}: ${formatPath(c.path)}`;
  } else {
    const byManager = new Map<string, FieldPath[]>();
    for (const c of conflicts) {
      const list = byManager.get(c.manager) ?? [];
      list.push(c.path);
      byManager.set(c.manager, list);
    }
    const lines: string[] = [];
    for (const m of [...byManager.keys()].sort(compareStrings)) {
      lines.push(`conflicts with ${printManager(m)}:`);
      for (const p of byManager.get(m)!) lines.push(`- ${formatPath(p)}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new MergeError(409, 'Conflict', message, { causes });
}

/** Thrown inside the ownership algorithms; the callers turn it into the 409. */
export class ConflictSignal extends Error {
  constructor(readonly conflicts: Conflict[]) {
    super('conflicts');
  }
}

// ---------------------------------------------------------------------------------------------
// structured-merge-diff's Updater

function filtered(c: Comparison, reset: FieldSet | undefined): Comparison {
  if (!reset) return c;
  return {
    added: c.added.recursiveDifference(reset),
    modified: c.modified.recursiveDifference(reset),
    removed: c.removed.recursiveDifference(reset),
  };
}

/**
 * Updater.update: takes the changed fields from every other manager (conflicts unless forced)
 * and the removed fields from everyone. Mutates and returns `managers`.
 */
export function takeOwnership(
  ctx: TypedContext,
  oldObj: Json,
  newObj: Json,
  managers: Map<string, VersionedSet>,
  workflow: string,
  force: boolean,
): { managers: Map<string, VersionedSet>; comparison: Comparison } {
  const raw = compareTyped(oldObj, newObj, ctx.atom);
  const mine = filtered(raw, ctx.reset);
  const conflicts = new Map<string, FieldSet>();
  const removed = new Map<string, FieldSet>();
  for (const [manager, vs] of managers) {
    if (manager === workflow) continue;
    if (ctx.servedVersions && !ctx.servedVersions.includes(vs.apiVersion)) {
      managers.delete(manager);
      continue;
    }
    const cmp = vs.apiVersion === ctx.apiVersion ? mine : raw;
    const conflict = vs.set.intersection(cmp.modified.union(cmp.added));
    if (!conflict.isEmpty()) conflicts.set(manager, conflict);
    if (!cmp.removed.isEmpty()) removed.set(manager, cmp.removed);
  }
  if (!force && conflicts.size > 0) {
    const list: Conflict[] = [];
    for (const [manager, set] of conflicts)
      for (const path of set.paths()) list.push({ manager, path });
    list.sort((a, b) => compareStrings(a.manager, b.manager));
    throw new ConflictSignal(list);
  }
  for (const [manager, set] of conflicts) {
    const vs = managers.get(manager)!;
    managers.set(manager, { ...vs, set: vs.set.difference(set) });
  }
  for (const [manager, set] of removed) {
    const vs = managers.get(manager)!;
    managers.set(manager, { ...vs, set: vs.set.difference(set) });
  }
  for (const [manager, vs] of managers) if (vs.set.isEmpty()) managers.delete(manager);
  return { managers, comparison: mine };
}

/** Updater.Update: the fields `manager` gains by writing `newObj` over `liveObj`. */
function updaterUpdate(
  ctx: TypedContext,
  liveObj: Json,
  newObj: Json,
  managers: Map<string, VersionedSet>,
  manager: string,
): void {
  const { comparison } = takeOwnership(ctx, liveObj, newObj, managers, manager, true);
  const previous = managers.get(manager)?.set ?? FieldSet.empty();
  let set = previous
    .difference(comparison.removed)
    .union(comparison.modified)
    .union(comparison.added);
  if (ctx.reset) set = set.recursiveDifference(ctx.reset);
  if (set.isEmpty()) managers.delete(manager);
  else managers.set(manager, { set, apiVersion: ctx.apiVersion, applied: false });
}

const serverOwned = FieldSet.of(
  field('apiVersion'),
  field('kind'),
  field('metadata'),
  field('metadata', 'name'),
  field('metadata', 'namespace'),
  field('metadata', 'creationTimestamp'),
  field('metadata', 'selfLink'),
  field('metadata', 'uid'),
  field('metadata', 'clusterName'),
  field('metadata', 'generation'),
  field('metadata', 'managedFields'),
  field('metadata', 'resourceVersion'),
);

/** The strip-meta step: a manager never owns the fields the server sets. */
export function stripServerOwned(managers: Map<string, VersionedSet>, manager: string): void {
  const vs = managers.get(manager);
  if (!vs) return;
  const set = vs.set.difference(serverOwned);
  if (set.isEmpty()) managers.delete(manager);
  else managers.set(manager, { ...vs, set });
}

const maxUpdateManagers = 10;

/** Folds the oldest Update entries into "ancient-changes" beyond ten. */
function capUpdateManagers(managed: Managed): void {
  const updaters = [...managed.fields].filter(([, vs]) => !vs.applied).map(([id]) => id);
  if (updaters.length <= maxUpdateManagers) return;
  updaters.sort((a, b) => {
    const sa = seconds(managed.times.get(a));
    const sb = seconds(managed.times.get(b));
    if (sa !== sb) return sa < sb ? -1 : 1;
    return compareStrings(a, b);
  });
  const firstOfVersion = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > maxUpdateManagers; i++) {
    const id = updaters[i]!;
    const vs = managed.fields.get(id)!;
    const time = managed.times.get(id);
    const bucket = managerIdentifier({
      manager: 'ancient-changes',
      operation: 'Update',
      apiVersion: vs.apiVersion,
    });
    const first = firstOfVersion.get(vs.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(vs.apiVersion, id);
      continue;
    }
    if (!managed.fields.has(bucket)) {
      const s = managed.fields.get(first)!;
      managed.fields.delete(first);
      managed.fields.set(bucket, s);
    }
    const b = managed.fields.get(bucket)!;
    managed.fields.set(bucket, {
      set: vs.set.union(b.set),
      apiVersion: vs.apiVersion,
      applied: vs.applied,
    });
    managed.fields.delete(id);
    length--;
    managed.times.set(bucket, time);
  }
}

/** The zero object a create compares against (built-in kinds write their zero fields). */
export function emptyObjectFor(schema: JSONSchemaProps): JsonObject {
  return zeroObject(schema);
}

function uidOf(obj: JsonObject | undefined): string {
  const meta = obj?.['metadata'];
  if (!isObject(meta)) return '';
  return typeof meta['uid'] === 'string' ? meta['uid'] : '';
}

function typedOrThrow(what: string, obj: Json, atom: Atom, allowDuplicates: boolean): void {
  const errs = validateTyped(obj, atom, allowDuplicates);
  if (errs.length > 0) throw new Error(`${what}: ${formatValidationErrors(errs)}`);
}

/**
 * The Update path of the field manager below its outermost layer: skip-non-applied, the cap,
 * manager identity, the time, strip-meta and structured-merge-diff. Mutates `managed`.
 */
export function updateManaged(
  ctx: TypedContext,
  liveObj: JsonObject,
  newObj: JsonObject,
  managed: Managed,
  manager: string,
  subresource: string,
  now: Date,
  options: { skipUntracked: boolean },
): void {
  // An existing object that never had managedFields stays untracked until it is applied to.
  if (options.skipUntracked && managed.fields.size === 0 && uidOf(liveObj) !== '') return;
  const id = managerIdentifier({
    manager: manager || 'unknown',
    operation: 'Update',
    apiVersion: ctx.apiVersion,
    subresource,
  });
  typedOrThrow('failed to convert new object to smd typed', newObj, ctx.atom, true);
  typedOrThrow('failed to convert live object to smd typed', liveObj, ctx.atom, true);
  const current = 'current-operation';
  updaterUpdate(ctx, liveObj, newObj, managed.fields, current);
  stripServerOwned(managed.fields, current);
  const vs = managed.fields.get(current);
  if (vs) {
    managed.fields.delete(current);
    const previous = managed.fields.get(id);
    managed.fields.set(id, previous ? { ...vs, set: vs.set.union(previous.set) } : vs);
    managed.times.set(id, formatTime(now));
  }
  capUpdateManagers(managed);
}

function isResetRequest(mf: Json[] | null | undefined): boolean {
  if (!Array.isArray(mf)) return false;
  if (mf.length === 0) return true;
  return mf.length === 1 && isObject(mf[0]) && Object.keys(mf[0]).length === 0;
}

function decodeOrEmpty(mf: Json[] | null | undefined): Managed {
  if (!Array.isArray(mf)) return emptyManaged();
  try {
    return decodeManagedFields(mf);
  } catch {
    return emptyManaged();
  }
}

/**
 * managedFields for a non-apply write (create, update, JSON/merge/strategic patch): mutates and
 * returns `next`. `live` is undefined on create. A failure to type either object (which the
 * validation that follows reports properly) keeps the stored managedFields, as the server does.
 */
export function updateManagedFields(
  live: JsonObject | undefined,
  next: JsonObject,
  o: WriteOptions,
): JsonObject {
  const ctx = typedContext(o);
  const subresource = o.subresource ?? '';
  const liveObj = live ?? emptyObjectFor(o.schema);
  const liveMF = managedFieldsOf(liveObj);
  const newMF = managedFieldsOf(next);
  let managed: Managed;
  if (subresource !== '') managed = decodeOrEmpty(liveMF);
  else if (isResetRequest(newMF)) managed = emptyManaged();
  else {
    let fromRequest: Managed | undefined;
    try {
      fromRequest = Array.isArray(newMF) ? decodeManagedFields(newMF) : undefined;
    } catch {
      fromRequest = undefined;
    }
    managed = fromRequest && fromRequest.fields.size > 0 ? fromRequest : decodeOrEmpty(liveMF);
  }
  setManagedFields(next, undefined);
  const liveForCompare = stripManagedFields(liveObj);
  try {
    updateManaged(ctx, liveForCompare, next, managed, o.manager, subresource, o.now, {
      skipUntracked: true,
    });
  } catch {
    setManagedFields(next, Array.isArray(liveMF) ? (liveMF as JsonObject[]) : undefined);
    return next;
  }
  setManagedFields(next, encodeManagedFields(managed));
  return next;
}

/** A shallow copy of an object without metadata.managedFields (for comparisons). */
export function stripManagedFields(obj: JsonObject): JsonObject {
  const meta = obj['metadata'];
  if (!isObject(meta) || !('managedFields' in meta)) return obj;
  const { managedFields: _omit, ...rest } = meta;
  return { ...obj, metadata: rest };
}

const fieldManagerMaxLength = 128;

/**
 * The manager of a non-apply write without a fieldManager: the User-Agent up to its first "/",
 * without unprintable characters, cut to 128 bytes ("kubectl" for "kubectl/v1.37.2 (linux…)").
 */
export function managerFromUserAgent(userAgent: string): string {
  const prefix = userAgent.split('/')[0] ?? '';
  let out = '';
  let bytes = 0;
  for (const ch of prefix) {
    if (!/[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u.test(ch)) continue;
    const n = new TextEncoder().encode(ch).length;
    if (bytes + n > fieldManagerMaxLength) break;
    out += ch;
    bytes += n;
  }
  return out;
}
