/**
 * Errors as the API server reports them. A MergeError carries what a `Status` needs (code,
 * reason, message, details); the server turns it into one unchanged. FieldError is
 * k8s.io/apimachinery's field.Error, with its wording.
 */

import { goJson, goJsonString, goNumber, goQuote } from './json.js';
import type { Json } from './json.js';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
}

export class MergeError extends Error {
  override name = 'MergeError';
  constructor(
    /** HTTP status code: 400, 409, 415, 422, 500. */
    readonly code: number,
    /** The Status reason: 'BadRequest', 'Conflict', 'Invalid', 'InternalError', or '' (unknown). */
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }
}

export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueTooFew'
  | 'FieldValueTooShort'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

/** k8s.io/apimachinery/pkg/util/validation/field.Error. */
export interface FieldError {
  type: FieldErrorType;
  field: string;
  /** The offending value (printed as Go prints it; absent prints as null). */
  badValue?: Json | undefined;
  detail: string;
  /** Set where the server omits the value from the message (field.OmitValueType). */
  omitValue?: boolean;
  /** The value exactly as the server prints it, where it prints a Go value `badValue` cannot carry. */
  renderedValue?: string;
}

const typeWords: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueTooFew: 'Too few',
  FieldValueTooShort: 'Too short',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

/** Go's %#v of the values that field errors carry (strings quoted, numbers plain). */
export function goValue(v: Json | undefined): string {
  if (v === undefined || v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return goQuote(v);
    case 'number':
      return goNumber(v);
    case 'boolean':
      return String(v);
  }
  // Composite values print as Go's json.Marshal writes them.
  return goJson(v);
}

/** field.Error.ErrorBody(): `Invalid value: "x": detail`. */
export function fieldErrorBody(e: FieldError): string {
  const words = typeWords[e.type];
  let s: string;
  switch (e.type) {
    case 'FieldValueRequired':
    case 'FieldValueForbidden':
    case 'FieldValueTooLong':
    case 'FieldValueTooShort':
    case 'InternalError':
      s = words;
      break;
    default:
      s = e.omitValue ? words : `${words}: ${e.renderedValue ?? goValue(e.badValue ?? null)}`;
  }
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

/** field.Error.Error(): `spec.replicas: Invalid value: …` (`: Invalid value: …` with no field). */
export function formatFieldError(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/** The message of an aggregate of field errors: one as is, several in brackets. */
export function formatFieldErrors(errors: readonly FieldError[]): string {
  const parts = dedupe(errors.map(formatFieldError));
  return parts.length === 1 ? parts[0]! : `[${parts.join(', ')}]`;
}

function dedupe(messages: string[]): string[] {
  const seen = new Set<string>();
  return messages.filter((m) => (seen.has(m) ? false : (seen.add(m), true)));
}

/** 422 Invalid, as errors.NewInvalid words it: `Kind.group "name" is invalid: …`. */
export function invalidError(
  kind: string,
  group: string,
  name: string,
  errors: readonly FieldError[],
): MergeError {
  const qualified = group ? `${kind}.${group}` : kind;
  const details: StatusDetails = { name };
  if (group) details.group = group;
  details.kind = kind;
  details.causes = errors.map((e) => ({
    reason: e.type,
    message: fieldErrorBody(e),
    field: e.field,
  }));
  return new MergeError(
    422,
    'Invalid',
    `${qualified} "${name}" is invalid: ${formatFieldErrors(errors)}`,
    details,
  );
}

export function badRequest(message: string): MergeError {
  return new MergeError(400, 'BadRequest', message);
}

/** An error the API server reports as a plain 500 with no reason (a Go error, not a Status). */
export function unknownError(message: string): MergeError {
  return new MergeError(500, '', message);
}

/** A JSON string as Go writes it, for messages that embed JSON. */
export const quoteJson = goJsonString;
