/**
 * Built-in objects decoded and re-encoded the way the API server's Go types do it.
 *
 * On the real server a built-in object lives as a Go struct: the request body is decoded into
 * it (sigs.k8s.io/json: case-sensitive, unknown fields dropped and reported for
 * fieldValidation), defaulted, and whatever a client reads back is the struct's JSON — fields in
 * declaration order (`kind` before `apiVersion`), zero values left out where the field is
 * `omitempty`, struct-valued fields always present, times to the second (MicroTime to the
 * microsecond) in UTC, byte slices in standard base64, map keys sorted. `decodeBuiltin` does the
 * same from the Go encoding recorded with each built-in schema (builtin-schemas.ts).
 *
 * A value of the wrong JSON type fails the whole decode with encoding/json's words
 * (`json: cannot unmarshal number into Go struct field ConfigMap.data of type string`), which the
 * server wraps as a 400 (`ConfigMap in version "v1" cannot be handled as a ConfigMap: …`).
 */

import type { MergeError } from './errors.js';
import { badRequest } from './errors.js';
import { Buffer } from 'node:buffer';
import { compareStrings, goNumber, goQuote, isObject } from './json.js';
import type { Json, JsonObject } from './json.js';
import { definitionName, resolveRef } from './schema.js';
import type { JSONSchemaProps } from './schema.js';
import { goOf } from './builtin-schemas.js';
import type { GoField, KindSchema } from './builtin-schemas.js';

export interface DecodeResult {
  /** The object as the Go type writes it (defaulted unless `defaults: false`). */
  object: JsonObject;
  /** Fields the Go type does not have, as the server's strict decoding names them. */
  unknownFields: string[];
}

class DecodeError extends Error {}

/** Where the decoder is: the innermost struct and the JSON field names from the root. */
interface Context {
  /** The Go name (without package) of the struct whose field is being decoded. */
  struct: string;
  fields: string[];
  strictPath: string;
  unknown: string[];
  /** False inside values a type decodes with its own (non-strict) json.Unmarshal. */
  strict: boolean;
}

function goStructName(ref: string | undefined): string {
  if (!ref) return '';
  const name = definitionName(ref);
  return `v1.${name.slice(name.lastIndexOf('.') + 1)}`;
}

function structShortName(goName: string): string {
  return goName.slice(goName.indexOf('.') + 1);
}

function jsonKind(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

function typeError(ctx: Context, value: string, goType: string): DecodeError {
  if (ctx.struct === '' && ctx.fields.length === 0) {
    return new DecodeError(`json: cannot unmarshal ${value} into Go value of type ${goType}`);
  }
  return new DecodeError(
    `json: cannot unmarshal ${value} into Go struct field ${ctx.struct}.${ctx.fields.join('.')} of type ${goType}`,
  );
}

function goTypeOf(schema: JSONSchemaProps, g: GoField | undefined): string {
  if (g?.goType) return g.goType;
  const s = resolveRef(schema);
  switch (g?.kind) {
    case 'string':
      return 'string';
    case 'int32':
      return 'int32';
    case 'int64':
      return 'int64';
    case 'float64':
      return 'float64';
    case 'bool':
      return 'bool';
    case 'bytes':
      return '[]uint8';
    case 'time':
    case 'microtime':
      return 'string';
    case 'struct':
      return goStructName(schema.$ref);
    case 'map': {
      const value = s.additionalProperties as JSONSchemaProps;
      return `map[string]${goTypeOf(value, goOf(value))}`;
    }
    case 'slice':
      return `[]${goTypeOf(s.items!, goOf(s.items!))}`;
    default:
      return 'interface {}';
  }
}

// --- Times -----------------------------------------------------------------------------------

const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function parseTime(s: string, micro: boolean): Date {
  const layout = micro ? '2006-01-02T15:04:05.000000Z07:00' : '2006-01-02T15:04:05Z07:00';
  const m = rfc3339.exec(s);
  if (!m || (micro && (m[7]?.length ?? 0) !== 7)) {
    throw new DecodeError(
      `parsing time ${goQuote(s)} as ${goQuote(layout)}: cannot parse ${goQuote(s)} as "2006"`,
    );
  }
  const frac = m[7] ? Number(`0${m[7]}`) : 0;
  const ms = Date.parse(
    `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[8] === 'Z' ? 'Z' : m[8]}`,
  );
  if (Number.isNaN(ms)) {
    throw new DecodeError(`parsing time ${goQuote(s)}: day out of range`);
  }
  const d = new Date(ms);
  (d as Date & { micros?: number }).micros = Math.floor(frac * 1e6);
  return d;
}

function formatTime(d: Date, micro: boolean): string {
  const base = d.toISOString().slice(0, 19);
  if (!micro) return `${base}Z`;
  const micros = (d as Date & { micros?: number }).micros ?? d.getUTCMilliseconds() * 1000;
  return `${base}.${String(micros).padStart(6, '0')}Z`;
}

// --- Base64 ----------------------------------------------------------------------------------

const base64Alphabet = /^[A-Za-z0-9+/]$/;

/** encoding/base64's StdEncoding.Decode, quantum by quantum, for its error offsets. */
function checkBase64(src: string): void {
  const fail = (at: number) => new DecodeError(`illegal base64 data at input byte ${at}`);
  const nl = (c: string | undefined) => c === '\n' || c === '\r';
  let si = 0;
  while (si < src.length) {
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return;
        throw fail(si - j);
      }
      const c = src[si++]!;
      if (base64Alphabet.test(c)) continue;
      if (nl(c)) {
        j--;
        continue;
      }
      if (c !== '=') throw fail(si - 1);
      if (j === 0 || j === 1) throw fail(si - 1);
      if (j === 2) {
        while (si < src.length && nl(src[si])) si++;
        if (si === src.length) throw fail(src.length);
        if (src[si] !== '=') throw fail(si - 1);
        si++;
      }
      while (si < src.length && nl(src[si])) si++;
      if (si < src.length) throw fail(si);
      return;
    }
  }
}

