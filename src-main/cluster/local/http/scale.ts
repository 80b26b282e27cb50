import { nestedInt64, nestedString } from '../api/custom-resource-rules';
import { clone, isPlainObject, type KubeObject } from '../api/objects';
import type { ResourceType } from '../api/resource-types';
import { badRequest, internalError } from '../api/status';

/**
 * The `scale` subresource of custom resources, as apiextensions-apiserver serves it: an
 * autoscaling/v1 Scale read from the paths the CRD names (specReplicasPath, statusReplicasPath,
 * labelSelectorPath), and writes that set only the spec replicas of the object. The object's own
 * validation then judges the new value (a negative count is the custom resource's 422).
 */

function segments(path: string): string[] {
  return path.replace(/^\./, '').split('.');
}

/** What a patch of a Scale starts from when the object has no spec replicas. */
export const missingReplicas = -2147483648;

/**
 * The Scale of an object; a 500 when its replicas field is missing (unless `forPatch`: then the
 * Scale carries `missingReplicas`, which a patch has to replace) or not an integer.
 */
export function scaleOf(type: ResourceType, object: KubeObject, forPatch = false): object {
  const paths = type.scale!;
  const spec = nestedInt64(object, paths.specReplicasPath);
  if (spec.error) throw internalError(new Error(spec.error));
  if (!spec.found && forPatch) spec.value = missingReplicas;
  else if (!spec.found) {
    throw internalError(
      new Error(`the spec replicas field ${JSON.stringify(paths.specReplicasPath)} does not exist`),
    );
  }
  const status = nestedInt64(object, paths.statusReplicasPath);
  if (status.error) throw internalError(new Error(status.error));
  const scaleStatus: Record<string, unknown> = { replicas: status.value };
  if (paths.labelSelectorPath) {
    const selector = nestedString(object, paths.labelSelectorPath);
    if (selector.error) throw internalError(new Error(selector.error));
    if (selector.value) scaleStatus.selector = selector.value;
  }
  const meta = object.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: meta.name,
      ...(meta.namespace ? { namespace: meta.namespace } : {}),
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
      creationTimestamp: meta.creationTimestamp,
    },
    spec: spec.value !== 0 ? { replicas: spec.value } : {},
    status: scaleStatus,
  };
}

/** The object with its spec replicas set from a Scale (decoded as autoscaling/v1 decodes it). */
export function withScale(type: ResourceType, object: KubeObject, scale: unknown): KubeObject {
  const spec = isPlainObject(scale) && isPlainObject(scale.spec) ? scale.spec : {};
  const replicas = spec.replicas ?? 0;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas)) {
    throw badRequest(
      `Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal ${typeof replicas === 'number' ? `number ${replicas}` : typeof replicas} into Go struct field ScaleSpec.spec.replicas of type int32`,
    );
  }
  if (replicas === missingReplicas) {
    throw badRequest(
      `the spec replicas field ${JSON.stringify(type.scale!.specReplicasPath)} cannot be empty`,
    );
  }
  const next = clone(object);
  let node: Record<string, unknown> = next;
  const path = segments(type.scale!.specReplicasPath);
  for (const key of path.slice(0, -1)) {
    if (!isPlainObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = replicas;
  return next;
}
