import {
  defaultCustomResource,
  objectMetaFieldOrder,
  pruneCustomResource,
  type JsonObject,
} from '../merge/index';
import { isPlainObject, type KubeObject, type ObjectMeta } from './objects';
import { apiVersionOf, type ResourceType } from './resource-types';

/**
 * Objects as the API server writes them, so what a client reads from this server is byte for
 * byte what kube-apiserver would send: a built-in kind in its Go type's field order (`kind`
 * first, metadata in ObjectMeta's order), a custom resource as the Go map it is there (keys
 * sorted at every level). Stored JSON is already in that form, so reads send it as it is —
 * except custom resources written before their CRD's schema last changed, which are pruned and
 * defaulted again on the way out, as the API server does on every read from storage.
 */

/** metadata in ObjectMeta's field order (after the server set uid, resourceVersion, …). */
export function orderedObjectMeta(meta: ObjectMeta): ObjectMeta {
  const out: ObjectMeta = {};
  for (const key of objectMetaFieldOrder as readonly (keyof ObjectMeta)[])
    if (meta[key] !== undefined) out[key] = meta[key] as never;
  return out;
}

/** JSON with object keys sorted at every level, as Go writes a map[string]interface{}. */
export function sortedJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += value[i] === undefined ? 'null' : sortedJson(value[i]);
    }
    return out + ']';
  }
  const keys = Object.keys(value).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(key) + ':' + sortedJson(v);
    first = false;
  }
  return out + '}';
}

/** The JSON text an object is stored and served as. */
export function encodeObject(type: ResourceType, object: KubeObject): string {
  if (type.definedBy !== undefined) return sortedJson(object);
  object.metadata = orderedObjectMeta(object.metadata);
  return JSON.stringify(object);
}

/** A stored value: its JSON and the revision that wrote it. */
export interface StoredText {
  value: string;
  rev: number;
}

/** Whether a stored custom resource predates its schema and must be coerced when read. */
function predatesSchema(type: ResourceType, rev: number): boolean {
  return type.schemaRevision !== undefined && rev < type.schemaRevision;
}

/**
 * A stored object as the requested version serves it: custom resources convert by apiVersion
 * alone, and are pruned and defaulted by the current schema when they were written before it.
 */
export function servedText(type: ResourceType, stored: StoredText): string {
  const { value } = stored;
  if (type.definedBy === undefined) return value;
  const apiVersion = apiVersionOf(type);
  const current = value.startsWith(`{"apiVersion":"${apiVersion}"`);
  if (current && !predatesSchema(type, stored.rev)) return value;
  return sortedJson(servedObject(type, stored));
}

/** A stored object, parsed, as the requested version serves it (see servedText). */
export function servedObject(type: ResourceType, stored: StoredText): KubeObject {
  const object = JSON.parse(stored.value) as KubeObject;
  if (type.definedBy === undefined) return object;
  object.apiVersion = apiVersionOf(type);
  if (predatesSchema(type, stored.rev) && type.validation) {
    try {
      pruneCustomResource(
        object as unknown as JsonObject,
        type.validation,
        type.kind,
        type.version,
      );
    } catch {
      // Stored objects were valid when written; what no longer fits is served as it is.
    }
    defaultCustomResource(object as unknown as JsonObject, type.validation);
    if (!isPlainObject(object.metadata)) object.metadata = {};
  }
  return object;
}
