/**
 * The schemas of the built-in kinds the local cluster serves, written as a compact description
 * of their Go types: Namespace, ConfigMap, Secret and Event (core/v1), Event (events.k8s.io/v1),
 * CustomResourceDefinition (apiextensions.k8s.io/v1), and the ObjectMeta they share.
 *
 * Each type is a JSONSchemaProps as the API server's OpenAPI describes it (list types, map keys,
 * patch strategies, formats), named by its OpenAPI definition name and referred to with `$ref`.
 * Alongside, every property records how its Go field encodes (`goOf`): built-in objects are Go
 * structs on the real server, so what a client reads back is the struct's JSON — fields in
 * declaration order, zero values dropped where `omitempty`, maps with sorted keys, times to the
 * second. builtin-codec.ts uses that to decode and re-encode built-in objects the same way.
 */

import { setDefinitionResolver } from './schema.js';
import type { JSONSchemaProps } from './schema.js';
import { FieldSet, field } from './fieldpath.js';
import type { JsonObject } from './json.js';

/** How a Go field encodes. */
export interface GoField {
  /** The Go value kind. */
  kind:
    | 'string'
    | 'int32'
    | 'int64'
    | 'float64'
    | 'bool'
    | 'time'
    | 'microtime'
    | 'bytes'
    | 'struct'
    | 'map'
    | 'slice'
    | 'raw'
    | 'schemaOrArray'
    | 'schemaOrBool'
    | 'schemaOrStringArray'
    | 'fieldsV1';
  /** `omitempty`: the zero value ('' / 0 / false / nil or empty map and slice) is not written. */
  omitEmpty?: boolean;
  /** A pointer field: written whenever set (even to a zero value), omitted when nil. */
  pointer?: boolean;
  /** `omitzero`: a zero struct (time) is not written. */
  omitZero?: boolean;
  /** The Go type's name where errors print one other than the kind's (`types.UID`). */
  goType?: string;
}

const goFields = new WeakMap<JSONSchemaProps, GoField>();

/** The Go encoding of a property schema of a built-in type. */
export function goOf(schema: JSONSchemaProps): GoField | undefined {
  return goFields.get(schema);
}

function go<T extends JSONSchemaProps>(schema: T, g: GoField): T {
  goFields.set(schema, g);
  return schema;
}

/** Names the Go type of a property (for decoding errors): `named(str(), 'types.UID')`. */
function named<T extends JSONSchemaProps>(schema: T, goType: string): T {
  goFields.get(schema)!.goType = goType;
  return schema;
}

/** A list whose items have a named Go type (`[]v1.FinalizerName`). */
function namedItems<T extends JSONSchemaProps>(schema: T, goType: string): T {
  goFields.get(schema.items!)!.goType = goType;
  return schema;
}

// --- The vocabulary ----------------------------------------------------------------------------

type Extra = Partial<JSONSchemaProps>;

/** `string` with omitempty. */
const str = (x: Extra = {}) => go({ type: 'string', ...x }, { kind: 'string', omitEmpty: true });
/** `string` without omitempty: always written. */
const strAlways = (x: Extra = {}) => go({ type: 'string', default: '', ...x }, { kind: 'string' });
const strPtr = (x: Extra = {}) => go({ type: 'string', ...x }, { kind: 'string', pointer: true });
const int32 = (x: Extra = {}) =>
  go({ type: 'integer', format: 'int32', ...x }, { kind: 'int32', omitEmpty: true });
const int32Always = (x: Extra = {}) =>
  go({ type: 'integer', format: 'int32', default: 0, ...x }, { kind: 'int32' });
const int32Ptr = (x: Extra = {}) =>
  go({ type: 'integer', format: 'int32', ...x }, { kind: 'int32', pointer: true });
const int64 = (x: Extra = {}) =>
  go({ type: 'integer', format: 'int64', ...x }, { kind: 'int64', omitEmpty: true });
