/**
 * The schemas of a custom resource, from its CustomResourceDefinition.
 *
 * Two views of one version's `openAPIV3Schema`:
 * - `crdVersionSchema` is the schema as written: validation, pruning and defaulting use it, as
 *   the API server's structural schema does (metadata there may only constrain name and
 *   generateName; pruning keeps ObjectMeta's own fields).
 * - `customResourceSchema` is what the API server builds for server-side apply and managedFields
 *   (apiextensions' OpenAPI builder): the same schema with `apiVersion`/`kind` strings and
 *   `metadata` replaced by ObjectMeta, at the root and in every embedded resource.
 *
 * Both are cached per CRD object and version, so repeated calls return the same schema object
 * (and compiled forms stay cached).
 */

import { definitionNames } from './builtin-schemas.js';
import { clone, isObject } from './json.js';
import type { Json, JsonObject } from './json.js';
import type { JSONSchemaProps } from './schema.js';

const cache = new WeakMap<
  object,
  Map<string, { raw?: JSONSchemaProps; typed?: JSONSchemaProps }>
>();

function entry(
  crd: JsonObject,
  version: string,
): { raw?: JSONSchemaProps; typed?: JSONSchemaProps } {
  let perVersion = cache.get(crd);
  if (!perVersion) cache.set(crd, (perVersion = new Map()));
  let e = perVersion.get(version);
  if (!e) perVersion.set(version, (e = {}));
  return e;
}

function versionOf(crd: JsonObject, version: string): JsonObject | undefined {
  const spec = crd['spec'];
  if (!isObject(spec)) return undefined;
  const versions = spec['versions'];
  if (!Array.isArray(versions)) return undefined;
  return versions.find((v): v is JsonObject => isObject(v) && v['name'] === version);
}

/** The version's openAPIV3Schema as written in the CRD ({type: object} when it has none). */
export function crdVersionSchema(crd: JsonObject, version: string): JSONSchemaProps {
  const e = entry(crd, version);
  if (e.raw) return e.raw;
  const v = versionOf(crd, version);
  const schema = v && isObject(v['schema']) ? v['schema']['openAPIV3Schema'] : undefined;
  e.raw = isObject(schema) ? (schema as unknown as JSONSchemaProps) : { type: 'object' };
  return e.raw;
}

/** Whether a CRD version has the status subresource. */
export function hasStatusSubresource(crd: JsonObject, version: string): boolean {
  const v = versionOf(crd, version);
  const sub = v?.['subresources'];
  return isObject(sub) && isObject(sub['status']);
}

const objectMetaRef = `#/definitions/${definitionNames.objectMeta}`;

/** The version's schema as server-side apply sees it (see the file comment). */
export function customResourceSchema(crd: JsonObject, version: string): JSONSchemaProps {
  const e = entry(crd, version);
  if (e.typed) return e.typed;
  const raw = crdVersionSchema(crd, version);
  const typed = clone(raw as unknown as Json) as unknown as JSONSchemaProps;
  typed.properties = { ...(typed.properties ?? {}) };
  typed.properties['metadata'] = { $ref: objectMetaRef };
  typed.properties['apiVersion'] = { type: 'string' };
  typed.properties['kind'] = { type: 'string' };
  addEmbeddedProperties(typed);
  e.typed = typed;
  return typed;
}

function addEmbeddedProperties(s: JSONSchemaProps): void {
  for (const p of Object.values(s.properties ?? {})) addEmbeddedProperties(p);
  if (s.items) addEmbeddedProperties(s.items);
  if (isObject(s.additionalProperties as Json))
    addEmbeddedProperties(s.additionalProperties as JSONSchemaProps);
  if (s['x-kubernetes-embedded-resource'] === true) {
    s.properties = { ...(s.properties ?? {}) };
    s.properties['apiVersion'] = { type: 'string' };
    s.properties['kind'] = { type: 'string' };
    s.properties['metadata'] = { $ref: objectMetaRef };
    const required = new Set(s.required ?? []);
    if (!required.has('kind')) (s.required ??= []).push('kind');
    if (!required.has('apiVersion')) (s.required ??= []).push('apiVersion');
  }
}
