import { Buffer } from 'node:buffer';
import { fieldErrorBody, validateCrd, validateCrdStatus, type JsonObject } from '../merge/index';
import type { FieldError } from './status';
import { fieldInvalid, fieldRequired, isPlainObject, timestamp, type KubeObject } from './objects';

/**
 * What differs between kinds on a write: how names are checked, the defaults a new object gets,
 * kind-specific validation, and whether DELETE returns the deleted object or a `Status`.
 */
export interface KindStrategy {
  nameRule: 'label' | 'subdomain' | 'path-segment';
  returnsDeletedObject: boolean;
  /** Whether a PUT may leave out metadata.resourceVersion (custom resources and CRDs: no). */
  unconditionalUpdate: boolean;
  /**
   * Marks an object as being deleted when the kind has its own way (namespaces, CRDs); the
   * default sets deletionTimestamp, a zero grace period and bumps the generation.
   */
  beginDeletion?(object: KubeObject): void;
  /** Normalizes and defaults a new or updated object in place (before validation). */
  normalize?(object: KubeObject, isCreate: boolean): void;
  /**
   * The kind's own rules; `subresource` is the one written (`status`). A kind whose rules cover
   * ObjectMeta too sets `validatesMetadata`.
   */
  validate?(object: KubeObject, old: KubeObject | undefined, subresource?: string): FieldError[];
  validatesMetadata?: boolean;
  /** Fields a selector may compare besides metadata.name and metadata.namespace. */
  selectableFields?: readonly string[];
}

export const crdCleanupFinalizer = 'customresourcecleanup.apiextensions.k8s.io';

const namespaceStrategy: KindStrategy = {
  nameRule: 'label',
  returnsDeletedObject: true,
  unconditionalUpdate: true,
  selectableFields: ['status.phase'],
  normalize(ns, isCreate) {
    if (!isCreate) return;
    // As PrepareForCreate: Active, and the `kubernetes` finalizer after the client's own.
    const spec = isPlainObject(ns.spec) ? ns.spec : (ns.spec = {});
    const finalizers = Array.isArray(spec.finalizers) ? (spec.finalizers as string[]) : [];
    if (!finalizers.includes('kubernetes')) spec.finalizers = [...finalizers, 'kubernetes'];
    ns.status = { phase: 'Active' };
  },
  beginDeletion(ns) {
    ns.metadata.deletionTimestamp ??= timestamp();
    const status = isPlainObject(ns.status) ? ns.status : {};
    ns.status = { ...status, phase: 'Terminating' };
  },
};

function dataKeyErrors(field: string, data: unknown): FieldError[] {
  if (data === undefined || data === null) return [];
  if (!isPlainObject(data)) return [fieldInvalid(field, data, 'must be an object')];
  const errors: FieldError[] = [];
  for (const key of Object.keys(data)) {
    if (!/^[-._a-zA-Z0-9]+$/.test(key) || key === '.' || key === '..' || key.length > 253) {
      errors.push(
        fieldInvalid(
          field,
          key,
          "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
        ),
      );
    }
  }
  return errors;
}

const configMapStrategy: KindStrategy = {
  nameRule: 'subdomain',
  returnsDeletedObject: false,
  unconditionalUpdate: true,
  validate(cm) {
    return [
      ...dataKeyErrors('data', cm.data),
      ...dataKeyErrors('binaryData', cm.binaryData),
      ...totalSizeErrors('[]', cm.data, cm.binaryData),
    ];
  },
};

/** ConfigMaps and Secrets hold at most 1 MiB of data, keys included. */
const maxDataBytes = 1024 * 1024;

/** The size check over the maps together; the server names ConfigMaps' as `[]`, Secrets' `data`. */
function totalSizeErrors(field: string, ...maps: unknown[]): FieldError[] {
  let size = 0;
  for (const map of maps) {
    if (!isPlainObject(map)) continue;
    for (const [key, value] of Object.entries(map)) {
      size += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
    }
  }
  if (size <= maxDataBytes) return [];
  return [
    {
      type: 'FieldValueTooLong',
      field,
      detail: `Too long: may not be more than ${maxDataBytes} bytes`,
    },
  ];
}

