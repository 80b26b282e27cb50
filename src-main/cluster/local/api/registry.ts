import type { RevisionLog, StoredValue, WriteTransaction } from '../storage/revision-log';
import type { FieldManagement, PatchType, WriteContext } from './field-management';
import { strategyFor, type KindStrategy } from './kinds';
import {
  clone,
  deepEqual,
  generatedSuffix,
  isPlainObject,
  newUid,
  timestamp,
  validateObjectMeta,
  type KubeObject,
} from './objects';
import {
  apiVersionOf,
  builtinTypes,
  keyPrefix,
  objectKey,
  type ResourceType,
} from './resource-types';
import {
  ApiError,
  alreadyExists,
  badRequest,
  conflict,
  forbidden,
  gone,
  invalid,
  modifiedSinceRead,
  notFound,
  type FieldError,
  type Status,
} from './status';
import {
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  type FieldRequirement,
  type LabelRequirement,
} from './selectors';

/** Which resource a request addresses: a served type, its namespace, maybe a subresource. */
export interface Scope {
  type: ResourceType;
  namespace?: string;
  subresource?: 'status';
}

export interface WriteOptions {
  dryRun: boolean;
  /** The field manager (from the request, or derived from the user agent). */
  manager: string;
  fieldValidation: 'Strict' | 'Warn' | 'Ignore';
  force?: boolean;
}