const int64Ptr = (x: Extra = {}) =>
  go({ type: 'integer', format: 'int64', ...x }, { kind: 'int64', pointer: true });
const float64Ptr = (x: Extra = {}) =>
  go({ type: 'number', format: 'double', ...x }, { kind: 'float64', pointer: true });
const bool = (x: Extra = {}) => go({ type: 'boolean', ...x }, { kind: 'bool', omitEmpty: true });
const boolAlways = (x: Extra = {}) =>
  go({ type: 'boolean', default: false, ...x }, { kind: 'bool' });
const boolPtr = (x: Extra = {}) => go({ type: 'boolean', ...x }, { kind: 'bool', pointer: true });
const ref = (name: string, x: Extra = {}): JSONSchemaProps => ({
  $ref: `#/definitions/${name}`,
  ...x,
});
/** metav1.Time as a struct field: a zero time is written as null (or left out with omitzero). */
const time = (x: Extra = {}, omitZero = false) =>
  go(ref(names.time, x), { kind: 'time', omitEmpty: true, ...(omitZero ? { omitZero } : {}) });
const timePtr = (x: Extra = {}) =>
  go(ref(names.time, x), { kind: 'time', pointer: true, omitEmpty: true });
const microTime = (x: Extra = {}) =>
  go(ref(names.microTime, x), { kind: 'microtime', omitEmpty: true });
/** A struct-valued field: always written (`{}` when empty). */
const struct = (name: string, x: Extra = {}) => go(ref(name, x), { kind: 'struct' });
/** A pointer to a struct: omitted when nil. */
const structPtr = (name: string, x: Extra = {}) =>
  go(ref(name, x), { kind: 'struct', pointer: true });
const stringMap = (x: Extra = {}) =>
  go(
    {
      type: 'object',
      additionalProperties: go({ type: 'string', default: '' }, { kind: 'string' }),
      ...x,
    },
    { kind: 'map', omitEmpty: true },
  );
const bytesMap = (x: Extra = {}) =>
  go(
    {
      type: 'object',
      additionalProperties: go({ type: 'string', format: 'byte' }, { kind: 'bytes' }),
      ...x,
    },
    { kind: 'map', omitEmpty: true },
  );
const bytes = (x: Extra = {}) =>
  go({ type: 'string', format: 'byte', ...x }, { kind: 'bytes', omitEmpty: true });
const stringList = (x: Extra = {}, always = false) =>
  go(
    { type: 'array', items: go({ type: 'string', default: '' }, { kind: 'string' }), ...x },
    { kind: 'slice', omitEmpty: !always },
  );
const listOf = (items: JSONSchemaProps, x: Extra = {}, always = false) =>
  go({ type: 'array', items, ...x }, { kind: 'slice', omitEmpty: !always });
const item = (name: string) => go(ref(name, { default: {} }), { kind: 'struct' });
const mapOf = (value: JSONSchemaProps, x: Extra = {}) =>
  go({ type: 'object', additionalProperties: value, ...x }, { kind: 'map', omitEmpty: true });

function object(properties: Record<string, JSONSchemaProps>, x: Extra = {}): JSONSchemaProps {
  return go({ type: 'object', properties, ...x }, { kind: 'struct' });
}

const names = {
  time: 'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
  microTime: 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime',
  objectMeta: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
  ownerReference: 'io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference',
  managedFieldsEntry: 'io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry',
  fieldsV1: 'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1',
  namespace: 'io.k8s.api.core.v1.Namespace',
  namespaceSpec: 'io.k8s.api.core.v1.NamespaceSpec',
  namespaceStatus: 'io.k8s.api.core.v1.NamespaceStatus',
  namespaceCondition: 'io.k8s.api.core.v1.NamespaceCondition',
  configMap: 'io.k8s.api.core.v1.ConfigMap',
  secret: 'io.k8s.api.core.v1.Secret',
  event: 'io.k8s.api.core.v1.Event',
  eventSource: 'io.k8s.api.core.v1.EventSource',
  eventSeries: 'io.k8s.api.core.v1.EventSeries',
  objectReference: 'io.k8s.api.core.v1.ObjectReference',
  eventsEvent: 'io.k8s.api.events.v1.Event',
  eventsSeries: 'io.k8s.api.events.v1.EventSeries',
  crd: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
} as const;

