import { Buffer } from 'node:buffer';
import { badRequest, type FieldError } from './status';
import {
  dns1123SubdomainErrors,
  fieldInvalid,
  fieldRequired,
  isPlainObject,
  type KubeObject,
} from './objects';

/**
 * What differs between kinds on a write: how names are checked, the defaults a new object gets,
 * kind-specific validation, and whether DELETE returns the deleted object or a `Status`.
 */
export interface KindStrategy {
  nameRule: 'label' | 'subdomain' | 'path-segment';
  returnsDeletedObject: boolean;
  /** Finalizers every new object gets (e.g. CRD cleanup). */
  initialFinalizers?: readonly string[];
  /** Normalizes and defaults a new or updated object in place (before validation). */
  normalize?(object: KubeObject, isCreate: boolean): void;
  validate?(object: KubeObject, old: KubeObject | undefined): FieldError[];
  /** Fields a selector may compare besides metadata.name and metadata.namespace. */
  selectableFields?: readonly string[];
}

export const crdCleanupFinalizer = 'customresourcecleanup.apiextensions.k8s.io';

const namespaceStrategy: KindStrategy = {
  nameRule: 'label',
  returnsDeletedObject: true,
  selectableFields: ['status.phase'],
  normalize(ns, isCreate) {
    const spec = isPlainObject(ns.spec) ? ns.spec : {};
    if (isCreate) {
      spec.finalizers = ['kubernetes'];
      ns.status = { phase: 'Active' };
    }
    ns.spec = spec;
    const labels = (ns.metadata.labels ??= {});
    if (ns.metadata.name) labels['kubernetes.io/metadata.name'] = ns.metadata.name;
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
  validate(cm) {
    const errors = [
      ...dataKeyErrors('data', cm.data),
      ...dataKeyErrors('binaryData', cm.binaryData),
    ];
    for (const [key, value] of Object.entries(isPlainObject(cm.data) ? cm.data : {})) {
      if (typeof value !== 'string') {
        throw badRequest(
          `ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal ${jsonKind(value)} into Go struct field ConfigMap.data of type string`,
        );
      }
      void key;
    }
    return errors;
  },
};

function jsonKind(value: unknown): string {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : 'string';
}

const secretStrategy: KindStrategy = {
  nameRule: 'subdomain',
  returnsDeletedObject: false,
  selectableFields: ['type'],
  normalize(secret) {
    if (secret.type === undefined || secret.type === '') secret.type = 'Opaque';
    if (isPlainObject(secret.stringData)) {
      const data = isPlainObject(secret.data) ? secret.data : {};
      for (const [key, value] of Object.entries(secret.stringData)) {
        data[key] = Buffer.from(String(value)).toString('base64');
      }
      secret.data = data;
      delete secret.stringData;
    }
    for (const value of Object.values(isPlainObject(secret.data) ? secret.data : {})) {
      if (
        typeof value !== 'string' ||
        !/^[A-Za-z0-9+/]*={0,2}$/.test(value) ||
        value.length % 4 !== 0
      ) {
        throw badRequest(
          `Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 0`,
        );
      }
    }
  },
  validate(secret, old) {
    const errors = dataKeyErrors('data', secret.data);
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
  initialFinalizers: [crdCleanupFinalizer],
  validate(crd) {
    const errors: FieldError[] = [];
    const spec = isPlainObject(crd.spec) ? crd.spec : {};
    const names = isPlainObject(spec.names) ? spec.names : {};
    const group = typeof spec.group === 'string' ? spec.group : '';
    const plural = typeof names.plural === 'string' ? names.plural : '';
    const expected = `${plural}.${group}`;
    if (crd.metadata.name !== expected) {
      errors.push(
        fieldInvalid(
          'metadata.name',
          crd.metadata.name ?? '',
          `must be spec.names.plural+"."+spec.group`,
        ),
      );
    }
    if (!group) errors.push(fieldRequired('spec.group', ''));
    else if (!group.includes('.')) {
      errors.push(fieldInvalid('spec.group', group, 'should be a domain with at least one dot'));
    } else {
      for (const p of dns1123SubdomainErrors(group))
        errors.push(fieldInvalid('spec.group', group, p));
    }
    if (!plural) errors.push(fieldRequired('spec.names.plural', ''));
    if (typeof names.kind !== 'string' || names.kind === '') {
      errors.push(fieldRequired('spec.names.kind', ''));
    }
    if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') {
      errors.push({
        type: 'FieldValueNotSupported',
        field: 'spec.scope',
        detail: `Unsupported value: ${JSON.stringify(spec.scope ?? '')}: supported values: "Cluster", "Namespaced"`,
      });
    }
    const versions = Array.isArray(spec.versions) ? spec.versions : [];
    if (versions.length === 0)
      errors.push(
        fieldRequired('spec.versions', 'must have exactly one version marked as storage version'),
      );
    const storage = versions.filter((v) => isPlainObject(v) && v.storage === true).length;
    if (versions.length > 0 && storage !== 1) {
      errors.push(
        fieldInvalid(
          'spec.versions',
          versions,
          'must have exactly one version marked as storage version',
        ),
      );
    }
    return errors;
  },
};

const customStrategy: KindStrategy = { nameRule: 'subdomain', returnsDeletedObject: false };

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
