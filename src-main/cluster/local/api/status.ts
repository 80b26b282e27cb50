/**
 * Errors as the Kubernetes API server reports them: a `Status` object whose code, reason, message
 * and details have the same shape as kube-apiserver's, so kubectl and client libraries print and
 * classify them the same way.
 */

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code?: number;
}

/** A request failed the way the API server would fail it; the server sends `status` as is. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }

  get status(): Status {
    // Field order and omitted empty fields as metav1.Status writes them.
    const status: Status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
    };
    if (this.reason) status.reason = this.reason;
    if (this.details) status.details = this.details;
    status.code = this.code;
    return status;
  }
}

/** What an error names: the resource (plural, with its group) and the object's name. */
export interface Target {
  group: string;
  resource: string;
  name?: string;
}

/** `configmaps` for the core group, `widgets.example.com` for the others. */
export function qualifiedResource(target: Target): string {
  return target.group ? `${target.resource}.${target.group}` : target.resource;
}

function detailsOf(target: Target): StatusDetails {
  const details: StatusDetails = {};
  if (target.name !== undefined) details.name = target.name;
  if (target.group) details.group = target.group;
  details.kind = target.resource;
  return details;
}

export function notFound(target: Target): ApiError {
  return new ApiError(
    404,
    'NotFound',
    `${qualifiedResource(target)} "${target.name ?? ''}" not found`,
    detailsOf(target),
  );
}

export function alreadyExists(target: Target): ApiError {
  return new ApiError(
    409,
    'AlreadyExists',
    `${qualifiedResource(target)} "${target.name ?? ''}" already exists`,
    detailsOf(target),
  );
}

export function conflict(target: Target, why: string): ApiError {
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(target)} "${target.name ?? ''}": ${why}`,
    detailsOf(target),
  );
}

export const modifiedSinceRead =
  'the object has been modified; please apply your changes to the latest version and try again';

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

export function forbidden(target: Target, why: string): ApiError {
  return new ApiError(
    403,
    'Forbidden',
    `${qualifiedResource(target)} "${target.name ?? ''}" is forbidden: ${why}`,
    detailsOf(target),
  );
}

export function methodNotAllowed(message: string): ApiError {
  return new ApiError(405, 'MethodNotAllowed', message, {});
}

export function gone(message: string): ApiError {
  return new ApiError(410, 'Expired', message);
}

export function tooOld(requested: number, oldest: number): ApiError {
  return gone(`too old resource version: ${requested} (${oldest})`);
}

export function internalError(err: unknown): ApiError {
  const text = err instanceof Error ? err.message : String(err);
  return new ApiError(500, 'InternalError', `Internal error occurred: ${text}`, {
    causes: [{ message: text }],
  });
}

/** One field error, worded as apimachinery's field.Error prints it. */
export interface FieldError {
  /** e.g. `FieldValueInvalid`, `FieldValueRequired`, `FieldValueNotSupported`. */
  type: string;
  field: string;
  /** The message after the field path, e.g. `Invalid value: "X": must be …`. */
  detail: string;
}

/** 422 Invalid: `Kind "name" is invalid: field: detail` (several errors go in brackets). */
export function invalid(kind: string, group: string, name: string, errors: FieldError[]): ApiError {
  const parts = errors.map((e) => (e.field ? `${e.field}: ${e.detail}` : e.detail));
  const joined = parts.length === 1 ? parts[0]! : `[${parts.join(', ')}]`;
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  const details: StatusDetails = {};
  if (name) details.name = name;
  if (group) details.group = group;
  if (kind) details.kind = kind;
  details.causes = errors.map((e) => ({ reason: e.type, message: e.detail, field: e.field }));
  return new ApiError(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${joined}`, details);
}

export const unauthorized = new ApiError(401, 'Unauthorized', 'Unauthorized');