const ext = (n: string) => `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.${n}`;

export const definitionNames = names;

// --- meta/v1 -------------------------------------------------------------------------------------

const typeMeta = () => ({ kind: str(), apiVersion: str() });

const definitions: Record<string, JSONSchemaProps> = {
  [names.time]: { type: 'string', format: 'date-time' },
  [names.microTime]: { type: 'string', format: 'date-time' },
  [names.fieldsV1]: { type: 'object' },
  [names.ownerReference]: object(
    {
      apiVersion: strAlways(),
      kind: strAlways(),
      name: strAlways(),
      uid: named(strAlways(), 'types.UID'),
      controller: boolPtr(),
      blockOwnerDeletion: boolPtr(),
    },
    { required: ['apiVersion', 'kind', 'name', 'uid'], 'x-kubernetes-map-type': 'atomic' },
  ),
  [names.managedFieldsEntry]: object({
    manager: str(),
    operation: named(str(), 'v1.ManagedFieldsOperationType'),
    apiVersion: str(),
    time: timePtr(),
    fieldsType: str(),
    fieldsV1: go(ref(names.fieldsV1), { kind: 'fieldsV1', pointer: true }),
    subresource: str(),
  }),
  [names.objectMeta]: object({
    name: str(),
    generateName: str(),
    namespace: str(),
    selfLink: str(),
    uid: named(str(), 'types.UID'),
    resourceVersion: str(),
    generation: int64(),
    creationTimestamp: time({}, true),
    deletionTimestamp: timePtr(),
    deletionGracePeriodSeconds: int64Ptr(),
    labels: stringMap(),
    annotations: stringMap(),
    ownerReferences: listOf(item(names.ownerReference), {
      'x-kubernetes-list-map-keys': ['uid'],
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-patch-merge-key': 'uid',
      'x-kubernetes-patch-strategy': 'merge',
    }),
    finalizers: stringList({
      'x-kubernetes-list-type': 'set',
      'x-kubernetes-patch-strategy': 'merge',
    }),
    managedFields: listOf(item(names.managedFieldsEntry), { 'x-kubernetes-list-type': 'atomic' }),
  }),

  // --- core/v1 -----------------------------------------------------------------------------------

  [names.namespaceCondition]: object(
    {
      type: named(strAlways(), 'v1.NamespaceConditionType'),
      status: named(strAlways(), 'v1.ConditionStatus'),
      lastTransitionTime: time(),
      reason: str(),
      message: str(),
    },
    { required: ['type', 'status'] },
  ),
  [names.namespaceSpec]: object({
    finalizers: namedItems(stringList({ 'x-kubernetes-list-type': 'atomic' }), 'v1.FinalizerName'),
  }),
  [names.namespaceStatus]: object({
    phase: named(str({ enum: ['Active', 'Terminating'] }), 'v1.NamespacePhase'),
    conditions: listOf(item(names.namespaceCondition), {
      'x-kubernetes-list-map-keys': ['type'],
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-patch-merge-key': 'type',
      'x-kubernetes-patch-strategy': 'merge',
    }),
  }),
  [names.namespace]: object({
    ...typeMeta(),
    metadata: struct(names.objectMeta, { default: {} }),
    spec: struct(names.namespaceSpec, { default: {} }),
    status: struct(names.namespaceStatus, { default: {} }),
  }),
  [names.configMap]: object({
    ...typeMeta(),
    metadata: struct(names.objectMeta, { default: {} }),
    immutable: boolPtr(),
    data: stringMap(),
    binaryData: bytesMap(),
  }),
  [names.secret]: object({
    ...typeMeta(),
    metadata: struct(names.objectMeta, { default: {} }),
    immutable: boolPtr(),
    data: bytesMap(),
    stringData: stringMap(),
    type: named(str(), 'v1.SecretType'),
  }),
  [names.objectReference]: object(
    {
      kind: str(),
      namespace: str(),
      name: str(),
      uid: named(str(), 'types.UID'),
      apiVersion: str(),
      resourceVersion: str(),
      fieldPath: str(),
    },
    { 'x-kubernetes-map-type': 'atomic' },
  ),
  [names.eventSource]: object({ component: str(), host: str() }),
  [names.eventSeries]: object({ count: int32(), lastObservedTime: microTime() }),
  [names.event]: object(
    {
      ...typeMeta(),
      metadata: struct(names.objectMeta, { default: {} }),
      involvedObject: struct(names.objectReference, { default: {} }),
      reason: str(),
      message: str(),
      source: struct(names.eventSource, { default: {} }),
      firstTimestamp: time(),
      lastTimestamp: time(),
      count: int32(),
      type: str(),
      eventTime: microTime(),
      series: structPtr(names.eventSeries),
      action: str(),
      related: structPtr(names.objectReference),
      reportingComponent: strAlways(),
      reportingInstance: strAlways(),
    },
    { required: ['metadata', 'involvedObject'] },
  ),

  // --- events.k8s.io/v1 --------------------------------------------------------------------------

  [names.eventsSeries]: object(
    {
      count: int32Always(),
      lastObservedTime: go(ref(names.microTime), { kind: 'microtime' }),
    },
    { required: ['count', 'lastObservedTime'] },
  ),
  [names.eventsEvent]: object(
    {
      ...typeMeta(),
      metadata: struct(names.objectMeta, { default: {} }),
      eventTime: go(ref(names.microTime), { kind: 'microtime' }),
      series: structPtr(names.eventsSeries),
      reportingController: str(),
      reportingInstance: str(),
      action: str(),
      reason: str(),
      regarding: go(ref(names.objectReference, { default: {} }), { kind: 'struct' }),
      related: structPtr(names.objectReference),
      note: str(),
      type: str(),
      deprecatedSource: struct(names.eventSource, { default: {} }),
      deprecatedFirstTimestamp: time(),
      deprecatedLastTimestamp: time(),
      deprecatedCount: int32(),
    },
    { required: ['eventTime'] },
  ),

  // --- apiextensions.k8s.io/v1 -------------------------------------------------------------------

  [ext('ExternalDocumentation')]: object({ description: str(), url: str() }),
  [ext('ValidationRule')]: object(
    {
      rule: strAlways(),
      message: str(),
      messageExpression: str(),
      reason: strPtr(),
      fieldPath: str(),
      optionalOldSelf: boolPtr(),
    },
    { required: ['rule'] },
  ),
  [ext('JSON')]: {},
  [ext('JSONSchemaPropsOrArray')]: {},
  [ext('JSONSchemaPropsOrBool')]: {},
  [ext('JSONSchemaPropsOrStringArray')]: {},
  [ext('JSONSchemaProps')]: object({
    id: str(),
    $schema: named(str(), 'v1.JSONSchemaURL'),
    $ref: str(),
    description: str(),
    type: str(),
    format: str(),
    title: str(),
    default: go(ref(ext('JSON')), { kind: 'raw', pointer: true }),
    maximum: float64Ptr(),
    exclusiveMaximum: bool(),
    minimum: float64Ptr(),
    exclusiveMinimum: bool(),
    maxLength: int64Ptr(),
    minLength: int64Ptr(),
    pattern: str(),
    maxItems: int64Ptr(),
    minItems: int64Ptr(),
    uniqueItems: bool(),
    multipleOf: float64Ptr(),
    enum: listOf(go(ref(ext('JSON')), { kind: 'raw' }), { 'x-kubernetes-list-type': 'atomic' }),
    maxProperties: int64Ptr(),
    minProperties: int64Ptr(),
    required: stringList({ 'x-kubernetes-list-type': 'atomic' }),
    items: go(ref(ext('JSONSchemaPropsOrArray')), { kind: 'schemaOrArray', pointer: true }),
    allOf: listOf(item(ext('JSONSchemaProps')), { 'x-kubernetes-list-type': 'atomic' }),
    oneOf: listOf(item(ext('JSONSchemaProps')), { 'x-kubernetes-list-type': 'atomic' }),
    anyOf: listOf(item(ext('JSONSchemaProps')), { 'x-kubernetes-list-type': 'atomic' }),
    not: structPtr(ext('JSONSchemaProps')),
    properties: mapOf(item(ext('JSONSchemaProps'))),
    additionalProperties: go(ref(ext('JSONSchemaPropsOrBool')), {
      kind: 'schemaOrBool',
      pointer: true,
    }),
    patternProperties: mapOf(item(ext('JSONSchemaProps'))),
    dependencies: mapOf(
      go(ref(ext('JSONSchemaPropsOrStringArray')), { kind: 'schemaOrStringArray' }),
    ),
    additionalItems: go(ref(ext('JSONSchemaPropsOrBool')), { kind: 'schemaOrBool', pointer: true }),
    definitions: mapOf(item(ext('JSONSchemaProps'))),
    externalDocs: structPtr(ext('ExternalDocumentation')),
    example: go(ref(ext('JSON')), { kind: 'raw', pointer: true }),
    nullable: bool(),
    'x-kubernetes-preserve-unknown-fields': boolPtr(),
    'x-kubernetes-embedded-resource': bool(),
    'x-kubernetes-int-or-string': bool(),
    'x-kubernetes-list-map-keys': stringList({ 'x-kubernetes-list-type': 'atomic' }),
    'x-kubernetes-list-type': strPtr(),
    'x-kubernetes-map-type': strPtr(),
    'x-kubernetes-validations': listOf(item(ext('ValidationRule')), {
      'x-kubernetes-list-map-keys': ['rule'],
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-patch-merge-key': 'rule',
      'x-kubernetes-patch-strategy': 'merge',
    }),
  }),
  [ext('CustomResourceValidation')]: object({ openAPIV3Schema: structPtr(ext('JSONSchemaProps')) }),
  [ext('CustomResourceSubresourceStatus')]: object({}),
  [ext('CustomResourceSubresourceScale')]: object(
    { specReplicasPath: strAlways(), statusReplicasPath: strAlways(), labelSelectorPath: strPtr() },
    { required: ['specReplicasPath', 'statusReplicasPath'] },
  ),
  [ext('CustomResourceSubresources')]: object({
    status: structPtr(ext('CustomResourceSubresourceStatus')),
    scale: structPtr(ext('CustomResourceSubresourceScale')),
  }),
  [ext('CustomResourceColumnDefinition')]: object(
    {
      name: strAlways(),
      type: strAlways(),
      format: str(),
      description: str(),
      priority: int32(),
      jsonPath: strAlways(),
    },
    { required: ['name', 'type', 'jsonPath'] },
  ),
  [ext('SelectableField')]: object({ jsonPath: strAlways() }, { required: ['jsonPath'] }),
  [ext('CustomResourceDefinitionVersion')]: object(
    {
      name: strAlways(),
      served: boolAlways(),
      storage: boolAlways(),
      deprecated: bool(),
      deprecationWarning: strPtr(),
      schema: structPtr(ext('CustomResourceValidation')),
      subresources: structPtr(ext('CustomResourceSubresources')),
      additionalPrinterColumns: listOf(item(ext('CustomResourceColumnDefinition')), {
        'x-kubernetes-list-type': 'atomic',
      }),
      selectableFields: listOf(item(ext('SelectableField')), {
        'x-kubernetes-list-type': 'atomic',
      }),
    },
    { required: ['name', 'served', 'storage'] },
  ),
  [ext('CustomResourceDefinitionNames')]: object(
    {
      plural: strAlways(),
      singular: str(),
      shortNames: stringList({ 'x-kubernetes-list-type': 'atomic' }),
      kind: strAlways(),
      listKind: str(),
      categories: stringList({ 'x-kubernetes-list-type': 'atomic' }),
    },
    { required: ['plural', 'kind'] },
  ),
  [ext('ServiceReference')]: object(
    { namespace: strAlways(), name: strAlways(), path: strPtr(), port: int32Ptr() },
    { required: ['namespace', 'name'] },
  ),
  [ext('WebhookClientConfig')]: object({
    url: strPtr(),
    service: structPtr(ext('ServiceReference')),
    caBundle: bytes(),
  }),
  [ext('WebhookConversion')]: object(
    {
      clientConfig: structPtr(ext('WebhookClientConfig')),
      conversionReviewVersions: stringList({ 'x-kubernetes-list-type': 'atomic' }, true),
    },
    { required: ['conversionReviewVersions'] },
  ),
  [ext('CustomResourceConversion')]: object(
    {
      strategy: named(strAlways(), 'v1.ConversionStrategyType'),
      webhook: structPtr(ext('WebhookConversion')),
    },
    { required: ['strategy'] },
  ),
  [ext('CustomResourceDefinitionSpec')]: object(
    {
      group: strAlways(),
      names: struct(ext('CustomResourceDefinitionNames'), { default: {} }),
      scope: named(strAlways(), 'v1.ResourceScope'),
      versions: listOf(
        item(ext('CustomResourceDefinitionVersion')),
        { 'x-kubernetes-list-type': 'atomic' },
        true,
      ),
      conversion: structPtr(ext('CustomResourceConversion')),
      preserveUnknownFields: bool(),
    },
    { required: ['group', 'names', 'scope', 'versions'] },
  ),
  [ext('CustomResourceDefinitionCondition')]: object(
    {
      type: named(strAlways(), 'v1.CustomResourceDefinitionConditionType'),
      status: named(strAlways(), 'v1.ConditionStatus'),
      lastTransitionTime: time(),
      reason: str(),
      message: str(),
      observedGeneration: int64(),
    },
    { required: ['type', 'status'] },
  ),
  [ext('CustomResourceDefinitionStatus')]: object({
    conditions: listOf(
      item(ext('CustomResourceDefinitionCondition')),
      { 'x-kubernetes-list-map-keys': ['type'], 'x-kubernetes-list-type': 'map' },
      true,
    ),
    acceptedNames: struct(ext('CustomResourceDefinitionNames'), { default: {} }),
    storedVersions: stringList({ 'x-kubernetes-list-type': 'atomic' }, true),
    observedGeneration: int64(),
  }),
  [names.crd]: object(
    {
      ...typeMeta(),
      metadata: struct(names.objectMeta, { default: {} }),
      spec: struct(ext('CustomResourceDefinitionSpec'), { default: {} }),
      status: struct(ext('CustomResourceDefinitionStatus'), { default: {} }),
    },
    { required: ['spec'] },
  ),
};

