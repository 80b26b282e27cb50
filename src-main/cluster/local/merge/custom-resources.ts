/**
 * What the API server does to a custom resource when it decodes one (apiextensions-apiserver's
 * schema-coercing decoder and structural defaulting), in that order:
 *
 * 1. metadata is read into ObjectMeta and written back (unknown metadata fields dropped).
 * 2. Pruning: fields the schema does not declare are dropped, except under
 *    `x-kubernetes-preserve-unknown-fields` and the apiVersion/kind/metadata of the object and
 *    of embedded resources.
 * 3. Nulls in fields that are neither nullable nor defaulted are dropped.
 * 4. Embedded resources: apiVersion and kind must be strings, metadata is normalized like (1).
 * 5. Defaulting: missing fields (and non-nullable nulls) with a `default` get it, top-down.
 *
 * The unknown fields dropped in 1, 2 and 4 are what fieldValidation reports, in the server's
 * order (metadata first, then the rest sorted). Everything works in place on plain JSON.
 */

import { decodeObjectMeta } from './builtin-codec.js';
import { badRequest, goValue, type FieldError, type MergeError } from './errors.js';
import { clone, goQuote, isObject } from './json.js';
import type { Json, JsonObject } from './json.js';
import type { JSONSchemaProps } from './schema.js';

interface PathTracker {
  parts: string[];
  unknown: string[];
}

function appendKey(t: PathTracker, key: string): void {
  if (t.parts.length > 0) t.parts.push('.');
  t.parts.push(key);
}

function record(t: PathTracker, key: string): void {
  const n = t.parts.length;
  appendKey(t, key);
  t.unknown.push(t.parts.join(''));
  t.parts.length = n;
}

const metaFields = new Set(['apiVersion', 'kind', 'metadata']);

function additional(s: JSONSchemaProps): JSONSchemaProps | null | undefined {
  const ap = s.additionalProperties;
  if (ap === undefined || ap === false) return undefined;
  return ap === true ? null : ap;
}

function prune(x: Json, s: JSONSchemaProps | null, t: PathTracker, embedded: boolean): void {
  if (s && s['x-kubernetes-preserve-unknown-fields'] === true) {
    skipPrune(x, s, t, embedded);
    return;
  }
  const n = t.parts.length;
  if (isObject(x)) {
    if (!s) {
      for (const k of Object.keys(x)) {
        record(t, k);
        delete x[k];
      }
      return;
    }
    const isEmbedded = embedded || s['x-kubernetes-embedded-resource'] === true;
    for (const k of Object.keys(x)) {
      if (isEmbedded && metaFields.has(k)) continue;
      const field = fieldSchema(s, k);
      if (field !== undefined) pruneField(x, k, field, t);
      else {
        if (!metaFields.has(k) || n > 0) record(t, k);
        delete x[k];
      }
    }
  } else if (Array.isArray(x)) {
    x.forEach((v, i) => {
      t.parts.push('[', String(i), ']');
      prune(v, s ? (s.items ?? null) : null, t, false);
      t.parts.length = n;
    });
  }
}

/** Prunes one field of an object with the field's schema, its path tracked. */
function pruneField(x: JsonObject, k: string, s: JSONSchemaProps | null, t: PathTracker): void {
  const n = t.parts.length;
  appendKey(t, k);
  prune(x[k]!, s, t, false);
  t.parts.length = n;
}

function skipPrune(x: Json, s: JSONSchemaProps, t: PathTracker, embedded: boolean): void {
  const n = t.parts.length;
  if (isObject(x)) {
    const isEmbedded = embedded || s['x-kubernetes-embedded-resource'] === true;
    for (const k of Object.keys(x)) {
      if (isEmbedded && metaFields.has(k)) continue;
      const field = fieldSchema(s, k);
      if (field !== undefined) pruneField(x, k, field, t);
    }
  } else if (Array.isArray(x)) {
    x.forEach((v, i) => {
      t.parts.push('[', String(i), ']');
      if (s.items) skipPrune(v, s.items, t, false);
      t.parts.length = n;
    });
  }
}

function fieldSchema(
  s: JSONSchemaProps | null | undefined,
  k: string,
): JSONSchemaProps | null | undefined {
  if (!s) return undefined;
  const prop = s.properties?.[k];
  if (prop) return prop;
  return additional(s);
}

function pruneNonNullableNulls(x: Json, s: JSONSchemaProps | null | undefined): void {
  if (isObject(x)) {
    for (const k of Object.keys(x)) {
      const schema = fieldSchema(s, k);
      const v = x[k]!;
      if (v === null && schema && !schema.nullable && schema.default === undefined) delete x[k];
      else pruneNonNullableNulls(v, schema);
    }
  } else if (Array.isArray(x)) {
    for (const v of x) pruneNonNullableNulls(v, s?.items);
  }
}

