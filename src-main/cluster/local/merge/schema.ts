/**
 * Schemas: the OpenAPI v3 subset a CustomResourceDefinition's `openAPIV3Schema` uses
 * (JSONSchemaProps, with the `x-kubernetes-*` extensions), and its compiled form, the type tree
 * that server-side apply walks.
 *
 * Compiling follows kube-openapi's schemaconv (the conversion the API server uses to build its
 * structured-merge-diff types): `object` becomes a map with named fields, whose other keys are
 * either refused ("field not declared in schema"), typed by `additionalProperties`, or *deduced*
 * (preserve-unknown-fields, or an object without properties); `array` becomes a list that is
 * atomic unless `x-kubernetes-list-type` (or, for built-ins, `x-kubernetes-patch-strategy: merge`)
 * says set or map; a schema without a type (int-or-string, `x-kubernetes-preserve-unknown-fields`
 * alone) accepts a scalar, a list or a map. `x-kubernetes-map-type: atomic` makes a map one leaf.
 * Inside a preserve-unknown-fields subtree every object deduces its unknown keys.
 *
 * `$ref: '#/definitions/<name>'` names a built-in type (ObjectMeta and friends) from
 * builtin-schemas.ts; custom resource schemas reach them only through `customResourceSchema`.
 */

import type { Json } from './json.js';

export type SchemaType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';

export interface JSONSchemaProps {
  $ref?: string;
  type?: SchemaType;
  format?: string;
  title?: string;
  description?: string;
  properties?: Record<string, JSONSchemaProps>;
  additionalProperties?: JSONSchemaProps | boolean;
  items?: JSONSchemaProps;
  required?: string[];
  nullable?: boolean;
  default?: Json;
  enum?: Json[];
  example?: Json;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
  allOf?: JSONSchemaProps[];
  anyOf?: JSONSchemaProps[];
  oneOf?: JSONSchemaProps[];
  not?: JSONSchemaProps;
  externalDocs?: { description?: string; url?: string };
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-validations'?: Json[];
}

export type Scalar = 'numeric' | 'string' | 'boolean' | 'untyped';

/** A compiled type: what a value there may be (structured-merge-diff's Atom). */
export interface Atom {
  readonly scalar?: Scalar;
  readonly list?: ListAtom;
  readonly map?: MapAtom;
}

export interface ListAtom {
  /** The item type; a getter so recursive schemas compile lazily. */
  readonly element: Atom;
  readonly associative: boolean;
  /** list-map keys; empty for a set (or an atomic list). */
  readonly keys: readonly string[];
}

export interface FieldAtom {
  readonly atom: Atom;
  readonly default?: Json;
}

export interface MapAtom {
  readonly fields: ReadonlyMap<string, FieldAtom>;
  /** The type of keys that are not named fields; undefined refuses them. */
  readonly element: Atom | undefined;
  readonly atomic: boolean;
}

const untypedAtomicMap: {
  fields: Map<string, FieldAtom>;
  element: Atom | undefined;
  atomic: boolean;
} = {
  fields: new Map(),
  element: undefined,
  atomic: true,
};
const untypedAtomicList: { element: Atom; associative: boolean; keys: string[] } = {
  element: undefined as unknown as Atom,
  associative: false,
  keys: [],
};
/** Anything, as one leaf (`__untyped_atomic_`). */
export const untypedAtomic: Atom = {
  scalar: 'untyped',
  list: untypedAtomicList,
  map: untypedAtomicMap,
};
untypedAtomicMap.element = untypedAtomic;
untypedAtomicList.element = untypedAtomic;

const deducedMap: { fields: Map<string, FieldAtom>; element: Atom | undefined; atomic: boolean } = {
  fields: new Map(),
  element: undefined,
  atomic: false,
};
/** Anything, maps granular and lists atomic (`__untyped_deduced_`). */
export const deduced: Atom = {
  scalar: 'untyped',
  list: { element: untypedAtomic, associative: false, keys: [] },
  map: deducedMap,
};
deducedMap.element = deduced;

/** Resolves `$ref`s; builtin-schemas.ts installs the built-in definitions. */
let resolveDefinition: (name: string) => JSONSchemaProps | undefined = () => undefined;

export function setDefinitionResolver(
  resolve: (name: string) => JSONSchemaProps | undefined,
): void {
  resolveDefinition = resolve;
}

export function definitionName(ref: string): string {
  const slash = ref.lastIndexOf('/');
  return slash < 0 ? ref : ref.slice(slash + 1);
}

export function resolveRef(schema: JSONSchemaProps): JSONSchemaProps {
  if (schema.$ref === undefined) return schema;
  const def = resolveDefinition(definitionName(schema.$ref));
  if (!def) throw new Error(`schema error: no type found matching: ${definitionName(schema.$ref)}`);
  return def;
}