// The Go-encoding kinds of the "or" types, which a property $refs.
for (const [name, kind] of [
  [ext('JSON'), 'raw'],
  [ext('JSONSchemaPropsOrArray'), 'schemaOrArray'],
  [ext('JSONSchemaPropsOrBool'), 'schemaOrBool'],
  [ext('JSONSchemaPropsOrStringArray'), 'schemaOrStringArray'],
] as const) {
  go(definitions[name]!, { kind });
}

/** The OpenAPI definitions of the built-in types, by definition name. */
export const builtinDefinitions: Readonly<Record<string, JSONSchemaProps>> = definitions;

setDefinitionResolver((name) => definitions[name]);

/** ObjectMeta as the API server types it. */
export const objectMetaSchema: JSONSchemaProps = definitions[names.objectMeta]!;

// --- Kinds -------------------------------------------------------------------------------------

export interface KindSchema {
  /** '' for the core group. */
  group: string;
  version: string;
  kind: string;
  /** The OpenAPI definition name of the kind's type. */
  definition: string;
  /** The schema of the whole object. */
  schema: JSONSchemaProps;
  statusSubresource: boolean;
  /** Fields a write cannot change: on the main resource, and on /status. */
  resetFields: { main: FieldSet; status: FieldSet };
}

function kind(
  group: string,
  version: string,
  kindName: string,
  definition: string,
  statusSubresource: boolean,
  reset: { main?: string[][]; status?: string[][] } = {},
): KindSchema {
  return {
    group,
    version,
    kind: kindName,
    definition,
    schema: definitions[definition]!,
    statusSubresource,
    resetFields: {
      main: FieldSet.of(...(reset.main ?? []).map((p) => field(...p))),
      status: FieldSet.of(...(reset.status ?? []).map((p) => field(...p))),
    },
  };
}