const secretStrategy: KindStrategy = {
  nameRule: 'subdomain',
  returnsDeletedObject: false,
  unconditionalUpdate: true,
  selectableFields: ['type'],
  validate(secret, old) {
    const errors = dataKeyErrors('data', secret.data);
    if (isPlainObject(secret.data)) {
      // base64 decoding makes the stored bytes about 3/4 of the text
      const decoded: Record<string, string> = {};
      for (const [k, v] of Object.entries(secret.data)) {
        decoded[k] = typeof v === 'string' ? Buffer.from(v, 'base64').toString('latin1') : '';
      }
      errors.push(...totalSizeErrors('data', decoded));
    }
    if (old && old.type !== secret.type) {
      errors.push(fieldInvalid('type', secret.type, 'field is immutable'));
    }
    if (old && old.immutable === true && !sameData(old, secret)) {
      errors.push({
        type: 'FieldValueForbidden',
        field: 'data',
        detail: 'Forbidden: field is immutable when `immutable` is set',
      });
    }
    return errors;
  },
};

function sameData(a: KubeObject, b: KubeObject): boolean {
  return JSON.stringify(a.data ?? {}) === JSON.stringify(b.data ?? {});
}

const eventStrategy: KindStrategy = {
  nameRule: 'subdomain',
  returnsDeletedObject: false,
  unconditionalUpdate: true,
  selectableFields: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  validate(event) {
    const errors: FieldError[] = [];
    if (!isPlainObject(event.involvedObject)) {
      errors.push(fieldRequired('involvedObject', ''));
    }
    return errors;
  },
};

const crdStrategy: KindStrategy = {
  nameRule: 'subdomain',
  returnsDeletedObject: false,
  unconditionalUpdate: false,
  normalize(crd, isCreate) {
    const spec = isPlainObject(crd.spec) ? crd.spec : {};
    const versions = Array.isArray(spec.versions) ? spec.versions : [];
    const storage = versions.find((v) => isPlainObject(v) && v.storage === true) as
      { name?: string } | undefined;
    if (isCreate) {
      // As PrepareForCreate: a fresh status that records the storage version.
      const status: Record<string, unknown> = {
        conditions: null,
        acceptedNames: { plural: '', kind: '' },
      };
      if (storage) status.storedVersions = [storage.name ?? ''];
      crd.status = status;
      return;
    }
    // As PrepareForUpdate: the storage version joins the stored versions.
    const status = isPlainObject(crd.status) ? crd.status : (crd.status = {});
    const stored = Array.isArray(status.storedVersions) ? (status.storedVersions as string[]) : [];
    if (storage?.name && !stored.includes(storage.name)) {
      status.storedVersions = [...stored, storage.name];
    }
  },
  beginDeletion(crd) {
    // The CRD registry's own delete: the cleanup finalizer and a Terminating condition.
    crd.metadata.deletionTimestamp ??= timestamp();
    const finalizers = crd.metadata.finalizers ?? [];
    if (!finalizers.includes(crdCleanupFinalizer)) {
      crd.metadata.finalizers = [...finalizers, crdCleanupFinalizer];
    }
    const status = isPlainObject(crd.status) ? crd.status : {};
    const conditions = (Array.isArray(status.conditions) ? status.conditions : []).filter(
      (c) => !(isPlainObject(c) && c.type === 'Terminating'),
    );
    conditions.push({
      type: 'Terminating',
      status: 'True',
      lastTransitionTime: timestamp(),
      reason: 'InstanceDeletionPending',
      message: 'CustomResourceDefinition marked for deletion; instance deletion is pending',
    });
    crd.status = { ...status, conditions };
  },
  validatesMetadata: true,
  validate(crd, old, subresource) {
    // apiextensions' own validation (ObjectMeta included), with the status the strategy prepared.
    const now = crd as unknown as JsonObject;
    const before = old as unknown as JsonObject | undefined;
    const errors =
      subresource === 'status' && before
        ? validateCrdStatus(now, before)
        : validateCrd(now, before);
    return errors.map((e) => ({ type: e.type, field: e.field, detail: fieldErrorBody(e) }));
  },
};

const customStrategy: KindStrategy = {
  nameRule: 'subdomain',
  returnsDeletedObject: false,
  unconditionalUpdate: false,
};

export function strategyFor(group: string, resource: string): KindStrategy {
  if (group === '') {
    switch (resource) {
      case 'namespaces':
        return namespaceStrategy;
      case 'configmaps':
        return configMapStrategy;
      case 'secrets':
        return secretStrategy;
      case 'events':
        return eventStrategy;
    }
  }
  if (group === 'apiextensions.k8s.io' && resource === 'customresourcedefinitions') {
    return crdStrategy;
  }
  return customStrategy;
}