/** Embedded resources: string apiVersion/kind and normalized metadata (coerce). */
function coerce(
  x: Json,
  s: JSONSchemaProps | null | undefined,
  path: string,
  t: PathTracker,
  root: boolean,
): FieldError | undefined {
  if (!s) return undefined;
  const n = t.parts.length;
  if (isObject(x)) {
    const embedded = root || s['x-kubernetes-embedded-resource'] === true;
    for (const k of Object.keys(x)) {
      const v = x[k]!;
      if (embedded) {
        if (k === 'apiVersion' || k === 'kind') {
          if (typeof v !== 'string') {
            return {
              type: 'FieldValueInvalid',
              field: join(path, k),
              badValue: v,
              detail: 'must be a string',
            };
          }
        } else if (k === 'metadata' && !root) {
          try {
            const { meta, unknownFields } = decodeObjectMeta(v, join(path, 'metadata'));
            t.unknown.push(...unknownFields);
            delete meta['creationTimestamp'];
            x['metadata'] = meta;
          } catch (err) {
            return {
              type: 'FieldValueInvalid',
              field: join(path, 'metadata'),
              badValue: v,
              detail: (err as Error).message,
            };
          }
        }
      }
      const prop = s.properties?.[k];
      const ap = additional(s);
      if (prop) {
        appendKey(t, k);
        const e = coerce(x[k]!, prop, join(path, k), t, false);
        if (e) return e;
        t.parts.length = n;
      } else if (ap !== undefined) {
        appendKey(t, k);
        const e = coerce(x[k]!, ap, `${path}[${k}]`, t, false);
        if (e) return e;
        t.parts.length = n;
      }
    }
  } else if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      t.parts.push('[', String(i), ']');
      const e = coerce(x[i]!, s.items, `${path}[${i}]`, t, false);
      if (e) return e;
      t.parts.length = n;
    }
  }
  return undefined;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

export interface CustomResourceDecodeOptions {
  /** The CRD's spec.preserveUnknownFields (v1 CRDs: false). */
  preserveUnknownFields?: boolean;
}

/**
 * Prunes and coerces a custom resource in place as the API server's decoder does (steps 1–4 of
 * the file comment) and returns the unknown fields it dropped. `schema` is crdVersionSchema().
 * Throws the server's 400 for metadata or an embedded resource of the wrong shape; `kind` and
 * `version` name the object in that message.
 */
export function pruneCustomResource(
  obj: JsonObject,
  schema: JSONSchemaProps,
  kind: string,
  version: string,
  options: CustomResourceDecodeOptions = {},
): string[] {
  const fail = (message: string): MergeError =>
    badRequest(`${kind} in version ${goQuote(version)} cannot be handled as a ${kind}: ${message}`);
  const unknown: string[] = [];
  if ('metadata' in obj) {
    try {
      const { meta, unknownFields } = decodeObjectMeta(obj['metadata']!);
      unknown.push(...unknownFields);
      obj['metadata'] = meta;
    } catch (err) {
      throw fail((err as Error).message);
    }
  }
  if (!options.preserveUnknownFields) {
    const t: PathTracker = { parts: [], unknown: [] };
    prune(obj, schema, t, true);
    unknown.push(...t.unknown.sort());
    pruneNonNullableNulls(obj, schema);
  }
  const t: PathTracker = { parts: [], unknown: [] };
  const e = coerce(obj, schema, '', t, false);
  if (e) throw fail(`${e.field}: Invalid value: ${goValue(e.badValue ?? null)}: ${e.detail}`);
  unknown.push(...t.unknown.sort());
  return unknown;
}

/** A schema's default as the API server uses it: pruned by the schema it belongs to. */
function prunedDefault(s: JSONSchemaProps): Json {
  const d = clone(s.default!);
  prune(d, s, { parts: [], unknown: [] }, false);
  return d;
}

/** Structural defaulting, in place: missing fields and non-nullable nulls get their default. */
export function defaultCustomResource(x: Json, s: JSONSchemaProps | null | undefined): void {
  if (!s) return;
  if (isObject(x)) {
    for (const [k, prop] of Object.entries(s.properties ?? {})) {
      if (prop.default === undefined || prop.default === null) continue;
      if (!(k in x) || (x[k] === null && !prop.nullable)) x[k] = prunedDefault(prop);
    }
    const ap = additional(s);
    for (const k of Object.keys(x)) {
      const prop = s.properties?.[k];
      if (prop) defaultCustomResource(x[k]!, prop);
      else if (ap !== undefined) {
        if (x[k] === null && ap && !ap.nullable)
          x[k] = ap.default === undefined ? null : prunedDefault(ap);
        defaultCustomResource(x[k]!, ap);
      }
    }
  } else if (Array.isArray(x)) {
    const items = s.items;
    for (let i = 0; i < x.length; i++) {
      if (x[i] === null && items && !items.nullable)
        x[i] = items.default === undefined ? null : prunedDefault(items);
      defaultCustomResource(x[i]!, items);
    }
  }
}

/** The warnings of fieldValidation=Warn, one per unknown field. */
export function unknownFieldWarnings(unknownFields: readonly string[]): string[] {
  return unknownFields.map((f) => `unknown field ${goQuote(f)}`);
}

/** fieldValidation=Strict's 400 for unknown fields of a custom resource. */
export function customResourceStrictError(
  kind: string,
  version: string,
  unknownFields: readonly string[],
): MergeError {
  return badRequest(
    `${kind} in version ${goQuote(version)} cannot be handled as a ${kind}: strict decoding error: ${unknownFieldWarnings(
      unknownFields,
    ).join(', ')}`,
  );
}