export const builtinSchemas: readonly KindSchema[] = [
  kind('', 'v1', 'Namespace', names.namespace, true, { main: [['status']], status: [['spec']] }),
  kind('', 'v1', 'ConfigMap', names.configMap, false),
  kind('', 'v1', 'Secret', names.secret, false),
  kind('', 'v1', 'Event', names.event, false),
  kind('events.k8s.io', 'v1', 'Event', names.eventsEvent, false),
  kind('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', names.crd, true, {
    main: [['status']],
    status: [['spec']],
  }),
];

const bySchema = new Map<JSONSchemaProps, KindSchema>(builtinSchemas.map((k) => [k.schema, k]));

export function builtinSchema(
  group: string,
  version: string,
  kindName: string,
): KindSchema | undefined {
  return builtinSchemas.find(
    (k) => k.group === group && k.version === version && k.kind === kindName,
  );
}

/** The built-in kind a whole-object schema belongs to (undefined for custom resources). */
export function builtinKindOf(schema: JSONSchemaProps): KindSchema | undefined {
  return bySchema.get(schema);
}

const crMainReset = FieldSet.of(field('status'));
const crStatusReset = FieldSet.of(field('metadata'), field('spec'));

/** The fields a write to `subresource` cannot change (the API server's reset fields). */
export function resetFieldsFor(
  schema: JSONSchemaProps,
  subresource: string,
  statusSubresource: boolean,
): FieldSet | undefined {
  const builtin = bySchema.get(schema);
  if (builtin) {
    const set = subresource === 'status' ? builtin.resetFields.status : builtin.resetFields.main;
    return set.isEmpty() ? undefined : set;
  }
  if (!statusSubresource) return undefined;
  return subresource === 'status' ? crStatusReset : crMainReset;
}

