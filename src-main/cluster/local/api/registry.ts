import {
  decodeBuiltin,
  defaultCustomResource,
  jsonPatchStrictErrors,
  MergeError,
  pruneCustomResource,
  unknownFieldWarnings,
  type Json,
  type JsonObject,
} from '../merge/index';
import type { RevisionLog, StoredValue, WriteTransaction } from '../storage/revision-log';
import { validateCustomResource } from './custom-resource-rules';
import {
  decodeRequestObject,
  type DecodingIssue,
  type FieldValidation,
  type RequestBody,
} from './decoding';
import { encodeObject, servedObject, servedText } from './encoding';
import type { FieldManagement, PatchType, WriteContext } from './field-management';
import { strategyFor, type KindStrategy } from './kinds';
import {
  clone,
  deepEqual,
  fieldInvalid,
  generatedSuffix,
  isPlainObject,
  newUid,
  timestamp,
  validateObjectMeta,
  type KubeObject,
} from './objects';
import { patchDecodingError, patchedObjectText, strategicPatchText } from './patch-errors';
import {
  apiVersionOf,
  builtinTypes,
  etcdKey,
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
  fieldValidation: FieldValidation;
  force?: boolean;
  /**
   * Where the request's warnings go as they are found (fieldValidation=Warn's unknown and
   * duplicate fields); the server sends them even when the request fails later.
   */
  warnings?: string[];
}

export interface WriteResult {
  /** 200 or 201. */
  code: number;
  object: KubeObject;
  /** The object as stored and served (JSON text). */
  body: string;
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
    return servedObject(scope.type, stored);
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

  create(scope: Scope, body: RequestBody, options: WriteOptions): WriteResult {
    const { object, warnings } = decodeRequestObject(scope.type, body, options.fieldValidation);
    options.warnings?.push(...warnings);
    return this.createObject(scope, object, options, false);
  }