// --- Decoding ---------------------------------------------------------------------------------

const omit = Symbol('omit');
type Out = Json | typeof omit;

function decodeInt(v: Json, g: GoField, schema: JSONSchemaProps, ctx: Context): number {
  if (typeof v !== 'number') throw typeError(ctx, jsonKind(v), goTypeOf(schema, g));
  const bits = g.kind === 'int32' ? 31 : 63;
  if (!Number.isInteger(v) || Math.abs(v) > 2 ** bits) {
    throw typeError(ctx, `number ${goNumber(v)}`, goTypeOf(schema, g));
  }
  return v;
}

/** Decodes the value of one field; `omit` where the Go encoder writes nothing. */
function decodeField(prop: JSONSchemaProps, v: Json | undefined, ctx: Context): Out {
  const g = goOf(prop);
  if (!g) return v === undefined ? omit : v;
  const absent = v === undefined;
  const isNull = v === null;
  const pointerNil = g.pointer && (absent || isNull);
  switch (g.kind) {
    case 'string': {
      if (pointerNil) return omit;
      const s = absent || isNull ? '' : v;
      if (typeof s !== 'string') throw typeError(ctx, jsonKind(s), goTypeOf(prop, g));
      return g.omitEmpty && !g.pointer && s === '' ? omit : s;
    }
    case 'int32':
    case 'int64': {
      if (pointerNil) return omit;
      const n = absent || isNull ? 0 : decodeInt(v, g, prop, ctx);
      return g.omitEmpty && !g.pointer && n === 0 ? omit : n;
    }
    case 'float64': {
      if (pointerNil) return omit;
      const n = absent || isNull ? 0 : v;
      if (typeof n !== 'number') throw typeError(ctx, jsonKind(n), 'float64');
      return g.omitEmpty && !g.pointer && n === 0 ? omit : n;
    }
    case 'bool': {
      if (pointerNil) return omit;
      const b = absent || isNull ? false : v;
      if (typeof b !== 'boolean') throw typeError(ctx, jsonKind(b), goTypeOf(prop, g));
      return g.omitEmpty && !g.pointer && !b ? omit : b;
    }
    case 'time':
    case 'microtime': {
      if (pointerNil) return omit;
      if (absent || isNull) return g.omitZero ? omit : null;
      if (typeof v !== 'string') throw typeError(ctx, jsonKind(v), 'string');
      return formatTime(parseTime(v, g.kind === 'microtime'), g.kind === 'microtime');
    }
    case 'bytes': {
      if (absent || isNull) return g.omitEmpty || g.pointer ? omit : null;
      if (typeof v !== 'string') throw typeError(ctx, jsonKind(v), '[]uint8');
      checkBase64(v);
      const canonical = Buffer.from(v, 'base64').toString('base64');
      return g.omitEmpty && canonical === '' ? omit : canonical;
    }
    case 'struct': {
      if (pointerNil) return omit;
      const target = resolveRef(prop);
      const inner: Context = {
        ...ctx,
        struct: structShortName(goStructName(prop.$ref)) || ctx.struct,
      };
      if (absent || isNull) return decodeStruct(target, {}, inner);
      if (!isObject(v)) throw typeError(ctx, jsonKind(v), goTypeOf(prop, g));
      return decodeStruct(target, v, inner);
    }
    case 'map': {
      if (absent || isNull) return g.omitEmpty ? omit : null;
      if (!isObject(v)) throw typeError(ctx, jsonKind(v), goTypeOf(prop, g));
      const value = resolveRef(prop).additionalProperties as JSONSchemaProps;
      const out: JsonObject = {};
      for (const key of Object.keys(v).sort(compareStrings)) {
        const r = decodeField(value, v[key]!, { ...ctx, strictPath: join(ctx.strictPath, key) });
        out[key] = r === omit ? zeroOf(value) : r;
      }
      return g.omitEmpty && Object.keys(out).length === 0 ? omit : out;
    }
    case 'slice': {
      if (absent || isNull) return g.omitEmpty ? omit : null;
      if (!Array.isArray(v)) throw typeError(ctx, jsonKind(v), goTypeOf(prop, g));
      const items = resolveRef(prop).items!;
      const out = v.map((x, i) => {
        const r = decodeField(items, x, { ...ctx, strictPath: `${ctx.strictPath}[${i}]` });
        return r === omit ? zeroOf(items) : r;
      });
      return g.omitEmpty && out.length === 0 ? omit : out;
    }
    case 'raw': {
      if (g.pointer && (absent || isNull)) return omit;
      return absent ? null : v;
    }
    case 'fieldsV1': {
      if (absent || isNull) return omit;
      return v;
    }
    case 'schemaOrArray': {
      // JSONSchemaPropsOrArray decodes itself with a plain json.Unmarshal: an object is a schema,
      // an array a list of schemas, anything else nothing (written back as null).
      if (absent || isNull) return omit;
      const nested: Context = { ...ctx, struct: 'JSONSchemaProps', strict: false };
      if (Array.isArray(v)) {
        const out = v.map((x) => {
          if (!isObject(x)) throw typeError(nested, jsonKind(x), 'v1.JSONSchemaProps');
          return decodeStruct(jsonSchemaProps(), x, nested);
        });
        return out.length > 0 ? out : null;
      }
      if (!isObject(v)) return null;
      return decodeStruct(jsonSchemaProps(), v, nested);
    }
    case 'schemaOrBool': {
      if (absent || isNull) return omit;
      if (typeof v === 'boolean') return v;
      if (!isObject(v)) throw new DecodeError('boolean or JSON schema expected');
      return decodeStruct(jsonSchemaProps(), v, {
        ...ctx,
        struct: 'JSONSchemaProps',
        strict: false,
      });
    }
    case 'schemaOrStringArray': {
      if (absent || isNull) return null;
      if (Array.isArray(v)) {
        for (const x of v) if (typeof x !== 'string') throw typeError(ctx, jsonKind(x), 'string');
        return v.length > 0 ? v : null;
      }
      if (!isObject(v)) return null;
      return decodeStruct(jsonSchemaProps(), v, {
        ...ctx,
        struct: 'JSONSchemaProps',
        strict: false,
      });
    }
  }
  return v === undefined ? omit : v;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** The value a Go zero writes, for map values and list items that decode to nothing. */
function zeroOf(prop: JSONSchemaProps): Json {
  const g = goOf(prop);
  switch (g?.kind) {
    case 'string':
      return '';
    case 'int32':
    case 'int64':
    case 'float64':
      return 0;
    case 'bool':
      return false;
    default:
      return null;
  }
}

function jsonSchemaProps(): JSONSchemaProps {
  return resolveRef({
    $ref: '#/definitions/io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps',
  });
}

function decodeStruct(schema: JSONSchemaProps, v: JsonObject, ctx: Context): JsonObject {
  const props = schema.properties ?? {};
  // The decoder walks the document in its order: unknown fields and the first type error are
  // reported in that order, depth first.
  const decoded = new Map<string, Out>();
  for (const key of Object.keys(v)) {
    const prop = props[key];
    if (!prop) {
      if (ctx.strict) ctx.unknown.push(join(ctx.strictPath, key));
      continue;
    }
    decoded.set(
      key,
      decodeField(prop, v[key], {
        ...ctx,
        fields: [...ctx.fields, key],
        strictPath: join(ctx.strictPath, key),
      }),
    );
  }
  const out: JsonObject = {};
  for (const [name, prop] of Object.entries(props)) {
    const r = decoded.has(name)
      ? decoded.get(name)!
      : decodeField(prop, undefined, {
          ...ctx,
          fields: [...ctx.fields, name],
          strictPath: join(ctx.strictPath, name),
        });
    if (r !== omit) out[name] = r;
  }
  return out;
}

/**
 * Decodes a built-in object as the API server decodes a request body into the kind's Go type,
 * and returns its JSON as the server would write it, defaulted and converted like the server's
 * scheme does (unless `defaults: false`). Throws the server's 400 for a value of the wrong type.
 */
export function decodeBuiltin(
  kind: KindSchema,
  value: Json,
  options: { defaults?: boolean } = {},
): DecodeResult {
  const ctx: Context = { struct: '', fields: [], strictPath: '', unknown: [], strict: true };
  const goName = goStructName(`#/definitions/${kind.definition}`);
  try {
    if (!isObject(value)) throw typeError(ctx, jsonKind(value), goName);
    // The serializer reads apiVersion and kind first, into an anonymous struct.
    for (const key of Object.keys(value)) {
      const v = value[key]!;
      if ((key === 'apiVersion' || key === 'kind') && v !== null && typeof v !== 'string') {
        throw new DecodeError(
          `couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonKind(v)} into Go struct field .${key} of type string`,
        );
      }
    }
    const object = decodeStruct(kind.schema, value, { ...ctx, struct: structShortName(goName) });
    const result: DecodeResult = { object, unknownFields: ctx.unknown };
    if (options.defaults !== false) {
      defaultBuiltin(kind, object);
      convertBuiltin(kind, object);
    }
    return result;
  } catch (err) {
    if (!(err instanceof DecodeError)) throw err;
    throw badRequest(
      `${kind.kind} in version ${goQuote(kind.version)} cannot be handled as a ${structShortName(goName)}: ${err.message}`,
    );
  }
}

/** The 400 of fieldValidation=Strict for unknown fields of a built-in object. */
export function strictDecodingError(
  kind: KindSchema,
  unknownFields: readonly string[],
): MergeError {
  return badRequest(
    `${kind.kind} in version ${goQuote(kind.version)} cannot be handled as a ${kind.kind}: strict decoding error: ${unknownFields
      .map((f) => `unknown field ${goQuote(f)}`)
      .join(', ')}`,
  );
}

/**
 * What the server's conversion to its internal version does to a decoded object: a Secret's
 * stringData is folded into data (base64) and disappears. In place.
 */
export function convertBuiltin(kind: KindSchema, obj: JsonObject): void {
  if (kind.group !== '' || kind.kind !== 'Secret' || !isObject(obj['stringData'])) return;
  const data = isObject(obj['data']) ? obj['data'] : {};
  for (const [k, v] of Object.entries(obj['stringData'])) {
    data[k] = Buffer.from(typeof v === 'string' ? v : '', 'utf8').toString('base64');
  }
  delete obj['stringData'];
  const type = obj['type'];
  delete obj['type'];
  obj['data'] = sortKeys(data);
  if (type !== undefined) obj['type'] = type;
}

/** The server's scheme defaults of the built-in kinds (SetDefaults_*), in place. */
export function defaultBuiltin(kind: KindSchema, obj: JsonObject): void {
  const meta = (isObject(obj['metadata']) ? obj['metadata'] : {}) as JsonObject;
  switch (`${kind.group}/${kind.kind}`) {
    case '/Secret':
      // Type is the struct's last field, so adding it last keeps the order.
      if (!obj['type']) obj['type'] = 'Opaque';
      return;
    case '/Namespace': {
      const name = meta['name'];
      if (typeof name === 'string' && name !== '') {
        const labels = isObject(meta['labels']) ? meta['labels'] : {};
        labels['kubernetes.io/metadata.name'] = name;
        meta['labels'] = sortKeys(labels);
        reorder(meta, kind);
      }
      const status = isObject(obj['status']) ? obj['status'] : (obj['status'] = {});
      if (!status['phase']) status['phase'] = 'Active';
      reorderStruct(status, ['phase', 'conditions']);
      return;
    }
    case 'apiextensions.k8s.io/CustomResourceDefinition': {
      const spec = isObject(obj['spec']) ? obj['spec'] : undefined;
      if (!spec) return;
      const names = isObject(spec['names']) ? spec['names'] : undefined;
      if (names) {
        if (!names['singular'] && typeof names['kind'] === 'string')
          names['singular'] = names['kind'].toLowerCase();
        if (!names['listKind'] && typeof names['kind'] === 'string' && names['kind'] !== '') {
          names['listKind'] = `${names['kind']}List`;
        }
        reorderStruct(names, [
          'plural',
          'singular',
          'shortNames',
          'kind',
          'listKind',
          'categories',
        ]);
      }
      if (!isObject(spec['conversion'])) spec['conversion'] = { strategy: 'None' };
      const conversion = spec['conversion'] as JsonObject;
      const webhook = isObject(conversion['webhook']) ? conversion['webhook'] : undefined;
      const service = isObject(webhook?.['clientConfig'])
        ? (webhook['clientConfig'] as JsonObject)['service']
        : undefined;
      if (isObject(service) && service['port'] === undefined) {
        service['port'] = 443;
      }
      reorderStruct(spec, [
        'group',
        'names',
        'scope',
        'versions',
        'conversion',
        'preserveUnknownFields',
      ]);
      const status = isObject(obj['status']) ? obj['status'] : undefined;
      if (
        status &&
        (!Array.isArray(status['storedVersions']) || status['storedVersions'].length === 0)
      ) {
        const versions = Array.isArray(spec['versions']) ? spec['versions'] : [];
        const storage = versions.find((v) => isObject(v) && v['storage'] === true) as
          JsonObject | undefined;
        if (storage) status['storedVersions'] = [storage['name'] ?? ''];
      }
      return;
    }
  }
}

function sortKeys(o: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const k of Object.keys(o).sort(compareStrings)) out[k] = o[k]!;
  return out;
}

