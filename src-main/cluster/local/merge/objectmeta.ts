/**
 * ObjectMeta validation as k8s.io/apimachinery's api/validation words it (ValidateObjectMeta on
 * create, ValidateObjectMetaUpdate on update): names, namespace, generation, labels, annotations,
 * owner references, finalizers and managedFields entries.
 *
 * `meta` is the metadata as the server decoded it into ObjectMeta (e.g. by `decodeBuiltin` or
 * `decodeObjectMeta`). Labels and annotations are Go maps, visited in no fixed order by the server;
 * here in sorted key order.
 */

import { Buffer } from 'node:buffer';
import type { FieldError } from './errors.js';
import { formatFieldError } from './errors.js';
import { compareStrings, deepEqual, goIsPrint, goJsonString, goQuote, isObject } from './json.js';
import type { Json, JsonObject } from './json.js';
import { decodeObjectMeta } from './builtin-codec.js';
import type { JSONSchemaProps } from './schema.js';

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1035LabelFmt = '[a-z]([-a-z0-9]*[a-z0-9])?';
const dns1123Label = new RegExp(`^${dns1123LabelFmt}$`);
const dns1123Subdomain = new RegExp(`^${dns1123SubdomainFmt}$`);
const dns1035Label = new RegExp(`^${dns1035LabelFmt}$`);
const labelKeyFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const labelKey = new RegExp(`^${labelKeyFmt}$`);
const labelValueFmt = `(${labelKeyFmt})?`;
const labelValue = new RegExp(`^${labelValueFmt}$`);

const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8');

function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}

/** util/validation.IsDNS1123Label. */
export function isDns1123Label(v: string): string[] {
  const errs: string[] = [];
  if (byteLength(v) > 63) errs.push('must be no more than 63 characters');
  if (!dns1123Label.test(v)) {
    if (dns1123Subdomain.test(v)) errs.push('must not contain dots');
    else
      errs.push(
        regexError(
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
          dns1123LabelFmt,
          'my-name',
          '123-abc',
        ),
      );
  }
  return errs;
}

/** util/validation.IsDNS1123Subdomain (`units`: content's variant says "bytes"). */
export function isDns1123Subdomain(v: string, units = 'characters'): string[] {
  const errs: string[] = [];
  if (byteLength(v) > 253) errs.push(`must be no more than 253 ${units}`);
  if (!dns1123Subdomain.test(v)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        dns1123SubdomainFmt,
        'example.com',
      ),
    );
  }
  return errs;
}

/** util/validation.IsDNS1035Label. */
export function isDns1035Label(v: string): string[] {
  const errs: string[] = [];
  if (byteLength(v) > 63) errs.push('must be no more than 63 characters');
  if (!dns1035Label.test(v)) {
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        dns1035LabelFmt,
        'my-name',
        'abc-123',
      ),
    );
  }
  return errs;
}

