import {
  builtinSchemas,
  decodeBuiltin,
  defaultCustomResource,
  pruneCustomResource,
  unknownFieldWarnings,
  type JsonObject,
} from '../merge/index';
import { goQuote, isPlainObject, type KubeObject } from './objects';
import { apiVersionOf, type ResourceType } from './resource-types';
import type { ApiError } from './status';
import { badRequest } from './status';

/**
 * What the API server's decoder makes of an object in a request body, before any verb logic:
 * the apiVersion and kind checked against the addressed resource, then the object read into its
 * kind — a built-in into its Go type (unknown fields dropped, wrong types refused, scheme
 * defaults), a custom resource through its version's structural schema (pruned, coerced,
 * defaulted). Unknown and duplicate fields are what `fieldValidation` is about: Strict refuses
 * them with a 400, Warn (the default) returns them as warnings, Ignore drops them silently.
 */

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** A request body, parsed. */
export interface RequestBody {
  value: unknown;
  /** The bytes as sent, for the messages that quote them. */
  raw?: Uint8Array;
  /**
   * What the parser found that fieldValidation reports, in Go's words, with where each was
   * found in the document (duplicate JSON fields; YAML's duplicate keys as one error).
   */
  issues?: readonly DecodingIssue[];
  /** Warnings the parser gives as they are (YAML duplicate keys, one per line). */
  issueWarnings?: readonly string[];
}

export interface DecodingIssue {
  message: string;
  /** Document order: a byte offset, or -1 for issues that come before everything else. */
  at: number;
}

export interface DecodedObject {
  object: KubeObject;
  /** The fieldValidation=Warn warnings (empty under Ignore). */
  warnings: string[];
}

const schemeLocation = '"pkg/runtime/scheme.go:111"';

/** Kinds kube-apiserver's scheme registers in the core and apiextensions groups (v1). */
const coreKinds = new Set([
  'Binding',
  'ComponentStatus',
  'ConfigMap',
  'Endpoints',
  'Event',
  'LimitRange',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Pod',
  'PodTemplate',
  'ReplicationController',
  'ResourceQuota',
  'Secret',
  'Service',
  'ServiceAccount',
]);

function registeredKinds(type: ResourceType): Set<string> {
  if (type.group === '') return coreKinds;
  return new Set(builtinSchemas.filter((k) => k.group === type.group).map((k) => k.kind));
}

/** How the API server quotes a body it could not recognize: 30 bytes, as text or in hex. */
export function summarize(raw: Uint8Array | undefined, value: unknown): string {
  const bytes = raw ?? Buffer.from(JSON.stringify(value) ?? '');
  if (bytes.length === 0) return '<empty>';
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 30));
  const more = bytes.length > 30 ? ' ...' : '';
  return bytes[0] === 0x7b ? head.toString('utf8') + more : head.toString('hex') + more;
}

/** 400 for a body the decoder could not even type: `the object provided is unrecognized …`. */
export function unrecognized(type: ResourceType, body: RequestBody, why: string): ApiError {
  return badRequest(
    `the object provided is unrecognized (must be of type ${type.kind}): ${why} (${summarize(body.raw, body.value)})`,
  );
}

function goJsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value === 'object' ? 'object' : typeof value;
}

/**
 * Checks a body's apiVersion and kind as the API server's decoder does and returns the body as
 * an object. Built-in kinds default a missing apiVersion/kind; custom resources need both.
 */
export function checkTypeMeta(type: ResourceType, body: RequestBody): Record<string, unknown> {
  const value = body.value;
  if (!isPlainObject(value)) {
    if (value === null && type.definedBy === undefined) return {};
    throw unrecognized(
      type,
      body,
      `couldn't get version/kind; json parse error: json: cannot unmarshal ${goJsonKind(value)} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`,
    );
  }
  for (const field of ['apiVersion', 'kind'] as const) {
    const v = value[field];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      throw unrecognized(
        type,
        body,
        `couldn't get version/kind; json parse error: json: cannot unmarshal ${goJsonKind(v)} into Go struct field .${field} of type string`,
      );
    }
  }
  const expected = apiVersionOf(type);
  const apiVersion = (value.apiVersion as string | undefined | null) || '';
  const kind = (value.kind as string | undefined | null) || '';
  if (type.definedBy !== undefined) {
    if (kind === '') {
      const text = body.raw ? Buffer.from(body.raw).toString('utf8') : JSON.stringify(value);
      throw unrecognized(type, body, `Object 'Kind' is missing in '${text}'`);
    }
    if (apiVersion !== expected) {
      throw badRequest(
        `the API version in the data (${apiVersion}) does not match the expected API version (${expected})`,
      );
    }
    return value;
  }
  if ((kind === '' || kind === type.kind) && (apiVersion === '' || apiVersion === expected)) {
    return value;
  }
  const version = apiVersion === '' ? type.version : apiVersion.slice(apiVersion.indexOf('/') + 1);
  const shownKind = kind || type.kind;
  if ((apiVersion === '' || apiVersion === expected) && registeredKinds(type).has(shownKind)) {
    // A kind the scheme knows, but not this one: the conversion between them does not exist.
    const internal = type.group === '' ? 'core' : type.group.split('.')[0]!;
    throw badRequest(
      `${shownKind} in version ${goQuote(version)} cannot be handled as a ${type.kind}: converting (${type.version}.${shownKind}) to (${internal}.${type.kind}): unknown conversion`,
    );
  }
  throw badRequest(
    `${shownKind} in version ${goQuote(version)} cannot be handled as a ${type.kind}: no kind ${goQuote(shownKind)} is registered for version ${goQuote(apiVersion || expected)} in scheme ${schemeLocation}`,
  );
}