export interface WriteResult {
  /** 200 or 201. */
  code: number;
  object: KubeObject;
  /** The object as stored and served (JSON text). */
  body: string;
  warnings: string[];
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

export interface ListResult {
  items: StoredValue[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

export interface DeleteOptions {
  dryRun: boolean;
  propagationPolicy?: PropagationPolicy;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export type DeleteResult =
  { object: KubeObject; deleted: boolean; body: string } | { status: Status; deleted: true };

export interface Selection {
  labels: LabelRequirement[];
  fields: FieldRequirement[];
}

export const foregroundFinalizer = 'foregroundDeletion';
export const orphanFinalizer = 'orphan';

/**
 * The verbs of the API on stored objects, with the real API server's semantics: names and
 * generateName, uid, creationTimestamp, generation, resourceVersion preconditions, status
 * subresources, finalizers and deletionTimestamp, no-op writes that change nothing, dry runs.
 * Everything here is synchronous, so a read-check-write never interleaves with another request.
 */
export class ObjectRegistry {
  constructor(
    readonly log: RevisionLog,
    private readonly fields: FieldManagement,
  ) {}

  getStored(scope: Scope, name: string): StoredValue | undefined {
    return this.log.get(objectKey(scope.type, scope.namespace, name));
  }

  get(scope: Scope, name: string): KubeObject {
    const stored = this.getStored(scope, name);
    if (!stored) throw notFound({ ...target(scope), name });
    return JSON.parse(stored.value) as KubeObject;
  }

  selection(scope: Scope, options: ListOptions): Selection {
    const fields = options.fieldSelector ? parseFieldSelector(options.fieldSelector) : [];
    const allowed = new Set([
      'metadata.name',
      'metadata.namespace',
      ...(strategyFor(scope.type.group, scope.type.resource).selectableFields ?? []),
    ]);
    const custom =
      strategyFor(scope.type.group, scope.type.resource).selectableFields !== undefined ||
      scope.type.definedBy !== undefined;
    for (const f of fields) {
      if (allowed.has(f.field)) continue;
      throw badRequest(
        custom
          ? `field label not supported: ${f.field}`
          : `"${f.field}" is not a known field selector: only "metadata.name", "metadata.namespace"`,
      );
    }
    return {
      labels: options.labelSelector ? parseLabelSelector(options.labelSelector) : [],
      fields,
    };
  }

  list(scope: Scope, options: ListOptions): ListResult {
    const selection = this.selection(scope, options);
    const prefix = keyPrefix(scope.type, scope.namespace);
    let after: string | undefined;
    let revision = this.log.revision;
    if (options.continue) {
      const token = decodeContinue(options.continue);
      if (token.rv < this.log.compactedRevision) {
        throw gone(
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
        );
      }
      after = keyPrefix(scope.type) + token.start;
      revision = token.rv;
    }
    const limit = options.limit && options.limit > 0 ? options.limit : undefined;
    const filtering = selection.labels.length > 0 || selection.fields.length > 0;
    const items: StoredValue[] = [];
    let more = false;
    const batch = limit === undefined ? -1 : Math.max(limit + 1, 500);
    while (true) {
      const rows = this.log.range(prefix, { after, limit: batch });
      for (const row of rows) {
        if (filtering && !matches(selection, JSON.parse(row.value))) continue;
        if (limit !== undefined && items.length === limit) {
          more = true;
          break;
        }
        items.push(row);
      }
      if (more || batch < 0 || rows.length < batch) break;
      after = rows[rows.length - 1]!.key;
    }
    const result: ListResult = { items, resourceVersion: String(revision) };
    if (more) {
      const last = items[items.length - 1]!.key;
      result.continue = encodeContinue(revision, last.slice(keyPrefix(scope.type).length));
      if (!filtering) result.remainingItemCount = this.log.count(prefix, last);
    }
    return result;
  }

  create(scope: Scope, body: unknown, options: WriteOptions): WriteResult {
    return this.createObject(scope, this.decodeBody(scope, body), options, false);
  }

  private createObject(
    scope: Scope,
    object: KubeObject,
    options: WriteOptions,
    applied: boolean,
  ): WriteResult {
    const type = scope.type;
    const strategy = strategyFor(type.group, type.resource);
    const meta = object.metadata;
    if (type.namespaced) {
      if (meta.namespace && meta.namespace !== scope.namespace) {
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      meta.namespace = scope.namespace;
    } else {
      delete meta.namespace;
    }
    if (!meta.name && meta.generateName) meta.name = meta.generateName + generatedSuffix();
    if (type.statusSubresource && type.group !== '') delete object.status;
    strategy.normalize?.(object, true);
    this.validate(scope, strategy, object, undefined);
    if (type.namespaced) this.requireActiveNamespace(scope, meta.name!);
    const key = objectKey(type, scope.namespace, meta.name!);
    if (this.log.get(key)) throw alreadyExists({ ...target(scope), name: meta.name! });
    if (meta.resourceVersion)
      throw badRequest('resourceVersion should not be set on objects to be created');
    const now = timestamp();
    meta.uid = newUid();
    meta.creationTimestamp = now;
    if (type.tracksGeneration) meta.generation = 1;
    else delete meta.generation;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (strategy.initialFinalizers) {
      meta.finalizers = [...new Set([...(meta.finalizers ?? []), ...strategy.initialFinalizers])];
    }
    if (!applied) {
      const managed = this.fields.update(
        undefined,
        object,
        this.context(scope, options, new Date(Date.parse(now))),
      );
      if (managed) meta.managedFields = managed;
    }
    return this.store(key, object, undefined, options, 201);
  }

  update(scope: Scope, name: string, body: unknown, options: WriteOptions): WriteResult {
    const next = this.decodeBody(scope, body);
    if (next.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${next.metadata.name ?? ''}) does not match the name on the URL (${name})`,
      );
    }
    if (
      scope.type.namespaced &&
      next.metadata.namespace &&
      next.metadata.namespace !== scope.namespace
    ) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    const stored = this.getStored(scope, name);
    if (!stored) throw notFound({ ...target(scope), name });
    const rv = next.metadata.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== String(stored.rev)) {
      throw conflict({ ...target(scope), name }, modifiedSinceRead);
    }
    const old = JSON.parse(stored.value) as KubeObject;
    return this.writeUpdate(scope, old, next, options, 'update');
  }

  patch(
    scope: Scope,
    name: string,
    type: PatchType,
    patch: unknown,
    options: WriteOptions,
  ): WriteResult {
    const stored = this.getStored(scope, name);
    if (!stored) throw notFound({ ...target(scope), name });
    const old = this.asServed(scope.type, JSON.parse(stored.value) as KubeObject);
    const next = this.fields.patch(type, clone(old), patch, scope.type.fieldSchema);
    if (!isPlainObject(next) || !isPlainObject(next.metadata)) {
      throw badRequest('the patch removed the object metadata');
    }
    const rv = next.metadata.resourceVersion;
    if (rv !== undefined && rv !== String(stored.rev)) {
      throw conflict({ ...target(scope), name }, modifiedSinceRead);
    }
    if (next.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${String(next.metadata.name)}) does not match the name on the URL (${name})`,
      );
    }
    return this.writeUpdate(scope, old, next, options, 'update');
  }

  apply(scope: Scope, name: string, body: unknown, options: WriteOptions): WriteResult {
    if (!isPlainObject(body)) throw badRequest('the apply patch is not an object');
    const meta = isPlainObject(body.metadata) ? body.metadata : {};
    if (meta.name !== undefined && meta.name !== name) {
      throw badRequest(
        `the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`,
      );
    }
    const stored = this.getStored(scope, name);
    if (
      meta.resourceVersion !== undefined &&
      (!stored || String(stored.rev) !== meta.resourceVersion)
    ) {
      throw conflict({ ...target(scope), name }, modifiedSinceRead);
    }
    const appliedMeta: Record<string, unknown> = { ...meta, name };
    if (scope.type.namespaced) appliedMeta.namespace = scope.namespace;
    const applied = { ...body, metadata: appliedMeta };
    const live = stored
      ? this.asServed(scope.type, JSON.parse(stored.value) as KubeObject)
      : undefined;
    const context = { ...this.context(scope, options, new Date()), force: options.force ?? false };
    const result = this.fields.apply(live, applied, context);
    if (!live) {
      return this.createObject(scope, this.decodeBody(scope, result.object), options, true);
    }
    if (!result.changed) {
      return { code: 200, object: live, body: JSON.stringify(live), warnings: [] };
    }
    return this.writeUpdate(scope, live, result.object, options, 'apply');
  }

  /** The shared path of update, patch and apply once the new object is known. */
  private writeUpdate(
    scope: Scope,
    old: KubeObject,
    next: KubeObject,
    options: WriteOptions,
    how: 'update' | 'apply' | 'system',
  ): WriteResult {
    const type = scope.type;
    const strategy = strategyFor(type.group, type.resource);
    const name = old.metadata.name!;
    let updated: KubeObject;
    if (scope.subresource === 'status') {
      updated = clone(old);
      if (next.status === undefined) delete updated.status;
      else updated.status = next.status;
      updated.metadata.managedFields = next.metadata.managedFields;
    } else {
      updated = next;
      if (type.statusSubresource) {
        if (old.status === undefined) delete updated.status;
        else updated.status = old.status;
      }
    }
    updated.apiVersion = apiVersionOf(type);
    updated.kind = type.kind;
    const meta = updated.metadata;
    const oldMeta = old.metadata;
    meta.name = oldMeta.name;
    if (type.namespaced) meta.namespace = oldMeta.namespace;
    meta.uid = oldMeta.uid;
    meta.creationTimestamp = oldMeta.creationTimestamp;
    meta.resourceVersion = oldMeta.resourceVersion;
    if (oldMeta.deletionTimestamp) {
      meta.deletionTimestamp = oldMeta.deletionTimestamp;
      meta.deletionGracePeriodSeconds = oldMeta.deletionGracePeriodSeconds;
    } else {
      delete meta.deletionTimestamp;
      delete meta.deletionGracePeriodSeconds;
    }
    if (type.tracksGeneration) {
      meta.generation = oldMeta.generation ?? 1;
      if (specChanged(old, updated, type.statusSubresource)) meta.generation += 1;
    } else {
      delete meta.generation;
    }
    strategy.normalize?.(updated, false);
    if (
      type.group === '' &&
      type.resource === 'namespaces' &&
      scope.subresource !== 'status' &&
      how !== 'system'
    ) {
      updated.spec = old.spec;
      updated.status = old.status;
    }
    this.validate(scope, strategy, updated, old);
    if (how !== 'apply') {
      const managed = this.fields.update(
        this.asServed(type, old),
        updated,
        this.context(scope, options, new Date()),
      );
      if (managed) meta.managedFields = managed;
      else delete meta.managedFields;
    }
    if (meta.finalizers && meta.finalizers.length === 0) delete meta.finalizers;
    const key = objectKey(type, scope.namespace, name);
    const unchanged = deepEqual(withoutVersion(old), withoutVersion(this.toStorage(type, updated)));
    if (unchanged) {
      return {
        code: 200,
        object: old,
        body: JSON.stringify(this.asServed(type, old)),
        warnings: [],
      };
    }
    if (meta.deletionTimestamp && !meta.finalizers?.length) {
      return this.removeNow(key, updated, options);
    }
    return this.store(key, updated, old, options, 200);
  }

  /** A write by the cluster itself (controllers, namespace finalize): no subresource rules. */
  systemUpdate(
    scope: Scope,
    old: KubeObject,
    next: KubeObject,
    options: WriteOptions,
  ): WriteResult {
    return this.writeUpdate(scope, old, clone(next), options, 'system');
  }

  /** Removes an object now, whatever its finalizers (a namespace once it is finalized). */
  purge(scope: Scope, name: string): void {
    const stored = this.getStored(scope, name);
    if (!stored) return;
    this.removeNow(
      objectKey(scope.type, scope.namespace, name),
      JSON.parse(stored.value) as KubeObject,
      { dryRun: false },
    );
  }

  get namespaceType(): ResourceType {
    return builtinTypes.find((t) => t.resource === 'namespaces')!;
  }

  delete(scope: Scope, name: string, options: DeleteOptions): DeleteResult {
    const stored = this.getStored(scope, name);
    if (!stored) throw notFound({ ...target(scope), name });
    const object = JSON.parse(stored.value) as KubeObject;
    const meta = object.metadata;
    const pre = options.preconditions;
    // rest.BeforeDelete names the kind, not the resource, in these conflicts.
    const byKind = { group: scope.type.group, resource: scope.type.kind, name };
    if (pre?.uid && pre.uid !== meta.uid) {
      throw conflict(
        byKind,
        `the UID in the precondition (${pre.uid}) does not match the UID in record (${meta.uid ?? ''}). The object might have been deleted and then recreated`,
      );
    }
    if (pre?.resourceVersion && pre.resourceVersion !== meta.resourceVersion) {
      throw conflict(
        byKind,
        `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${meta.resourceVersion ?? ''}). The object might have been modified`,
      );
    }
    const type = scope.type;
    const strategy = strategyFor(type.group, type.resource);
    const key = objectKey(type, scope.namespace, name);
    const finalizers = new Set(meta.finalizers ?? []);
    if (options.propagationPolicy === 'Foreground') finalizers.add(foregroundFinalizer);
    if (options.propagationPolicy === 'Orphan') finalizers.add(orphanFinalizer);
    if (options.propagationPolicy === 'Background') {
      finalizers.delete(foregroundFinalizer);
      finalizers.delete(orphanFinalizer);
    }
    const isNamespace = type.group === '' && type.resource === 'namespaces';
    if (finalizers.size > 0 || isNamespace) {
      const updated = clone(object);
      if (finalizers.size > 0) updated.metadata.finalizers = [...finalizers];
      if (!updated.metadata.deletionTimestamp) {
        updated.metadata.deletionTimestamp = timestamp();
        updated.metadata.deletionGracePeriodSeconds = 0;
        if (updated.metadata.generation !== undefined) updated.metadata.generation += 1;
      }
      if (isNamespace)
        updated.status = {
          ...(isPlainObject(updated.status) ? updated.status : {}),
          phase: 'Terminating',
        };
      if (deepEqual(updated, object)) {
        return { object, deleted: false, body: stored.value };
      }
      const written = this.store(key, updated, object, { dryRun: options.dryRun }, 200);
      return { object: written.object, deleted: false, body: written.body };
    }
    const removed = this.removeNow(key, object, options);
    if (strategy.returnsDeletedObject)
      return { object: removed.object, deleted: true, body: removed.body };
    const details: Status['details'] = { name };
    if (type.group) details.group = type.group;
    details.kind = type.resource;
    details.uid = meta.uid;
    return {
      deleted: true,
      status: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details,
      },
    };
  }

  deleteCollection(scope: Scope, listOptions: ListOptions, options: DeleteOptions): KubeObject[] {
    const { items } = this.list(scope, { ...listOptions, limit: undefined, continue: undefined });
    const deleted: KubeObject[] = [];
    for (const item of items) {
      const object = JSON.parse(item.value) as KubeObject;
      try {
        const result = this.delete(
          { ...scope, namespace: object.metadata.namespace },
          object.metadata.name!,
          options,
        );
        deleted.push('object' in result ? result.object : object);
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 404)) throw err;
      }
    }
    return deleted;
  }