  /** Creates a decoded object: what the create handler and the storage do after decoding. */
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
      // Admission (NamespaceLifecycle) runs before the object is validated.
      this.requireActiveNamespace(scope, meta.name ?? '');
    } else {
      delete meta.namespace;
    }
    if (!meta.name && meta.generateName) meta.name = meta.generateName + generatedSuffix();
    if (type.statusSubresource && type.group !== '') delete object.status;
    strategy.normalize?.(object, true);
    this.validate(scope, strategy, object, undefined);
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
    if (!applied) {
      const managed = this.fields.update(
        undefined,
        object,
        this.context(scope, options, new Date(Date.parse(now))),
      );
      if (managed) meta.managedFields = managed;
    }
    return this.store(type, key, object, undefined, options, 201);
  }

  update(scope: Scope, name: string, body: RequestBody, options: WriteOptions): WriteResult {
    const type = scope.type;
    const { object: next, warnings } = decodeRequestObject(type, body, options.fieldValidation);
    options.warnings?.push(...warnings);
    if (next.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${next.metadata.name ?? ''}) does not match the name on the URL (${name})`,
      );
    }
    if (type.namespaced && next.metadata.namespace && next.metadata.namespace !== scope.namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    const stored = this.getStored(scope, name);
    if (!stored) throw notFound({ ...target(scope), name });
    const rv = next.metadata.resourceVersion;
    if (rv === undefined || rv === '') {
      if (!strategyFor(type.group, type.resource).unconditionalUpdate) {
        throw invalid(type.resource, type.group, name, [
          fieldInvalid('metadata.resourceVersion', 0, 'must be specified for an update'),
        ]);
      }
    } else if (rv !== String(stored.rev)) {
      throw conflict({ ...target(scope), name }, modifiedSinceRead);
    }
    const old = servedObject(type, stored);
    const uid = next.metadata.uid;
    if (uid && uid !== old.metadata.uid) {
      throw conflict(
        { ...target(scope), name },
        `StorageError: invalid object, Code: 4, Key: ${etcdKey(type, scope.namespace, name)}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: ${uid}, UID in object meta: ${old.metadata.uid ?? ''}`,
      );
    }
    return this.writeUpdate(scope, old, next, options, 'update');
  }

  /**
   * JSON, merge and strategic merge patches: the patch is applied to the object as served, and
   * the result decoded into the kind again, as the API server's patch handler does — a result
   * that does not decode (or has unknown fields under Strict) is a 422 that quotes it.
   */
  patch(
    scope: Scope,
    name: string,
    patchType: PatchType,
    patch: RequestBody,
    options: WriteOptions,
  ): WriteResult {
    const type = scope.type;
    const stored = this.getStored(scope, name);
    if (!stored) throw notFound({ ...target(scope), name });
    const old = servedObject(type, stored);
    const validation = options.fieldValidation;
    const patched = this.fields.patch(
      patchType,
      clone(old),
      patch.value,
      type.fieldSchema,
      validation,
    ) as unknown;
    const issues = patchIssues(patchType, patch, validation);
    const quote = () =>
      patchType === 'strategic'
        ? strategicPatchText(patch.value)
        : patchedObjectText(type, patchType, old, patched, patch.value);
    const decoded = decodePatched(type, patchType, patched, quote, validation === 'Strict');
    const { object: next, unknownFields } = decoded;
    const strictErrors = [...issues, ...unknownFieldWarnings(unknownFields)];
    if (validation === 'Strict' && strictErrors.length > 0) {
      throw patchDecodingError(
        decoded.quote(),
        `strict decoding error: ${strictErrors.join(', ')}`,
      );
    }
    if (validation === 'Warn') options.warnings?.push(...strictErrors);
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

  /**
   * Server-side apply of a parsed apply patch. Duplicate YAML keys are only looked at once the
   * apply succeeded, as upstream: Strict refuses them, Warn reports them.
   */
  apply(scope: Scope, name: string, body: RequestBody, options: WriteOptions): WriteResult {
    const type = scope.type;
    const value = body.value;
    if (!isPlainObject(value)) throw badRequest('the apply patch is not an object');
    const meta = isPlainObject(value.metadata) ? value.metadata : {};
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
    const live = stored ? servedObject(type, stored) : undefined;
    const context = { ...this.context(scope, options, new Date()), force: options.force ?? false };
    const result = this.fields.apply(live, value, context);
    options.warnings?.push(...yamlStrictness(body, options.fieldValidation));
    if (!live) {
      const created = decodeApplied(type, result.object);
      created.metadata.name = name;
      if (type.namespaced) created.metadata.namespace ??= scope.namespace;
      return this.createObject(scope, created, options, true);
    }
    if (!result.changed) return { code: 200, object: live, body: servedText(type, stored!) };
    const next = decodeApplied(type, result.object);
    return this.writeUpdate(scope, live, next, options, 'apply');
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
    if (type.definedBy === undefined) updated.kind = type.kind;
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
      const managed = this.fields.update(old, updated, this.context(scope, options, new Date()));
      if (managed) meta.managedFields = managed;
      else delete meta.managedFields;
    }
    if (meta.finalizers && meta.finalizers.length === 0) delete meta.finalizers;
    if (how === 'system' && type.builtin) {
      updated = decodeBuiltin(type.builtin, updated as unknown as JsonObject, { defaults: false })
        .object as unknown as KubeObject;
    }
    const key = objectKey(type, scope.namespace, name);
    if (sameObject(old, updated)) {
      return { code: 200, object: old, body: encodeObject(type, old) };
    }
    if (updated.metadata.deletionTimestamp && !updated.metadata.finalizers?.length) {
      return this.removeNow(type, key, updated, options);
    }
    return this.store(type, key, updated, old, options, 200);
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
      scope.type,
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
    if (finalizers.size > 0 || strategy.beginDeletion) {
      const updated = clone(object);
      if (finalizers.size > 0) updated.metadata.finalizers = [...finalizers];
      if (strategy.beginDeletion) strategy.beginDeletion(updated);
      else if (!updated.metadata.deletionTimestamp) {
        updated.metadata.deletionTimestamp = timestamp();
        updated.metadata.deletionGracePeriodSeconds = 0;
        if (updated.metadata.generation !== undefined) updated.metadata.generation += 1;
      }
      if (deepEqual(updated, object)) {
        return { object, deleted: false, body: servedText(type, stored) };
      }
      const written = this.store(type, key, updated, object, { dryRun: options.dryRun }, 200);
      return { object: written.object, deleted: false, body: written.body };
    }
    const removed = this.removeNow(type, key, object, options);
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
  private removeNow(
    type: ResourceType,
    key: string,
    object: KubeObject,
    options: { dryRun: boolean },
  ): WriteResult {
    const served = apiVersionOf(type);
    if (options.dryRun) {
      object.apiVersion = served;
      return { code: 200, object, body: encodeObject(type, object) };
    }
    const storage = storageVersionOf(type);
    let body = '';
    this.log.transaction((tx) =>
      tx.delete(key, (rev) => {
        object.metadata.resourceVersion = String(rev);
        object.apiVersion = storage;
        const stored = encodeObject(type, object);
        object.apiVersion = served;
        body = storage === served ? stored : encodeObject(type, object);
        return stored;
      }),
    );
    return { code: 200, object, body };
  }

  /**
   * Writes an object (created or updated) at the next revision, unless it is a dry run. It is
   * stored in the storage version; the answer is in the version the request addressed.
   */
  private store(
    type: ResourceType,
    key: string,
    object: KubeObject,
    old: KubeObject | undefined,
    options: { dryRun: boolean },
    code: number,
  ): WriteResult {
    const served = apiVersionOf(type);
    const storage = storageVersionOf(type);
    if (options.dryRun) {
      if (!old) delete object.metadata.resourceVersion;
      object.apiVersion = served;
      return { code, object, body: encodeObject(type, object) };
    }
    let body = '';
    this.log.transaction((tx: WriteTransaction) =>
      tx.put(
        key,
        (rev) => {
          object.metadata.resourceVersion = String(rev);
          object.apiVersion = storage;
          const stored = encodeObject(type, object);
          object.apiVersion = served;
          body = storage === served ? stored : encodeObject(type, object);
          return stored;
        },
        old ? 'MODIFIED' : 'ADDED',
      ),
    );
    return { code, object, body };
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

  /** ObjectMeta, then the kind's own rules (custom resources: their schema): 422 Invalid. */
  private validate(
    scope: Scope,
    strategy: KindStrategy,
    object: KubeObject,
    old: KubeObject | undefined,
  ): void {
    const type = scope.type;
    const errors: FieldError[] = [
      ...(strategy.validatesMetadata
        ? []
        : validateObjectMeta(object.metadata, strategy.nameRule, type.namespaced)),
      ...(type.definedBy !== undefined
        ? validateCustomResource(type, object, old, scope.subresource)
        : (strategy.validate?.(object, old, scope.subresource) ?? [])),
    ];
    if (errors.length > 0) {
      throw invalid(
        type.definedBy !== undefined ? object.kind : type.kind,
        type.group,
        object.metadata.name ?? object.metadata.generateName ?? '',
        errors,
      );
    }
  }

  private requireActiveNamespace(scope: Scope, name: string): void {
    const ns = this.log.get(`/core/namespaces/${scope.namespace}`);
    if (!ns) throw notFound({ group: '', resource: 'namespaces', name: scope.namespace ?? '' });
    if (!ns.value.includes('"deletionTimestamp"')) return; // the common case, without parsing
    const object = JSON.parse(ns.value) as KubeObject;
    if (object.metadata.deletionTimestamp) {
      throw forbidden(
        { ...target(scope), name },
        `unable to create new content in namespace ${scope.namespace} because it is being terminated`,
      );
    }
  }

  /** An object as the addressed version serves it. */
  asServed(type: ResourceType, object: KubeObject): KubeObject {
    const apiVersion = apiVersionOf(type);
    return object.apiVersion === apiVersion ? object : { ...object, apiVersion };
  }
}

function storageVersionOf(type: ResourceType): string {
  return type.group ? `${type.group}/${type.storageVersion}` : type.storageVersion;
}

/** What fieldValidation reports about a patch document itself (JSON patch: unknown keys too). */
function patchIssues(
  patchType: PatchType,
  patch: RequestBody,
  validation: FieldValidation,
): string[] {
  if (validation === 'Ignore') return [];
  const duplicates = (patch.issues ?? []).map((i: DecodingIssue) => i.message);
  if (patchType !== 'json') return duplicates;
  return [
    ...duplicates.map((d) => `json patch ${d}`),
    ...jsonPatchStrictErrors(patch.value as Json),
  ];
}

/**
 * The result of a patch read back into the kind: a built-in through its Go type, a custom
 * resource through its schema. A result that does not decode is the patch handler's 422.
 */
function decodePatched(
  type: ResourceType,
  patchType: PatchType,
  patched: unknown,
  quote: () => string,
  strict: boolean,
): { object: KubeObject; unknownFields: string[]; quote: () => string } {
  if (!isPlainObject(patched) || !isPlainObject(patched.metadata)) {
    throw badRequest('the patch removed the object metadata');
  }
  try {
    if (type.builtin) {
      const { object, unknownFields } = decodeBuiltin(type.builtin, patched as JsonObject);
      return { object: object as unknown as KubeObject, unknownFields, quote };
    }
    // Pruning changes the object in place; a strict error quotes it as it was patched.
    const quoted = strict ? quote() : '';
    const object = patched as JsonObject;
    const unknownFields = pruneCustomResource(object, type.validation!, type.kind, type.version);
    defaultCustomResource(object, type.validation!);
    return { object: object as unknown as KubeObject, unknownFields, quote: () => quoted };
  } catch (err) {
    if (!(err instanceof MergeError) || err.code !== 400) throw err;
    const why = err.message.replace(/^.*? cannot be handled as a [^:]*: /, '');
    throw patchDecodingError(quote(), patchType === 'strategic' ? convertError(why) : why);
  }
}

/**
 * A strategic merge patch's result is converted from a map, not decoded from JSON, so a value
 * of the wrong type reads as runtime.DefaultUnstructuredConverter words it.
 */
function convertError(jsonError: string): string {
  const m =
    /cannot unmarshal (\w+)(?: (\S+))? into Go (?:struct field \S+|value) of type (.+)$/.exec(
      jsonError,
    );
  if (!m) return jsonError;
  const [, from, number, to] = m as unknown as [string, string, string | undefined, string];
  const source =
    from === 'number'
      ? number && /[.eE]/.test(number)
        ? 'float64'
        : 'int64'
      : (({ object: 'map', array: 'slice' } as Record<string, string>)[from] ?? from);
  const target = to.startsWith('map[')
    ? 'map'
    : to.startsWith('[]')
      ? 'slice'
      : /^(string|bool|int32|int64|float64)$/.test(to)
        ? to
        : 'struct';
  return `cannot convert ${source} to ${target}`;
}

/** An applied object as the kind stores it (built-ins: Go's encoding and scheme defaults). */
function decodeApplied(type: ResourceType, object: KubeObject): KubeObject {
  if (type.builtin) {
    return decodeBuiltin(type.builtin, object as unknown as JsonObject)
      .object as unknown as KubeObject;
  }
  defaultCustomResource(object as unknown as JsonObject, type.validation!);
  return object;
}

/** fieldValidation over an apply patch's duplicate YAML keys: Strict refuses, Warn warns. */
function yamlStrictness(body: RequestBody, validation: FieldValidation): string[] {
  const issues = body.issues ?? [];
  if (validation === 'Ignore' || issues.length === 0) return [];
  if (validation === 'Strict') {
    throw badRequest(
      `error strict decoding patch: error converting YAML to JSON: ${issues.map((i) => i.message).join(', ')}`,
    );
  }
  return [...(body.issueWarnings ?? issues.map((i) => i.message))];
}

/** Equal but for the resourceVersion (and the apiVersion, which is a matter of addressing). */
function sameObject(old: KubeObject, updated: KubeObject): boolean {
  const strip = (o: KubeObject) => ({
    ...o,
    apiVersion: undefined,
    metadata: { ...o.metadata, resourceVersion: undefined },
  });
  return deepEqual(strip(old), strip(updated));
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