const labelKeyErrMsg =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** content.IsLabelKey (IsQualifiedName). */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else errs.push(...isDns1123Subdomain(prefix, 'bytes').map((m) => `prefix part ${m}`));
  } else {
    return [
      `a valid label key ${regexError(labelKeyErrMsg, labelKeyFmt, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (byteLength(name) > 63) errs.push('name part must be no more than 63 bytes');
  if (!labelKey.test(name))
    errs.push(
      `name part ${regexError(labelKeyErrMsg, labelKeyFmt, 'MyName', 'my.name', '123-abc')}`,
    );
  return errs;
}

/** content.IsLabelValue. */
export function isLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push('must be no more than 63 bytes');
  if (!labelValue.test(value)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        labelValueFmt,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  }
  return errs;
}

/** content.IsPathSegmentName / IsPathSegmentPrefix: the names of most custom resources. */
export function isPathSegmentName(name: string, prefix = false): string[] {
  if (!prefix && (name === '.' || name === '..')) return [`may not be '${name}'`];
  return ['/', '%'].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
}

/** How a kind's names are checked: the name, and generateName (`prefix`). */
export type NameValidator = (name: string, prefix: boolean) => string[];

/**
 * Go's maskTrailingDash: drops the last two bytes of a name ending in '-' and appends 'a'. When
 * the character before the dash is not ASCII, Go leaves part of it behind, invalid UTF-8 that no
 * name rule accepts; a U+0080 stands in for it (a byte longer than Go's remnant).
 */
function maskTrailingDash(name: string): string {
  if (byteLength(name) <= 1 || !name.endsWith('-')) return name;
  const chars = [...name.slice(0, -1)];
  const last = chars.pop() ?? '';
  return `${chars.join('')}${byteLength(last) > 1 ? '\u0080' : ''}a`;
}

/** NameIsDNSSubdomain (most built-in kinds, CRDs). */
export const nameIsDnsSubdomain: NameValidator = (name, prefix) =>
  isDns1123Subdomain(prefix ? maskTrailingDash(name) : name);
/** NameIsDNSLabel (Namespace). */
export const nameIsDnsLabel: NameValidator = (name, prefix) =>
  isDns1123Label(prefix ? maskTrailingDash(name) : name);
/** Custom resources: path segment names. */
export const nameIsPathSegment: NameValidator = (name, prefix) => isPathSegmentName(name, prefix);

const invalid = (field: string, badValue: Json, detail: string): FieldError => ({
  type: 'FieldValueInvalid',
  field,
  badValue,
  detail,
});
const required = (field: string, detail = ''): FieldError => ({
  type: 'FieldValueRequired',
  field,
  detail,
});

const str = (v: Json | undefined): string => (typeof v === 'string' ? v : '');
const stringMap = (v: Json | undefined): [string, string][] =>
  isObject(v)
    ? Object.keys(v)
        .sort(compareStrings)
        .map((k) => [k, str(v[k])])
    : [];

export interface ObjectMetaOptions {
  /** Whether the kind is namespaced (namespace required) or not (namespace forbidden). */
  namespaced: boolean;
  /** The kind's name rule (default: DNS subdomain). */
  name?: NameValidator;
  /** The path of the metadata (default 'metadata'). */
  path?: string;
}

/**
 * ValidateObjectMeta: the metadata of an object being created (names already generated, the
 * namespace already set from the request path), identical errors reported once.
 */
export function validateObjectMeta(meta: JsonObject, options: ObjectMetaOptions): FieldError[] {
  const path = options.path ?? 'metadata';
  const nameFn = options.name ?? nameIsDnsSubdomain;
  const errs: FieldError[] = [];
  const generateName = str(meta['generateName']);
  if (generateName)
    for (const m of nameFn(generateName, true))
      errs.push(invalid(`${path}.generateName`, generateName, m));
  const name = str(meta['name']);
  if (!name) errs.push(required(`${path}.name`, 'name or generateName is required'));
  else for (const m of nameFn(name, false)) errs.push(invalid(`${path}.name`, name, m));
  const namespace = str(meta['namespace']);
  if (options.namespaced) {
    if (!namespace) errs.push(required(`${path}.namespace`));
    else
      for (const m of nameIsDnsLabel(namespace, false))
        errs.push(invalid(`${path}.namespace`, namespace, m));
  } else if (namespace) {
    errs.push({
      type: 'FieldValueForbidden',
      field: `${path}.namespace`,
      detail: 'not allowed on this type',
    });
  }
  errs.push(...nonnegative(meta['generation'], `${path}.generation`));
  errs.push(...common(meta, path));
  errs.push(...validateFinalizers(meta['finalizers'], `${path}.finalizers`));
  errs.push(...validateManagedFieldsEntries(meta['managedFields'], `${path}.managedFields`));
  return distinct(errs);
}

/**
 * ValidateObjectMetaUpdate: the metadata of an update as the server holds it when it validates
 * (resourceVersion as the client sent it), against the stored object's.
 */
export function validateObjectMetaUpdate(
  meta: JsonObject,
  old: JsonObject,
  path = 'metadata',
): FieldError[] {
  const errs: FieldError[] = [];
  if (old['deletionTimestamp'] !== undefined && old['deletionTimestamp'] !== null) {
    const before = new Set(Array.isArray(old['finalizers']) ? old['finalizers'].map(str) : []);
    const added = [
      ...new Set((Array.isArray(meta['finalizers']) ? meta['finalizers'] : []).map(str)),
    ]
      .filter((f) => !before.has(f))
      .sort(compareStrings);
    if (added.length) {
      errs.push({
        type: 'FieldValueForbidden',
        field: `${path}.finalizers`,
        detail: `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => goQuote(f)).join(', ')}}`,
      });
    }
  }
  const rv = str(meta['resourceVersion']);
  if (!rv) errs.push(invalid(`${path}.resourceVersion`, rv, 'must be specified for an update'));
  const generation = typeof meta['generation'] === 'number' ? meta['generation'] : 0;
  const oldGeneration = typeof old['generation'] === 'number' ? old['generation'] : 0;
  errs.push(...nonnegative(generation, `${path}.generation`));
  if (generation < oldGeneration)
    errs.push(invalid(`${path}.generation`, generation, 'must not be decremented'));
  const immutable = (key: string, zero: Json) => {
    const now = meta[key] ?? zero;
    const before = old[key] ?? zero;
    if (!deepEqual(now, before)) errs.push(invalid(`${path}.${key}`, now, 'field is immutable'));
  };
  immutable('name', '');
  immutable('namespace', '');
  immutable('uid', '');
  immutable('creationTimestamp', null);
  immutable('deletionTimestamp', null);
  immutable('deletionGracePeriodSeconds', null);
  errs.push(...common(meta, path));
  errs.push(...validateManagedFieldsEntries(meta['managedFields'], `${path}.managedFields`));
  return distinct(errs);
}

/** The server passes these errors through an aggregate, which keeps one of each message. */
function distinct(errs: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errs.filter((e) => {
    const text = formatFieldError(e);
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

function nonnegative(v: Json | undefined, field: string): FieldError[] {
  return typeof v === 'number' && v < 0
    ? [invalid(field, v, 'must be greater than or equal to 0')]
    : [];
}

/** Labels, annotations and owner references: the same on create and update. */
function common(meta: JsonObject, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of stringMap(meta['labels'])) {
    for (const m of isQualifiedName(k)) errs.push(invalid(`${path}.labels`, k, m));
    for (const m of isLabelValue(v)) errs.push(invalid(`${path}.labels`, v, m));
  }
  let size = 0;
  for (const [k, v] of stringMap(meta['annotations'])) {
    for (const m of isQualifiedName(k.toLowerCase()))
      errs.push(invalid(`${path}.annotations`, k, m));
    size += byteLength(k) + byteLength(v);
  }
  if (size > 256 * 1024) {
    errs.push({
      type: 'FieldValueTooLong',
      field: `${path}.annotations`,
      detail: `may not be more than ${256 * 1024} bytes`,
    });
  }
  errs.push(...validateOwnerReferences(meta['ownerReferences'], `${path}.ownerReferences`));
  return errs;
}

/** An owner reference as Go's json.Marshal writes the struct (fields in struct order). */
function renderOwnerReference(ref: JsonObject): string {
  const fields: [string, string][] = [
    ['apiVersion', goJsonString(str(ref['apiVersion']))],
    ['kind', goJsonString(str(ref['kind']))],
    ['name', goJsonString(str(ref['name']))],
    ['uid', goJsonString(str(ref['uid']))],
  ];
  for (const k of ['controller', 'blockOwnerDeletion'])
    if (typeof ref[k] === 'boolean') fields.push([k, String(ref[k])]);
  return `{${fields.map(([k, v]) => `"${k}":${v}`).join(',')}}`;
}

function validateOwnerReferences(refs: Json | undefined, path: string): FieldError[] {
  if (!Array.isArray(refs)) return [];
  const errs: FieldError[] = [];
  let firstController = '';
  refs.forEach((r, i) => {
    const ref = isObject(r) ? r : {};
    const p = `${path}[${i}]`;
    const apiVersion = str(ref['apiVersion']);
    const slashes = apiVersion.split('/').length - 1;
    const version =
      apiVersion === '' || apiVersion === '/'
        ? ''
        : slashes === 0
          ? apiVersion
          : slashes === 1
            ? apiVersion.slice(apiVersion.indexOf('/') + 1)
            : '';
    const group =
      slashes === 1 && apiVersion !== '/' ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    if (apiVersion === '') errs.push(required(`${p}.apiVersion`, 'must not be empty'));
    else if (slashes > 1 || version === '')
      errs.push(invalid(`${p}.apiVersion`, apiVersion, 'must be <group>/<version> or <version>'));
    const kind = str(ref['kind']);
    if (!kind) errs.push(required(`${p}.kind`, 'must not be empty'));
    if (!str(ref['name'])) errs.push(required(`${p}.name`, 'must not be empty'));
    if (!str(ref['uid'])) errs.push(required(`${p}.uid`, 'must not be empty'));
    if (slashes <= 1 && group === '' && version === 'v1' && kind === 'Event') {
      errs.push({
        ...invalid(p, ref, '/v1, Kind=Event is disallowed from being an owner'),
        renderedValue: renderOwnerReference(ref),
      });
    }
    if (ref['controller'] === true) {
      const current = `${kind}/${str(ref['name'])}`;
      if (firstController) {
        errs.push({
          ...invalid(
            path,
            refs,
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
          ),
          renderedValue: `[${refs.map((x) => renderOwnerReference(isObject(x) ? x : {})).join(',')}]`,
        });
      } else firstController = current;
    }
  });
  return errs;
}

function validateFinalizers(finalizers: Json | undefined, path: string): FieldError[] {
  if (!Array.isArray(finalizers)) return [];
  const errs: FieldError[] = [];
  const names = finalizers.map(str);
  for (const f of names) for (const m of isQualifiedName(f)) errs.push(invalid(path, f, m));
  if (names.includes('orphan') && names.includes('foregroundDeletion')) {
    errs.push(invalid(path, names, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return errs;
}

function validateManagedFieldsEntries(entries: Json | undefined, path: string): FieldError[] {
  if (!Array.isArray(entries)) return [];
  const errs: FieldError[] = [];
  entries.forEach((e, i) => {
    const entry = isObject(e) ? e : {};
    const p = `${path}[${i}]`;
    const operation = str(entry['operation']);
    if (operation === '') errs.push(required(`${p}.operation`, 'must not be empty'));
    else if (operation !== 'Apply' && operation !== 'Update') {
      errs.push({
        type: 'FieldValueNotSupported',
        field: `${p}.operation`,
        badValue: operation,
        detail: 'supported values: "Apply", "Update"',
      });
    }
    const fieldsType = str(entry['fieldsType']);
    if (fieldsType && fieldsType !== 'FieldsV1')
      errs.push(invalid(`${p}.fieldsType`, fieldsType, 'must be `FieldsV1`'));
    const manager = str(entry['manager']);
    if (byteLength(manager) > 128)
      errs.push({
        type: 'FieldValueTooLong',
        field: `${p}.manager`,
        detail: 'may not be more than 128 bytes',
      });
    let at = 0;
    for (const ch of manager) {
      if (!goIsPrint(ch)) {
        const cp = ch.codePointAt(0)!;
        errs.push(
          invalid(
            `${p}.manager`,
            manager,
            `invalid character U+${cp.toString(16).toUpperCase().padStart(4, '0')} (at position ${at})`,
          ),
        );
      }
      at += byteLength(ch);
    }
    if (byteLength(str(entry['subresource'])) > 256) {
      errs.push({
        type: 'FieldValueTooLong',
        field: `${p}.subresource`,
        detail: 'may not be more than 256 bytes',
      });
    }
  });
  return errs;
}

// --- Embedded resources (apiextensions' schema/objectmeta) -----------------------------------------

/** A child of a field path as field.Path prints it (a nil path has no leading dot). */
const child = (path: string, name: string): string => (path ? `${path}.${name}` : name);

const withEmbedded = (
  s: JSONSchemaProps | undefined,
  root: boolean,
): JSONSchemaProps | undefined =>
  root && !s?.['x-kubernetes-embedded-resource']
    ? { ...(s ?? {}), 'x-kubernetes-embedded-resource': true }
    : s;

/**
 * The first error the API server's metadata coercion finds (schema/objectmeta.Coerce): an
 * embedded resource's (or, with `resourceRoot`, the object's own) apiVersion or kind that is not
 * a string, or metadata that does not decode into ObjectMeta. Go visits map keys in random order;
 * here in document order.
 */
export function coerceEmbeddedMetadata(
  x: Json,
  schema: JSONSchemaProps | undefined,
  path: string,
  resourceRoot: boolean,
): FieldError | undefined {
  const walk = (v: Json, s: JSONSchemaProps | undefined, p: string): FieldError | undefined => {
    if (!s) return undefined;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const e = walk(v[i]!, s.items, `${p}[${i}]`);
        if (e) return e;
      }
      return undefined;
    }
    if (!isObject(v)) return undefined;
    for (const [k, value] of Object.entries(v)) {
      if (s['x-kubernetes-embedded-resource']) {
        if ((k === 'apiVersion' || k === 'kind') && typeof value !== 'string')
          return invalid(child(p, k), value, 'must be a string');
        if (k === 'metadata') {
          try {
            decodeObjectMeta(value);
          } catch (err) {
            return invalid(child(p, 'metadata'), value, (err as Error).message);
          }
        }
      }
      const prop = s.properties?.[k];
      const e = prop
        ? walk(value, prop, child(p, k))
        : typeof s.additionalProperties === 'object'
          ? walk(value, s.additionalProperties, `${p}[${k}]`)
          : undefined;
      if (e) return e;
    }
    return undefined;
  };
  return walk(x, withEmbedded(schema, resourceRoot), path);
}

/** schema.ParseGroupVersion's error, if any. */
function groupVersionError(v: string): string | undefined {
  if (v === '' || v === '/') return undefined;
  return v.split('/').length > 2 ? `unexpected GroupVersion string: ${v}` : undefined;
}

/**
 * The errors of embedded resources (x-kubernetes-embedded-resource; with `resourceRoot`, the
 * object itself) as the API server reports them (schema/objectmeta.Validate): apiVersion and kind
 * required and well-formed, metadata valid as on create with path-segment names (an empty name
 * passes). Expects metadata that coerces (`coerceEmbeddedMetadata`). Field paths start at `path`
 * ('' for a custom resource's root).
 */
export function validateEmbeddedResources(
  x: Json,
  schema: JSONSchemaProps | undefined,
  path: string,
  resourceRoot: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  const walk = (v: Json, s: JSONSchemaProps | undefined, p: string): void => {
    if (!s) return;
    if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, s.items, `${p}[${i}]`));
      return;
    }
    if (!isObject(v)) return;
    if (s['x-kubernetes-embedded-resource']) errs.push(...embeddedResourceErrors(v, p));
    for (const [k, value] of Object.entries(v)) {
      const prop = s.properties?.[k];
      if (prop) walk(value, prop, child(p, k));
      else if (typeof s.additionalProperties === 'object')
        walk(value, s.additionalProperties, `${p}[${k}]`);
    }
  };
  walk(x, withEmbedded(schema, resourceRoot), path);
  return errs;
}

function embeddedResourceErrors(x: JsonObject, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!('apiVersion' in x)) errs.push(required(child(path, 'apiVersion')));
  if (!('kind' in x)) errs.push(required(child(path, 'kind')));
  for (const [k, v] of Object.entries(x)) {
    if (k === 'apiVersion') {
      const p = child(path, k);
      if (typeof v !== 'string') errs.push(invalid(p, v, 'must be a string'));
      else if (v === '') errs.push(invalid(p, v, 'must not be empty'));
      else {
        const e = groupVersionError(v);
        if (e) errs.push(invalid(p, v, e));
      }
    } else if (k === 'kind') {
      const p = child(path, k);
      if (typeof v !== 'string') errs.push(invalid(p, v, 'must be a string'));
      else if (v === '') errs.push(invalid(p, v, 'must not be empty'));
      else {
        const e = isDns1035Label(v.toLowerCase());
        if (e.length)
          errs.push(
            invalid(p, v, `may have mixed case, but should otherwise match: ${e.join(',')}`),
          );
      }
    } else if (k === 'metadata') {
      const p = child(path, 'metadata');
      let meta: JsonObject;
      try {
        meta = decodeObjectMeta(v).meta;
      } catch (err) {
        errs.push(invalid(p, v, (err as Error).message));
        continue;
      }
      if (!str(meta['name'])) meta = { ...meta, name: 'fakename' };
      errs.push(
        ...validateObjectMeta(meta, {
          namespaced: str(meta['namespace']).length > 0,
          name: nameIsPathSegment,
          path: p,
        }),
      );
    }
  }
  return errs;
}