  /** Deletes an object whose finalizers are gone (or never were); the DELETED event carries it. */
  private removeNow(key: string, object: KubeObject, options: { dryRun: boolean }): WriteResult {
    if (options.dryRun) return { code: 200, object, body: JSON.stringify(object), warnings: [] };
    let body = '';
    this.log.transaction((tx) =>
      tx.delete(key, (rev) => {
        object.metadata.resourceVersion = String(rev);
        body = JSON.stringify(object);
        return body;
      }),
    );
    return { code: 200, object, body, warnings: [] };
  }

  /** Writes an object (created or updated) at the next revision, unless it is a dry run. */
  private store(
    key: string,
    object: KubeObject,
    old: KubeObject | undefined,
    options: { dryRun: boolean },
    code: number,
  ): WriteResult {
    if (options.dryRun) {
      if (!old) delete object.metadata.resourceVersion;
      return { code, object, body: JSON.stringify(object), warnings: [] };
    }
    let body = '';
    this.log.transaction((tx: WriteTransaction) =>
      tx.put(
        key,
        (rev) => {
          object.metadata.resourceVersion = String(rev);
          body = JSON.stringify(object);
          return body;
        },
        old ? 'MODIFIED' : 'ADDED',
      ),
    );
    return { code, object, body, warnings: [] };
  }

