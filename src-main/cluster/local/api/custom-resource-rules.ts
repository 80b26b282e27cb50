import {
  fieldErrorBody,
  validateEmbeddedResources,
  validateObject,
  type FieldError as MergeFieldError,
  type JsonObject,
} from '../merge/index';
import { goType, goValue } from './go-format';
import { fieldInvalid, isPlainObject, type KubeObject } from './objects';
import type { ResourceType } from './resource-types';
import type { FieldError } from './status';

/**
 * What the API server checks on every write of a custom resource besides ObjectMeta
 * (apiextensions-apiserver's customResourceValidator): the kind, the version's structural schema
 * (with ratcheting on update: fields unchanged from the stored object are not reported), and the
 * replicas and selector fields the scale subresource reads. Messages and field paths are the
 * server's, including the leading dot of the scale paths (`.spec.replicas`).
 */
export function validateCustomResource(
  type: ResourceType,
  object: KubeObject,
  old: KubeObject | undefined,
  subresource: string | undefined,
): FieldError[] {
  if (object.kind !== type.kind) {
    return [fieldInvalid('kind', object.kind, `must be ${type.kind}`)];
  }
  const errors: FieldError[] = [];
  let later: FieldError[] = [];
  if (type.validation) {
    const { schema, embeddedAndLists } = schemaErrors(type, object, old, subresource);
    errors.push(...schema);
    later = embeddedAndLists;
  }
  const scale = type.scale;
  if (scale) {
    if (subresource !== 'status') errors.push(...replicasErrors(object, scale.specReplicasPath));
    errors.push(...replicasErrors(object, scale.statusReplicasPath));
    if (scale.labelSelectorPath) errors.push(...selectorErrors(object, scale.labelSelectorPath));
  }
  // The server checks embedded resources and the list-type invariants after the scale fields.
  return [...errors, ...later];
}

/**
 * Whether an error is one of the list-type invariants (sets and maps), which validateObject
 * reports last: a structural schema cannot ask for unique items otherwise.
 */
function isListTypeError(error: MergeFieldError): boolean {
  return (
    error.type === 'FieldValueDuplicate' ||
    error.detail.endsWith('must be an object for an array of list-type map')
  );
}

/**
 * The schema's errors. A write to /status validates only `status`, against the status property's
 * schema, as its own document (messages name fields from there: `selector in body must be …`).
 */
function schemaErrors(
  type: ResourceType,
  object: KubeObject,
  old: KubeObject | undefined,
  subresource: string | undefined,
): { schema: FieldError[]; embeddedAndLists: FieldError[] } {
  let value = object as unknown as JsonObject;
  let schema = type.validation!;
  let previous = old as unknown as JsonObject | undefined;
  let prefix = '';
  if (subresource === 'status') {
    const statusSchema = schema.properties?.['status'];
    if (!('status' in object) || !statusSchema || !isPlainObject(object.status)) {
      return { schema: [], embeddedAndLists: [] };
    }
    value = object.status as JsonObject;
    schema = statusSchema;
    previous = isPlainObject(old?.status) ? (old.status as JsonObject) : undefined;
    prefix = 'status.';
  }
  const options = previous ? { old: previous } : {};
  // validateObject reports the schema's errors, then embedded resources', then list types'.
  const all = validateObject(value, schema, options);
  let lists = all.length;
  while (lists > 0 && isListTypeError(all[lists - 1]!)) lists--;
  const embedded = validateEmbeddedResources(value, schema, '', false).length;
  const split = Math.max(0, lists - embedded);
  const local = (e: MergeFieldError): FieldError => ({
    type: e.type,
    field: prefix && e.field ? prefix + e.field : e.field || prefix.slice(0, -1),
    detail: fieldErrorBody(e),
  });
  return {
    schema: all.slice(0, split).map(local),
    embeddedAndLists: all.slice(split).map(local),
  };
}

/** unstructured.NestedFieldNoCopy: the value at a dotted path, or its accessor error. */
function nestedField(
  object: KubeObject,
  path: string,
): { value?: unknown; found: boolean; error?: string } {
  const fields = path.replace(/^\./, '').split('.');
  let value: unknown = object;
  for (let i = 0; i < fields.length; i++) {
    if (value === null || value === undefined) return { found: false };
    if (!isPlainObject(value)) {
      const at = '.' + fields.slice(0, i + 1).join('.');
      return {
        found: false,
        error: `${at} accessor error: ${goValue(value)} is of the type ${goType(value)}, expected map[string]interface{}`,
      };
    }
    if (!(fields[i]! in value)) return { found: false };
    value = value[fields[i]!];
  }
  return { value, found: value !== null && value !== undefined };
}

/** unstructured.NestedInt64 at a scale path (`.spec.replicas`). */
export function nestedInt64(
  object: KubeObject,
  path: string,
): { value: number; found: boolean; error?: string } {
  const { value, found, error } = nestedField(object, path);
  if (error) return { value: 0, found: false, error };
  if (!found) return { value: 0, found: false };
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    const at = '.' + path.replace(/^\./, '');
    return {
      value: 0,
      found: false,
      error: `${at} accessor error: ${goValue(value)} is of the type ${goType(value)}, expected int64`,
    };
  }
  return { value, found: true };
}

/** unstructured.NestedString at a scale path (`.status.selector`). */
export function nestedString(
  object: KubeObject,
  path: string,
): { value: string; found: boolean; error?: string } {
  const { value, found, error } = nestedField(object, path);
  if (error) return { value: '', found: false, error };
  if (!found) return { value: '', found: false };
  if (typeof value !== 'string') {
    const at = '.' + path.replace(/^\./, '');
    return {
      value: '',
      found: false,
      error: `${at} accessor error: ${goValue(value)} is of the type ${goType(value)}, expected string`,
    };
  }
  return { value, found: true };
}

function replicasErrors(object: KubeObject, path: string): FieldError[] {
  const { value, found, error } = nestedInt64(object, path);
  if (error) return [fieldInvalid(path, 0, error)];
  if (!found) return [];
  if (value < 0) return [fieldInvalid(path, value, 'should be a non-negative integer')];
  if (value > 2147483647) {
    return [fieldInvalid(path, value, 'should be less than or equal to 2147483647')];
  }
  return [];
}

function selectorErrors(object: KubeObject, path: string): FieldError[] {
  const { error } = nestedString(object, path);
  return error ? [fieldInvalid(path, '', error)] : [];
}