const compiled = [new WeakMap<JSONSchemaProps, Atom>(), new WeakMap<JSONSchemaProps, Atom>()];

/** The compiled type of a whole-object schema (cached per schema object). */
export function compileSchema(schema: JSONSchemaProps): Atom {
  return compile(schema, false);
}

function compile(schema: JSONSchemaProps, preserveUnknown: boolean): Atom {
  let mapOverride: boolean | undefined;
  if (schema.$ref !== undefined) {
    const mt = schema['x-kubernetes-map-type'];
    if (mt === 'atomic') mapOverride = true;
    else if (mt === 'granular') mapOverride = false;
    schema = resolveRef(schema);
  }
  if (schema['x-kubernetes-preserve-unknown-fields'] === true) preserveUnknown = true;
  const cache = compiled[preserveUnknown ? 1 : 0]!;
  let atom = cache.get(schema);
  if (!atom) {
    atom = build(schema, preserveUnknown, cache);
  }
  if (mapOverride !== undefined && atom.map && atom.map.atomic !== mapOverride) {
    return { ...atom, map: { ...atom.map, atomic: mapOverride } };
  }
  return atom;
}

function build(
  schema: JSONSchemaProps,
  preserveUnknown: boolean,
  cache: WeakMap<JSONSchemaProps, Atom>,
): Atom {
  switch (schema.type) {
    case undefined: {
      const atom: { scalar: Scalar; list?: ListAtom; map?: MapAtom } = { scalar: 'untyped' };
      cache.set(schema, atom);
      atom.list = buildList(schema, preserveUnknown);
      atom.map = buildMap(schema, preserveUnknown);
      return atom;
    }
    case 'object': {
      const atom: { map?: MapAtom } = {};
      cache.set(schema, atom);
      atom.map = buildMap(schema, preserveUnknown);
      return atom;
    }
    case 'array': {
      const atom: { list?: ListAtom } = {};
      cache.set(schema, atom);
      atom.list = buildList(schema, preserveUnknown);
      return atom;
    }
    case 'integer':
    case 'number':
      return remember(cache, schema, { scalar: 'numeric' });
    case 'boolean':
      return remember(cache, schema, { scalar: 'boolean' });
    case 'string': {
      const f = schema.format;
      return remember(cache, schema, { scalar: !f || f === 'byte' ? 'string' : 'untyped' });
    }
    default:
      return remember(cache, schema, { scalar: 'untyped' });
  }
}

function remember(
  cache: WeakMap<JSONSchemaProps, Atom>,
  schema: JSONSchemaProps,
  atom: Atom,
): Atom {
  cache.set(schema, atom);
  return atom;
}

function buildMap(schema: JSONSchemaProps, preserveUnknown: boolean): MapAtom {
  const props = schema.properties ?? {};
  const names = Object.keys(props);
  const fields = new Map<string, FieldAtom>();
  // Fields compile lazily: recursive schemas (JSONSchemaProps itself) refer back to their parents.
  for (const name of names) {
    const prop = props[name]!;
    let atom: Atom | undefined;
    const entry: FieldAtom = {
      get atom() {
        return (atom ??= compile(prop, preserveUnknown));
      },
    };
    if (prop.default !== undefined) (entry as { default?: Json }).default = prop.default;
    fields.set(name, entry);
  }
  const ap = schema.additionalProperties;
  let elementSchema: JSONSchemaProps | undefined;
  let element: Atom | undefined;
  if (ap === undefined) {
    if (preserveUnknown || names.length === 0) element = deduced;
  } else if (typeof ap === 'object') {
    elementSchema = ap;
  } else if (ap) {
    element = deduced;
  }
  const atomic = schema['x-kubernetes-map-type'] === 'atomic';
  if (!elementSchema) return { fields, element, atomic };
  let lazy: Atom | undefined;
  const elemSchema = elementSchema;
  return {
    fields,
    get element() {
      return (lazy ??= compile(elemSchema, preserveUnknown));
    },
    atomic,
  };
}

function buildList(schema: JSONSchemaProps, preserveUnknown: boolean): ListAtom {
  let associative = false;
  let keys: readonly string[] = [];
  const listType = schema['x-kubernetes-list-type'];
  if (listType !== undefined) {
    if (listType === 'set') associative = true;
    else if (listType === 'map') {
      associative = true;
      keys = schema['x-kubernetes-list-map-keys'] ?? [];
    }
  } else {
    const strategy = schema['x-kubernetes-patch-strategy'];
    if (strategy === 'merge' || strategy === 'merge,retainKeys') {
      associative = true;
      const key = schema['x-kubernetes-patch-merge-key'];
      if (key) keys = [key];
    }
  }
  const items = schema.items;
  if (!items) return { element: untypedAtomic, associative, keys };
  let lazy: Atom | undefined;
  return {
    get element() {
      return (lazy ??= compile(items, preserveUnknown));
    },
    associative,
    keys,
  };
}