/** ObjectMeta's fields in its Go type's order: the order kube-apiserver writes them in. */
export const objectMetaFieldOrder: readonly string[] = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
];

function reorderStruct(o: JsonObject, order: readonly string[]): void {
  const entries = order.filter((k) => k in o).map((k) => [k, o[k]!] as const);
  for (const k of Object.keys(o)) delete o[k];
  for (const [k, v] of entries) o[k] = v;
}

function reorder(meta: JsonObject, _kind: KindSchema): void {
  reorderStruct(meta, objectMetaFieldOrder);
}

/**
 * metadata as the API server reads it from a custom resource (sigs.k8s.io/json into ObjectMeta,
 * then back to a map): normalized like a built-in's, unknown fields listed under `prefix`
 * ('metadata.foo', 'spec.template.metadata.foo'). A value of the wrong type throws a plain Error
 * with encoding/json's words (the caller decides what that means where it is).
 */
export function decodeObjectMeta(
  value: Json,
  prefix = 'metadata',
): { meta: JsonObject; unknownFields: string[] } {
  const ctx: Context = {
    struct: 'ObjectMeta',
    fields: [],
    strictPath: '',
    unknown: [],
    strict: true,
  };
  try {
    if (!isObject(value)) throw typeError({ ...ctx, struct: '' }, jsonKind(value), 'v1.ObjectMeta');
    const meta = decodeStruct(
      resolveRef({ $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }),
      value,
      ctx,
    );
    return { meta, unknownFields: ctx.unknown.map((u) => `${prefix}.${u}`) };
  } catch (err) {
    if (err instanceof DecodeError) throw new Error(err.message);
    throw err;
  }
}