/**
 * The empty object a create is compared against: `{}` for custom resources; for built-ins, the
 * JSON of the Go type's zero value (the fields written even when empty).
 */
export function zeroObject(schema: JSONSchemaProps): JsonObject {
  const builtin = bySchema.get(schema);
  if (!builtin) return {};
  return zeroStruct(builtin.schema);
}

function zeroStruct(schema: JSONSchemaProps): JsonObject {
  const out: JsonObject = {};
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const g = goFields.get(prop);
    if (!g || g.pointer || g.omitZero) continue;
    switch (g.kind) {
      case 'string':
        if (!g.omitEmpty) out[name] = '';
        break;
      case 'int32':
      case 'int64':
      case 'float64':
        if (!g.omitEmpty) out[name] = 0;
        break;
      case 'bool':
        if (!g.omitEmpty) out[name] = false;
        break;
      case 'time':
      case 'microtime':
        out[name] = null;
        break;
      case 'struct': {
        const target = prop.$ref
          ? definitions[prop.$ref.slice(prop.$ref.lastIndexOf('/') + 1)]
          : prop;
        out[name] = target ? zeroStruct(target) : {};
        break;
      }
      case 'map':
      case 'slice':
      case 'raw':
        if (!g.omitEmpty) out[name] = null;
        break;
    }
  }
  return out;
}
