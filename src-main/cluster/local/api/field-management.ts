import type { JSONSchemaProps } from '../merge/index';
import type { KubeObject, ManagedFieldsEntry } from './objects';

/**
 * The seam between request handling and the API machinery algorithms (`../merge`): managed
 * fields, server-side apply and patches. The registry calls only this interface.
 */

export interface WriteContext {
  manager: string;
  /** The request's group/version. */
  apiVersion: string;
  kind: string;
  subresource?: string;
  now: Date;
  /** The whole object's schema, for typing fields (built-in or from the CRD). */
  schema: JSONSchemaProps;
  statusSubresource: boolean;
  servedVersions?: readonly string[];
}

export interface ApplyOutcome {
  object: KubeObject;
  /** False for a no-op apply: nothing is written and the resourceVersion stays. */
  changed: boolean;
}

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
    applied: Record<string, unknown>,
    context: WriteContext & { force: boolean },
  ): ApplyOutcome;
  /**
   * Applies a patch document to an object; throws for a bad patch. `fieldValidation` decides how
   * strictly a JSON or merge patch document itself is decoded.
   */
  patch(
    type: PatchType,
    target: KubeObject,
    patch: unknown,
    schema: JSONSchemaProps,
    fieldValidation: 'Strict' | 'Warn' | 'Ignore',
  ): KubeObject;
}
