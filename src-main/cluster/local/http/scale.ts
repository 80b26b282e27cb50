import { clone, isPlainObject, type KubeObject } from '../api/objects';
import type { ResourceType } from '../api/resource-types';
import { badRequest } from '../api/status';
import { jsonPathValue } from './tables';

/**
 * The `scale` subresource of custom resources: an autoscaling/v1 Scale read from and written to
 * the paths the CRD names (specReplicasPath, statusReplicasPath, labelSelectorPath).
 */

function segments(path: string): string[] {
  return path.replace(/^\./, '').split('.');
}

export function scaleOf(type: ResourceType, object: KubeObject): object {
  const paths = type.scale!;
  const replicas = jsonPathValue(object, paths.specReplicasPath);
  const statusReplicas = jsonPathValue(object, paths.statusReplicasPath);
  const status: Record<string, unknown> = {
    replicas: typeof statusReplicas === 'number' ? statusReplicas : 0,
  };
  if (paths.labelSelectorPath) {
    const selector = jsonPathValue(object, paths.labelSelectorPath);
    if (typeof selector === 'string') status.selector = selector;
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
    spec: typeof replicas === 'number' ? { replicas } : {},
    status,
  };
}

/** The object with spec replicas set from a Scale; throws 400 for a Scale without a number. */
export function withScale(type: ResourceType, object: KubeObject, scale: unknown): KubeObject {
  const spec = isPlainObject(scale) && isPlainObject(scale.spec) ? scale.spec : {};
  const replicas = spec.replicas ?? 0;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw badRequest(
      `Scale.autoscaling "${object.metadata.name ?? ''}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
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