  private context(scope: Scope, options: WriteOptions, now: Date): WriteContext {
    const type = scope.type;
    const context: WriteContext = {
      manager: options.manager,
      apiVersion: apiVersionOf(type),
      kind: type.kind,
      now,
      schema: type.fieldSchema,
      statusSubresource: type.statusSubresource,
    };
    if (scope.subresource) context.subresource = scope.subresource;
    return context;
  }

  private validate(
    scope: Scope,
    strategy: KindStrategy,
    object: KubeObject,
    old: KubeObject | undefined,
  ): void {
    const errors: FieldError[] = [
      ...validateObjectMeta(object.metadata, strategy.nameRule, scope.type.namespaced),
      ...(strategy.validate?.(object, old) ?? []),
    ];
    if (errors.length > 0) {
      throw invalid(
        scope.type.kind,
        scope.type.group,
        object.metadata.name ?? object.metadata.generateName ?? '',
        errors,
      );
    }
  }

  private requireActiveNamespace(scope: Scope, name: string): void {
    const ns = this.log.get(`/core/namespaces/${scope.namespace}`);
    if (!ns) throw notFound({ group: '', resource: 'namespaces', name: scope.namespace ?? '' });
    const object = JSON.parse(ns.value) as KubeObject;
    if (object.metadata.deletionTimestamp) {
      throw forbidden(
        { ...target(scope), name },
        `unable to create new content in namespace ${scope.namespace} because it is being terminated`,
      );
    }
  }

