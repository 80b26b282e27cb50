import type { ErrorTarget } from '../contract';

/**
 * An error about a cluster: what went wrong, the cluster/kind/namespace/name it is about, and a
 * hint what to do. Its fields are the ones the contract's `ErrorShape` carries to the renderer.
 */
export class ClusterError extends Error {
  override name = 'ClusterError';
  /** The HTTP status code, when the API server answered. */
  code?: number;
  /** The Kubernetes `Status` reason, when the API server gave one. */
  reason?: string;
  target: ErrorTarget;
  hint?: string;
  details?: string[];

  constructor(
    message: string,
    target: ErrorTarget,
    extra: {
      code?: number;
      reason?: string;
      hint?: string;
      details?: string[];
      name?: string;
    } = {},
  ) {
    super(message);
    this.target = target;
    if (extra.name) this.name = extra.name;
    if (extra.code !== undefined) this.code = extra.code;
    if (extra.reason !== undefined) this.reason = extra.reason;
    if (extra.hint !== undefined) this.hint = extra.hint;
    if (extra.details !== undefined) this.details = extra.details;
  }

  /** `410 Gone`: the resourceVersion a watch asked for is compacted away; list again. */
  get isGone(): boolean {
    return this.code === 410 || this.reason === 'Expired' || this.reason === 'Gone';
  }
}

/** A Kubernetes `metav1.Status` as the API server sends it with an error. */
export interface KubeStatus {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; kind?: string; causes?: { field?: string; message?: string }[] };
}

const hints: Record<string, string> = {
  NotFound: 'it may have been deleted; refresh the list',
  AlreadyExists: 'choose another name, or edit the existing object',
  Conflict: 'the object changed since it was read; reload it and apply your edit again',
  Invalid: 'fix the fields named above and apply again',
  Forbidden: 'your kubeconfig user lacks the permission; ask the cluster admin for RBAC access',
  Unauthorized: 'the credentials were refused; log in again or fix the kubeconfig user',
  Expired: 'the watch fell too far behind; Starling lists again',
  Gone: 'the watch fell too far behind; Starling lists again',
  MethodNotAllowed: 'this kind does not support that operation',
  TooManyRequests: 'the API server is busy; Starling retries',
  Timeout: 'the API server did not answer in time; try again',
  ServiceUnavailable: 'the API server is not ready; Starling retries',
};

/** Builds the error for a failed API call from the server's `Status` (or its bare HTTP code). */
export function errorFromStatus(
  httpCode: number,
  status: KubeStatus | undefined,
  target: ErrorTarget,
): ClusterError {
  const code = status?.code ?? httpCode;
  const reason = status?.reason || reasonForCode(code);
  const where = describeTarget(target);
  const message = `${where}: ${status?.message || `the API server answered ${code} ${reason}`}`;
  const details = (status?.details?.causes ?? [])
    .map((c) => [c.field, c.message].filter(Boolean).join(': '))
    .filter((line) => line.length > 0);
  const extra: { code: number; reason: string; hint?: string; details?: string[]; name: string } = {
    code,
    reason,
    name: 'KubernetesApiError',
  };
  const hint = hints[reason];
  if (hint) extra.hint = reason === 'Conflict' && details.length > 0 ? conflictHint : hint;
  if (details.length > 0) extra.details = details;
  return new ClusterError(message, target, extra);
}

const conflictHint =
  'other field managers own these fields: apply with "force" to take them over, or leave them as they are';

function reasonForCode(code: number): string {
  const byCode: Record<number, string> = {
    400: 'BadRequest',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'NotFound',
    405: 'MethodNotAllowed',
    409: 'Conflict',
    410: 'Gone',
    415: 'UnsupportedMediaType',
    422: 'Invalid',
    429: 'TooManyRequests',
    500: 'InternalError',
    503: 'ServiceUnavailable',
    504: 'Timeout',
  };
  return byCode[code] ?? 'Unknown';
}

/** `cluster "c": ConfigMap "ns/name"` — how an error names what it is about. */
export function describeTarget(target: ErrorTarget): string {
  let text = `cluster "${target.cluster}"`;
  if (target.kind) {
    text += `: ${target.kind}`;
    if (target.name) text += ` "${[target.namespace, target.name].filter(Boolean).join('/')}"`;
    else if (target.namespace) text += ` in namespace "${target.namespace}"`;
  }
  return text;
}
