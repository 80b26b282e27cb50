import type { JsonSchema } from './resource-types';
import type { KubeObject, ManagedFieldsEntry } from './objects';

/**
 * The seam between the server and the API machinery algorithms (`../merge`): managed fields,
 * server-side apply, patches, schema validation. The server calls only this interface, so the
 * algorithms can be swapped without touching request handling.
 */

export interface WriteContext {
  manager: string;
  apiVersion: string;
  subresource?: string;
  /** The write's time, RFC 3339 to the second. */
  now: string;
  schema?: JsonSchema;
}

export interface ApplyConflict {
  manager: string;
  /** The field path as the API server prints it, e.g. `.spec.replicas`. */
  path: string;
}

export type ApplyResult = { object: KubeObject } | { conflicts: ApplyConflict[] };

export type PatchType = 'json' | 'merge' | 'strategic';

export interface FieldManagement {
  /** The managedFields after a create, update or non-apply patch from `old` to `updated`. */
  update(
    old: KubeObject | undefined,
    updated: KubeObject,
    context: WriteContext,
  ): ManagedFieldsEntry[] | undefined;
  /** Server-side apply of `applied` onto `live` (undefined: the object does not exist yet). */
  apply(
    live: KubeObject | undefined,
    applied: KubeObject,
    context: WriteContext & { force: boolean },
  ): ApplyResult;
  /** Applies a patch document to an object; throws an ApiError for a bad patch. */
  patch(type: PatchType, target: KubeObject, patch: unknown, schema?: JsonSchema): KubeObject;
}