  /** Checks a request body's apiVersion and kind against the addressed type. */
  private decodeBody(scope: Scope, body: unknown): KubeObject {
    const type = scope.type;
    if (!isPlainObject(body)) throw badRequest(`the body of the request was not a JSON object`);
    const expected = apiVersionOf(type);
    const apiVersion = body.apiVersion ?? expected;
    const kind = body.kind ?? type.kind;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
      throw badRequest("Object 'Kind' is missing in the request body");
    }
    if (kind !== type.kind) {
      throw badRequest(
        `${kind} in version "${apiVersion.split('/').pop()}" cannot be handled as a ${type.kind}: no kind "${kind}" is registered for version "${apiVersion}" in scheme`,
      );
    }
    if (apiVersion !== expected) {
      throw badRequest(
        `the API version in the data (${apiVersion}) does not match the expected API version (${expected})`,
      );
    }
    const metadata = body.metadata ?? {};
    if (!isPlainObject(metadata)) throw badRequest('metadata must be an object');
    const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = body;
    return {
      apiVersion: this.storageVersionOf(type),
      kind: type.kind,
      metadata: metadata as KubeObject['metadata'],
      ...rest,
    };
  }

  private storageVersionOf(type: ResourceType): string {
    return type.group ? `${type.group}/${type.storageVersion}` : type.storageVersion;
  }

  /** Objects are stored in the storage version; custom resources convert by apiVersion alone. */
  private toStorage(type: ResourceType, object: KubeObject): KubeObject {
    return { ...object, apiVersion: this.storageVersionOf(type) };
  }

  asServed(type: ResourceType, object: KubeObject): KubeObject {
    const apiVersion = apiVersionOf(type);
    return object.apiVersion === apiVersion ? object : { ...object, apiVersion };
  }
}