/**
 * Reads a request body into the addressed kind (see the file comment) and applies
 * fieldValidation. The result is what the verb works with; it is the caller's to mutate.
 */
export function decodeRequestObject(
  type: ResourceType,
  body: RequestBody,
  validation: FieldValidation,
): DecodedObject {
  const value = checkTypeMeta(type, body);
  const decoded =
    type.definedBy === undefined
      ? decodeBuiltinObject(type, value)
      : decodeCustomResource(type, value);
  return {
    object: decoded.object,
    warnings: applyFieldValidation(type, body, decoded, validation),
  };
}

interface Decoded {
  object: KubeObject;
  /** Unknown fields as paths (`spec.foo`, `metadata.bar`). */
  unknownFields: string[];
}

function decodeBuiltinObject(type: ResourceType, value: Record<string, unknown>): Decoded {
  const { object, unknownFields } = decodeBuiltin(type.builtin!, value as JsonObject);
  object.apiVersion = apiVersionOf(type);
  object.kind = type.kind;
  return { object: reorderTypeMeta(object) as unknown as KubeObject, unknownFields };
}

/** Go writes `kind` before `apiVersion` in every built-in type. */
function reorderTypeMeta(object: JsonObject): JsonObject {
  const { kind, apiVersion, ...rest } = object;
  return { kind: kind!, apiVersion: apiVersion!, ...rest };
}

function decodeCustomResource(type: ResourceType, value: Record<string, unknown>): Decoded {
  const object = value as JsonObject;
  const schema = type.validation!;
  const unknownFields = pruneCustomResource(object, schema, type.kind, type.version);
  defaultCustomResource(object, schema);
  if (!isPlainObject(object.metadata)) object.metadata = {};
  return { object: object as unknown as KubeObject, unknownFields };
}

/**
 * fieldValidation over what decoding found: Strict throws the decoder's 400, Warn returns the
 * warnings, Ignore nothing. Built-ins report issues in document order; custom resources list
 * the parser's issues first, then unknown fields (metadata first, then the rest sorted).
 */
function applyFieldValidation(
  type: ResourceType,
  body: RequestBody,
  decoded: Decoded,
  validation: FieldValidation,
): string[] {
  if (validation === 'Ignore') return [];
  const unknown = unknownFieldWarnings(decoded.unknownFields);
  const issues = body.issues ?? [];
  let errors: string[];
  if (issues.length === 0) errors = unknown;
  else if (type.definedBy !== undefined || unknown.length === 0)
    errors = [...issues.map((i) => i.message), ...unknown];
  else errors = inDocumentOrder(issues, decoded.unknownFields, unknown, body);
  if (errors.length === 0) return [];
  if (validation === 'Strict') {
    throw badRequest(
      `${type.kind} in version ${goQuote(type.version)} cannot be handled as a ${type.kind}: strict decoding error: ${errors.join(', ')}`,
    );
  }
  if (!body.issueWarnings) return errors;
  // YAML's duplicate keys are one strict error but a warning per key.
  const parserMessages = new Set(issues.map((i) => i.message));
  return [...body.issueWarnings, ...errors.filter((e) => !parserMessages.has(e))];
}

/** Merges parser issues and unknown fields by where they occur in the document. */
function inDocumentOrder(
  issues: readonly DecodingIssue[],
  paths: readonly string[],
  unknown: readonly string[],
  body: RequestBody,
): string[] {
  const offsets = fieldOffsets(body);
  const all = [
    ...issues.map((i) => ({ message: i.message, at: i.at })),
    ...unknown.map((message, i) => ({ message, at: offsets.get(paths[i]!) ?? Infinity })),
  ];
  return all.sort((a, b) => a.at - b.at).map((e) => e.message);
}

/** Where each field path first appears in the raw JSON text (for ordering messages). */
function fieldOffsets(body: RequestBody): Map<string, number> {
  const offsets = new Map<string, number>();
  if (!body.raw) return offsets;
  const text = Buffer.from(body.raw).toString('latin1');
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
    else if (isPlainObject(value)) {
      for (const [k, v] of Object.entries(value)) {
        const child = path ? `${path}.${k}` : k;
        const at = text.indexOf(JSON.stringify(k), offsets.get(path) ?? 0);
        if (!offsets.has(child)) offsets.set(child, at < 0 ? Infinity : at);
        walk(v, child);
      }
    }
  };
  walk(body.value, '');
  return offsets;
}
