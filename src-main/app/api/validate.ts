import type { ApplyOptions, CollectionRef, ObjectRef } from '../../contract';

/**
 * Checks of what the renderer sends: every argument is untrusted input. Each returns the value
 * typed, or throws an error saying which argument is wrong.
 */
function invalid(message: string): Error {
  return Object.assign(new Error(message), { name: 'InvalidArgumentError' });
}

const dnsish = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/;

export function requireString(value: unknown, what: string, maxLength = 253): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
    throw invalid(`${what} must be a non-empty string of at most ${maxLength} characters`);
  }
  return value;
}

export function parseCollectionRef(value: unknown): CollectionRef {
  if (typeof value !== 'object' || value === null)
    throw invalid('the collection must be an object');
  const v = value as Record<string, unknown>;
  const ref: CollectionRef = {
    context: requireString(v['context'], 'context'),
    group: typeof v['group'] === 'string' ? v['group'] : '',
    version: requireString(v['version'], 'version', 63),
    resource: requireString(v['resource'], 'resource', 63),
  };
  if (ref.group && !dnsish.test(ref.group)) throw invalid(`"${ref.group}" is not an API group`);
  if (!/^v[0-9a-z]+$/.test(ref.version)) throw invalid(`"${ref.version}" is not an API version`);
  if (!dnsish.test(ref.resource)) throw invalid(`"${ref.resource}" is not a resource name`);
  if (typeof v['namespace'] === 'string' && v['namespace'] !== '') {
    if (!dnsish.test(v['namespace'])) throw invalid(`"${v['namespace']}" is not a namespace name`);
    ref.namespace = v['namespace'];
  }
  return ref;
}

export function parseObjectRef(value: unknown): ObjectRef {
  const ref = parseCollectionRef(value);
  const name = requireString((value as Record<string, unknown>)['name'], 'name');
  if (name.includes('/')) throw invalid(`"${name}" is not an object name`);
  return { ...ref, name };
}

export function parseApplyOptions(value: unknown): ApplyOptions {
  const force = (value as Record<string, unknown> | null)?.['force'];
  return { force: force === true };
}

/** An edited YAML: a string, and not absurdly large. */
export function requireYaml(value: unknown): string {
  if (typeof value !== 'string') throw invalid('the YAML must be a string');
  if (value.length > 3 * 1024 * 1024) throw invalid('the YAML is larger than 3 MiB');
  return value;
}