export function target(scope: Scope): { group: string; resource: string } {
  return { group: scope.type.group, resource: scope.type.resource };
}

export function matches(selection: Selection, object: KubeObject): boolean {
  return (
    matchesLabels(selection.labels, object.metadata?.labels) &&
    matchesFields(selection.fields, object)
  );
}

function withoutVersion(object: KubeObject): unknown {
  return { ...object, metadata: { ...object.metadata, resourceVersion: undefined } };
}

function specChanged(old: KubeObject, updated: KubeObject, statusSubresource: boolean): boolean {
  const strip = (o: KubeObject) => {
    const { metadata: _m, status, apiVersion: _a, ...rest } = o;
    return statusSubresource ? rest : { ...rest, status };
  };
  return !deepEqual(strip(old), strip(updated));
}

function encodeContinue(rev: number, start: string): string {
  return Buffer.from(
    JSON.stringify({ v: 'meta.k8s.io/v1', rv: rev, start: `${start}\u0000` }),
  ).toString('base64');
}

function decodeContinue(token: string): { rv: number; start: string } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as {
      v?: string;
      rv?: number;
      start?: string;
    };
    if (
      parsed.v !== 'meta.k8s.io/v1' ||
      typeof parsed.rv !== 'number' ||
      typeof parsed.start !== 'string'
    )
      throw new Error();
    return {
      rv: parsed.rv,
      start: parsed.start.endsWith('\u0000') ? parsed.start.slice(0, -1) : parsed.start,
    };
  } catch {
    throw badRequest('continue key is not valid: illegal base64 data at input byte 0');
  }
}
