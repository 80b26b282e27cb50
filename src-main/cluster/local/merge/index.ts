/** The API machinery of the local cluster; README.md documents it. */

export type { Json, JsonObject } from './json.js';
export {
  MergeError,
  fieldErrorBody,
  formatFieldError,
  formatFieldErrors,
  invalidError,
} from './errors.js';
export type { FieldError, FieldErrorType, StatusCause, StatusDetails } from './errors.js';
export { FieldSet, field, formatPath, parsePathElementKey, pathElementKey } from './fieldpath.js';
export type { FieldPath, KeyField, PathElement } from './fieldpath.js';
export { compileSchema } from './schema.js';
export type { JSONSchemaProps } from './schema.js';
export {
  builtinDefinitions,
  builtinKindOf,
  builtinSchema,
  builtinSchemas,
  objectMetaSchema,
  resetFieldsFor,
} from './builtin-schemas.js';
export type { KindSchema } from './builtin-schemas.js';
export { crdVersionSchema, customResourceSchema, hasStatusSubresource } from './crd-schema.js';
export {
  decodeManagedFields,
  encodeManagedFields,
  formatTime,
  managerFromUserAgent,
  managerIdentifier,
  updateManagedFields,
} from './managed.js';
export type { ManagedFieldsEntry, WriteOptions } from './managed.js';
export { apply, lastAppliedAnnotation } from './apply.js';
export type { ApplyOptions, ApplyResult } from './apply.js';
export {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  jsonPatchStrictErrors,
} from './patch.js';
export type { FieldValidation, PatchOptions } from './patch.js';
export {
  convertBuiltin,
  decodeBuiltin,
  decodeObjectMeta,
  defaultBuiltin,
  objectMetaFieldOrder,
  strictDecodingError,
} from './builtin-codec.js';
export type { DecodeResult } from './builtin-codec.js';
export {
  customResourceStrictError,
  defaultCustomResource,
  pruneCustomResource,
  unknownFieldWarnings,
} from './custom-resources.js';
export { validateObject, validateListTypeInvariants } from './validate.js';
export type { ValidateOptions } from './validate.js';
export { validateCrd, validateCrdStatus } from './crd.js';
export {
  validateObjectMeta,
  validateObjectMetaUpdate,
  validateEmbeddedResources,
  coerceEmbeddedMetadata,
  nameIsDnsSubdomain,
  nameIsDnsLabel,
  nameIsPathSegment,
  isQualifiedName,
  isLabelValue,
  isDns1123Label,
  isDns1123Subdomain,
  isDns1035Label,
} from './objectmeta.js';
export type { ObjectMetaOptions, NameValidator } from './objectmeta.js';
export { goRegExp } from './go-regexp.js';
