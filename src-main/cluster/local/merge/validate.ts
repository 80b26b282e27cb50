/**
 * Validation of custom resources against their CRD's schema, as the API server does it: the
 * kube-openapi schema validator (the OpenAPI validation the API server runs) with its messages
 * (`spec.replicas in body must be of type integer: "string"`), turned into field errors the way
 * apiextensions-apiserver does (`spec.replicas: Invalid value: "string": …`), plus the
 * list-type invariants (no duplicate items in sets, no duplicate keys in maps).
 *
 * The validator runs, for every node: type, allOf/anyOf/oneOf/not, string (length, pattern),
 * format, number (range, multipleOf), array (items, counts, uniqueness), enum, object
 * (properties, additionalProperties, required, counts). Object properties are visited in name
 * order (the Go validator visits a map, in no fixed order). `x-kubernetes-int-or-string` is the
 * type "integer,string"; formats the API server does not support are ignored, as it strips them.
 * `x-kubernetes-validations` (CEL) are not evaluated.
 */

import { validateEmbeddedResources } from './objectmeta.js';
import { goRegExp } from './go-regexp.js';
import type { FieldError } from './errors.js';
import { deepEqual, goJson, goNumber, goQuote, isObject } from './json.js';
import type { Json, JsonObject } from './json.js';
import type { JSONSchemaProps } from './schema.js';

// --- Errors -------------------------------------------------------------------------------------

type Code =
  | 'type'
  | 'required'
  | 'tooLong'
  | 'tooShort'
  | 'pattern'
  | 'enum'
  | 'multipleOf'
  | 'max'
  | 'min'
  | 'unique'
  | 'maxItems'
  | 'minItems'
  | 'noAdditionalItems'
  | 'tooFewProperties'
  | 'tooManyProperties'
  | 'unallowedProperty'
  | 'multipleOfMustBePositive'
  | 'plain';

interface VError {
  code: Code;
  name: string;
  value?: unknown;
  valid?: number;
  values?: Json[];
  message: string;
}

class Result {
  errors: VError[] = [];
  matchCount = 0;

  add(...errs: (VError | undefined)[]): this {
    for (const e of errs) {
      if (e && !this.errors.some((x) => x.message === e.message)) this.errors.push(e);
    }
    return this;
  }

  merge(...others: (Result | undefined)[]): this {
    for (const o of others) {
      if (!o) continue;
      this.add(...o.errors);
      this.matchCount += o.matchCount;
    }
    return this;
  }

  valid(): boolean {
    return this.errors.length === 0;
  }
}

const one = (e: VError): Result => new Result().add(e);

/** Go's %v of a value inside these messages (enum lists, bounds). */
function v(x: unknown): string {
  if (x === null || x === undefined) return '<nil>';
  if (typeof x === 'number') return goNumber(x);
  if (typeof x === 'string' || typeof x === 'boolean') return String(x);
  if (Array.isArray(x)) return `[${x.map(v).join(' ')}]`;
  const keys = Object.keys(x as object).sort();
  return `map[${keys.map((k) => `${k}:${v((x as JsonObject)[k])}`).join(' ')}]`;
}

function invalidType(name: string, typeList: string, value: unknown): VError {
  const message =
    typeof value === 'string'
      ? `${name} in body must be of type ${typeList}: ${goQuote(value)}`
      : `${name} in body must be of type ${typeList}`;
  return { code: 'type', name, value, message };
}

// --- The schema, as the validator sees it -------------------------------------------------------

interface VSchema {
  types: string[];
  nullable: boolean;
  format: string;
  source: JSONSchemaProps;
  properties?: [string, VSchema][];
  propertyNames?: Set<string>;
  additionalProperties?: VSchema | boolean;
  items?: VSchema;
  allOf?: VSchema[];
  anyOf?: VSchema[];
  oneOf?: VSchema[];
  not?: VSchema;
}

const supportedFormats = new Set([
  'bsonobjectid',
  'uri',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'cidr',
  'mac',
  'uuid',
  'uuid3',
  'uuid4',
  'uuid5',
  'isbn',
  'isbn10',
  'isbn13',
  'creditcard',
  'ssn',
  'hexcolor',
  'rgbcolor',
  'byte',
  'password',
  'date',
  'duration',
  'datetime',
  'k8s-short-name',
  'k8s-long-name',
]);

function keptFormat(s: JSONSchemaProps, types: string[]): string {
  const f = s.format ?? '';
  if (!f) return '';
  const t = types.length === 1 ? types[0] : '';
  switch (t) {
    case '':
    case 'string':
      return supportedFormats.has(f.replace(/-/g, '')) ? f : '';
    case 'integer':
      return f === 'int32' || f === 'int64' ? f : '';
    case 'number':
      return f === 'float' || f === 'double' ? f : '';
    default:
      return '';
  }
}

const converted = new WeakMap<JSONSchemaProps, VSchema>();
const convertedRaw = new WeakMap<JSONSchemaProps, VSchema>();

/**
 * The validator's schema. A custom resource is validated against the CRD schema as the server
 * converts it (int-or-string is the type "integer,string", unsupported formats stripped); a
 * default value (`raw`) against the structural schema as it is (types and formats as written).
 */
function convert(s: JSONSchemaProps, raw = false): VSchema {
  const cache = raw ? convertedRaw : converted;
  const cached = cache.get(s);
  if (cached) return cached;
  const types =
    s['x-kubernetes-int-or-string'] && !raw ? ['integer', 'string'] : s.type ? [s.type] : [];
  const out: VSchema = {
    types,
    nullable: s.nullable === true,
    format: raw ? (s.format ?? '') : keptFormat(s, types),
    source: s,
  };
  cache.set(s, out);
  const sub = (x: JSONSchemaProps) => convert(x, raw);
  if (s.properties) {
    out.properties = Object.keys(s.properties)
      .sort()
      .map((k) => [k, sub(s.properties![k]!)]);
    out.propertyNames = new Set(Object.keys(s.properties));
  }
  if (s.additionalProperties !== undefined) {
    out.additionalProperties =
      typeof s.additionalProperties === 'boolean'
        ? s.additionalProperties
        : sub(s.additionalProperties);
  }
  if (s.items) out.items = sub(s.items);
  if (s.allOf) out.allOf = s.allOf.map(sub);
  if (s.anyOf) out.anyOf = s.anyOf.map(sub);
  if (s.oneOf) out.oneOf = s.oneOf.map(sub);
  if (s.not) out.not = sub(s.not);
  return out;
}

// --- The validators -----------------------------------------------------------------------------

type Kind = 'bool' | 'string' | 'int' | 'float' | 'slice' | 'map';

function kindOf(x: Json): Kind {
  if (typeof x === 'boolean') return 'bool';
  if (typeof x === 'string') return 'string';
  if (typeof x === 'number') return Number.isInteger(x) ? 'int' : 'float';
  if (Array.isArray(x)) return 'slice';
  return 'map';
}

function schemaTypeOf(k: Kind): [string, string] {
  switch (k) {
    case 'bool':
      return ['boolean', ''];
    case 'string':
      return ['string', ''];
    case 'int':
      return ['integer', 'int64'];
    case 'float':
      return ['number', 'float64'];
    case 'slice':
      return ['array', ''];
    case 'map':
      return ['object', ''];
  }
}

function validateNode(s: VSchema, data: Json, path: string): Result {
  const result = new Result();
  if (data === null) {
    result.merge(typeCheck(s, data, path));
    result.merge(enumCheck(s, data, path));
    return result;
  }
  const kind = kindOf(data);
  const run = (applies: boolean, f: () => Result | undefined) => {
    if (!applies) return;
    result.merge(f());
    result.matchCount++;
  };
  run(s.types.length > 0 || s.format !== '', () => typeCheck(s, data, path));
  run(true, () => schemaProps(s, data, path));
  run(kind === 'string', () => stringCheck(s, data as string, path));
  run(kind === 'string' && s.format !== '' && knownFormat(s.format), () =>
    formatCheck(s, data as string, path),
  );
  run(kind === 'int' || kind === 'float', () => numberCheck(s, data as number, path));
  run(kind === 'slice', () => sliceCheck(s, data as Json[], path));
  run(true, () => enumCheck(s, data, path));
  run(kind === 'map', () => objectCheck(s, data as JsonObject, path));
  result.matchCount++;
  return result;
}

function typeCheck(s: VSchema, data: Json, path: string): Result {
  const result = new Result();
  result.matchCount++;
  if (data === null) {
    if (s.types.length > 0 && !s.types.includes('null') && !s.nullable) {
      return one(invalidType(path, s.types.join(','), 'null'));
    }
    return result;
  }
  const kind = kindOf(data);
  const [schType, format] = schemaTypeOf(kind);
  const isFloatInt = schType === 'number' && Number.isInteger(data) && s.types.includes('integer');
  const isIntFloat = schType === 'integer' && s.types.includes('number');
  if (
    kind !== 'string' &&
    kind !== 'slice' &&
    s.format !== '' &&
    !(s.types.includes(schType) || format === s.format || isFloatInt || isIntFloat)
  ) {
    return one(invalidType(path, s.format, format));
  }
  if (
    !(s.types.includes('number') || s.types.includes('integer')) &&
    s.format !== '' &&
    (kind === 'string' || kind === 'slice')
  ) {
    return result;
  }
  if (!(s.types.includes(schType) || isFloatInt || isIntFloat)) {
    return one(invalidType(path, s.types.join(','), schType));
  }
  return result;
}

function stringCheck(s: VSchema, data: string, path: string): Result | undefined {
  const src = s.source;
  const length = [...data].length;
  if (src.maxLength !== undefined && length > src.maxLength) {
    return one({
      code: 'tooLong',
      name: path,
      value: data,
      valid: src.maxLength,
      message: `${path} in body should be at most ${src.maxLength} chars long`,
    });
  }
  if (src.minLength !== undefined && length < src.minLength) {
    return one({
      code: 'tooShort',
      name: path,
      value: data,
      valid: src.minLength,
      message: `${path} in body should be at least ${src.minLength} chars long`,
    });
  }
  if (src.pattern) {
    let re: RegExp | undefined;
    let problem = '';
    try {
      re = goRegExp(src.pattern);
    } catch (err) {
      problem = (err as Error).message;
    }
    if (!re) {
      return one({
        code: 'pattern',
        name: path,
        value: data,
        message: `${path} in body should match '${src.pattern}, but pattern is invalid: ${problem}'`,
      });
    }
    if (!re.test(data)) {
      return one({
        code: 'pattern',
        name: path,
        value: data,
        message: `${path} in body should match '${src.pattern}'`,
      });
    }
  }
  return undefined;
}

/** IsValueValidAgainstRange: does a number fit the schema's type and format? */
function rangeValid(val: number, typeName: string, format: string): boolean {
  if (typeName === 'integer') {
    if (!Number.isInteger(val)) return false;
    if (format === 'int32') return val >= -2147483648 && val <= 2147483647;
    if (format === 'uint32') return val >= 0 && val <= 4294967295;
    if (format === 'uint64') return val >= 0;
    return Math.abs(val) <= 2 ** 63;
  }
  if (format === 'float' || format === 'float32') return Math.abs(val) <= 3.4028234663852886e38;
  return true;
}

function numberCheck(s: VSchema, data: number, path: string): Result {
  const src = s.source;
  const result = new Result();
  const isInt = Number.isInteger(data);
  const single = s.types.length === 1 ? s.types[0]! : '';
  const typeName = single === 'integer' || single === 'number' ? single : '';
  const format =
    (typeName === 'integer' && (s.format === 'int32' || s.format === 'int64')) ||
    (typeName === 'number' && (s.format === 'float' || s.format === 'double'))
      ? s.format
      : '';
  if (typeName !== '' && !rangeValid(data, typeName, format)) {
    const what =
      format !== '' ? `${typeName} with format ${format}` : `${typeName} (default format)`;
    result.add({
      code: 'plain',
      name: '',
      message: `Checked value must be of type ${what} in ${path}`,
    });
  }
  // A bound that fits the type is compared natively: as an integer (truncated) for integers.
  const native = (bound: number) => rangeValid(bound, typeName, format);
  if (src.multipleOf !== undefined) {
    const m = src.multipleOf;
    if (native(m) && isInt) {
      const factor = Math.trunc(m);
      if (factor <= 0) result.add(mustBePositive(path, factor));
      else if (data % factor !== 0) result.add(notMultiple(path, factor, data));
    } else if (m <= 0) result.add(mustBePositive(path, m));
    else {
      const mult = m < 1 ? (1 / m) * data : data / m;
      if (!Number.isInteger(mult)) result.add(notMultiple(path, m, data));
    }
  }
  const bound = (limit: number, exclusive: boolean, max: boolean) => {
    const b = native(limit) && isInt ? Math.trunc(limit) : limit;
    const fails = max ? (exclusive ? data >= b : data > b) : exclusive ? data <= b : data < b;
    if (!fails) return;
    const words = max
      ? exclusive
        ? 'less than'
        : 'less than or equal to'
      : exclusive
        ? 'greater than'
        : 'greater than or equal to';
    result.add({
      code: max ? 'max' : 'min',
      name: path,
      value: data,
      message: `${path} in body should be ${words} ${goNumber(b)}`,
    });
  };
  if (src.minimum !== undefined) bound(src.minimum, src.exclusiveMinimum === true, false);
  if (src.maximum !== undefined) bound(src.maximum, src.exclusiveMaximum === true, true);
  result.matchCount++;
  return result;
}

function mustBePositive(path: string, factor: number): VError {
  return {
    code: 'multipleOfMustBePositive',
    name: path,
    value: factor,
    message: `factor MultipleOf declared for ${path} must be positive: ${goNumber(factor)}`,
  };
}

function notMultiple(path: string, factor: number, data: number): VError {
  return {
    code: 'multipleOf',
    name: path,
    value: data,
    message: `${path} in body should be a multiple of ${goNumber(factor)}`,
  };
}

/** A count (of items, of properties) against the schema's bounds, in go-openapi's words. */
function checkCount(
  result: Result,
  path: string,
  count: number,
  [min, max]: [number | undefined, number | undefined],
  [tooFew, tooMany]: [Code, Code],
  noun: string,
): void {
  if (min !== undefined && count < min) {
    result.add({
      code: tooFew,
      name: path,
      value: count,
      valid: min,
      message: `${path} in body should have at least ${min} ${noun}`,
    });
  }
  if (max !== undefined && count > max) {
    result.add({
      code: tooMany,
      name: path,
      value: count,
      valid: max,
      message: `${path} in body should have at most ${max} ${noun}`,
    });
  }
}

function sliceCheck(s: VSchema, data: Json[], path: string): Result {
  const src = s.source;
  const result = new Result();
  if (s.items) {
    data.forEach((item, i) => result.merge(validateNode(s.items!, item, `${path}[${i}]`)));
  }
  checkCount(
    result,
    path,
    data.length,
    [src.minItems, src.maxItems],
    ['minItems', 'maxItems'],
    'items',
  );
  if (src.uniqueItems) {
    for (let i = 0; i < data.length; i++) {
      if (data.slice(0, i).some((u) => deepEqual(u, data[i]))) {
        result.add({
          code: 'unique',
          name: path,
          message: `${path} in body shouldn't contain duplicates`,
        });
        break;
      }
    }
  }
  result.matchCount++;
  return result;
}

function enumCheck(s: VSchema, data: Json, path: string): Result | undefined {
  const values = s.source.enum;
  if (!values || values.length === 0) return undefined;
  for (const e of values) {
    if (e === null) continue;
    if (data !== null && deepEqual(data, e)) return undefined;
  }
  return one({
    code: 'enum',
    name: path,
    value: data,
    values,
    message: `${path} in body should be one of [${values.map(v).join(' ')}]`,
  });
}

function objectCheck(s: VSchema, data: JsonObject, path: string): Result {
  const src = s.source;
  const result = new Result();
  const keys = Object.keys(data);
  checkCount(
    result,
    path,
    keys.length,
    [src.minProperties, src.maxProperties],
    ['tooFewProperties', 'tooManyProperties'],
    'properties',
  );
  const ap = s.additionalProperties;
  if (ap === false) {
    for (const k of [...keys].sort()) {
      if (!s.propertyNames?.has(k)) {
        result.add({
          code: 'unallowedProperty',
          name: path,
          value: k,
          message: `${path}.${k} in body is a forbidden property`,
        });
      }
    }
  } else if (ap && ap !== true) {
    for (const k of [...keys].sort()) {
      if (!s.propertyNames?.has(k)) result.merge(validateNode(ap, data[k]!, `${path}.${k}`));
    }
  }
  for (const [name, prop] of s.properties ?? []) {
    if (name in data)
      result.merge(validateNode(prop, data[name]!, path ? `${path}.${name}` : name));
  }
  for (const k of src.required ?? []) {
    if (!(k in data))
      result.add({
        code: 'required',
        name: `${path}.${k}`,
        message: `${path}.${k} in body is required`,
      });
  }
  return result;
}

function schemaProps(s: VSchema, data: Json, path: string): Result {
  const main = new Result();
  if (s.anyOf?.length) {
    let best: Result | undefined;
    let firstSuccess: Result | undefined;
    let succeeded = false;
    for (const sub of s.anyOf) {
      const r = validateNode(sub, data, path);
      if (r.valid()) {
        best = undefined;
        succeeded = true;
        firstSuccess ??= r;
        break;
      }
      if (!best || r.matchCount > best.matchCount) best = r;
    }
    if (!succeeded)
      main.add({
        code: 'plain',
        name: '',
        message: `${goQuote(path)} must validate at least one schema (anyOf)`,
      });
    if (best) main.merge(best);
    else if (firstSuccess) main.merge(firstSuccess);
  }
  if (s.oneOf?.length) {
    let best: Result | undefined;
    let firstSuccess: Result | undefined;
    let validated = 0;
    for (const sub of s.oneOf) {
      const r = validateNode(sub, data, path);
      if (r.valid()) {
        validated++;
        best = undefined;
        firstSuccess ??= r;
        continue;
      }
      if (validated === 0 && (!best || r.matchCount > best.matchCount)) best = r;
    }
    if (validated !== 1) {
      const extra = validated === 0 ? 'Found none valid' : `Found ${validated} valid alternatives`;
      main.add({
        code: 'plain',
        name: '',
        message: `${goQuote(path)} must validate one and only one schema (oneOf). ${extra}`,
      });
      if (best) main.merge(best);
    } else if (firstSuccess) main.merge(firstSuccess);
  }
  if (s.allOf?.length) {
    let validated = 0;
    for (const sub of s.allOf) {
      const r = validateNode(sub, data, path);
      if (r.valid()) validated++;
      main.merge(r);
    }
    if (validated !== s.allOf.length) {
      main.add({
        code: 'plain',
        name: '',
        message: `${goQuote(path)} must validate all the schemas (allOf)${validated === 0 ? '. None validated' : ''}`,
      });
    }
  }
  if (s.not && validateNode(s.not, data, path).valid()) {
    main.add({
      code: 'plain',
      name: '',
      message: `${goQuote(path)} must not validate the schema (not)`,
    });
  }
  main.matchCount++;
  return main;
}

// --- Formats ------------------------------------------------------------------------------------

function knownFormat(format: string): boolean {
  return supportedFormats.has(format.replace(/-/g, ''));
}

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function formatValid(format: string, s: string): boolean {
  switch (format.replace(/-/g, '')) {
    case 'datetime':
      return (
        /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?$/.test(s) &&
        !Number.isNaN(Date.parse(s.replace(' ', 'T')))
      );
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s));
    case 'byte':
      return /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/.test(
        s,
      );
    case 'uuid':
      return /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s);
    case 'uuid3':
      return /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s);
    case 'uuid4':
      return /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i.test(s);
    case 'uuid5':
      return /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i.test(s);
    case 'ipv4':
      return (
        /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s) &&
        s.split('.').every((p) => Number(p) <= 255)
      );
    case 'ipv6':
      return s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s);
    case 'cidr': {
      const [ip, bits, extra] = s.split('/');
      if (extra !== undefined || bits === undefined || !/^\d+$/.test(bits)) return false;
      if (formatValid('ipv4', ip ?? '')) return Number(bits) <= 32;
      return formatValid('ipv6', ip ?? '') && Number(bits) <= 128;
    }
    case 'mac':
      return /^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/.test(s);
    case 'hostname':
      return (
        s.length <= 255 &&
        /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9\-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$/u.test(
          s,
        ) &&
        s.split('.').every((p) => p.length <= 63)
      );
    case 'email':
      return /^[^\s@<>]+@[^\s@<>]+$/.test(s);
    case 'uri':
      return /^([a-zA-Z][a-zA-Z0-9+.-]*:|\/)\S*$/.test(s);
    case 'duration':
      return (
        /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(s) || /^\d+\s*[A-Za-zµ]+$/.test(s) || s === '0'
      );
    case 'password':
      return true;
    case 'hexcolor':
      return /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(s);
    case 'rgbcolor':
      return /^rgb\(\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*\)$/.test(
        s,
      );
    case 'ssn':
      return /^\d{3}[- ]?\d{2}[- ]?\d{4}$/.test(s);
    case 'bsonobjectid':
      return /^[0-9a-fA-F]{24}$/.test(s);
    case 'isbn10':
      return /^(?:[0-9]{9}X|[0-9]{10})$/.test(s.replace(/[\s-]/g, ''));
    case 'isbn13':
      return /^(?:[0-9]{13})$/.test(s.replace(/[\s-]/g, ''));
    case 'isbn':
      return formatValid('isbn10', s) || formatValid('isbn13', s);
    case 'creditcard':
      return /^\d{13,19}$/.test(s.replace(/\D/g, ''));
    case 'k8sshortname':
      return s.length <= 63 && dns1123Label.test(s);
    case 'k8slongname':
      return s.length <= 253 && dns1123Subdomain.test(s);
    default:
      return true;
  }
}

function formatCheck(s: VSchema, data: string, path: string): Result | undefined {
  if (formatValid(s.format, data)) return undefined;
  return one(invalidType(path, s.format, data));
}

// --- Field errors -------------------------------------------------------------------------------

function toFieldErrors(errors: readonly VError[], base: string): FieldError[] {
  return errors.map((e): FieldError => {
    // Errors without a path name the base path; a custom resource's is nil, printed "<nil>".
    if (e.code === 'plain')
      return { type: 'FieldValueInvalid', field: base, badValue: '', detail: e.message };
    const field = e.name && e.name !== '.' ? e.name.replace(/^\./, '') : '';
    switch (e.code) {
      case 'required':
        return { type: 'FieldValueRequired', field, detail: '' };
      case 'enum':
        return {
          type: 'FieldValueNotSupported',
          field,
          badValue: (e.value ?? null) as Json,
          detail: `supported values: ${(e.values ?? [])
            .map((x) => goQuote(typeof x === 'string' ? x : JSON.stringify(x)))
            .join(', ')}`,
        };
      case 'tooLong': {
        const max = e.valid ?? -1;
        return {
          type: 'FieldValueTooLong',
          field,
          detail:
            max >= 0
              ? `may not be more than ${max} ${max === 1 ? 'byte' : 'bytes'}`
              : 'value is too long',
        };
      }
      case 'maxItems':
      case 'tooManyProperties': {
        const max = e.valid ?? -1;
        const actual = (e.value ?? -1) as number;
        const err: FieldError = {
          type: 'FieldValueTooMany',
          field,
          badValue: actual,
          detail:
            max >= 0
              ? `must have at most ${max} ${max === 1 ? 'item' : 'items'}`
              : 'has too many items',
        };
        if (actual < 0) err.omitValue = true;
        return err;
      }
      case 'type':
        return {
          type: 'FieldValueTypeInvalid',
          field,
          badValue: (e.value ?? '') as Json,
          detail: e.message,
        };
      default:
        return {
          type: 'FieldValueInvalid',
          field,
          badValue: (e.value ?? '') as Json,
          detail: e.message,
        };
    }
  });
}

/** Indexes of the second occurrence of each value seen more than once (validateListSet). */
function nonUnique(values: readonly Json[]): number[] {
  const seen = new Map<string, number>();
  const out: number[] = [];
  values.forEach((x, i) => {
    const key = goJson(x);
    const times = seen.get(key) ?? 0;
    seen.set(key, times + 1);
    if (times === 1) out.push(i);
  });
  return out;
}

/** The x-kubernetes-list-type invariants: sets without duplicates, maps without duplicate keys. */
function validateListTypes(
  x: Json,
  s: JSONSchemaProps | undefined,
  path: string,
  out: FieldError[],
): void {
  if (!s) return;
  if (isObject(x)) {
    const ap = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
    const keys = Object.keys(x).sort();
    if (ap) for (const k of keys) validateListTypes(x[k]!, ap, `${path}[${k}]`, out);
    if (s.properties) {
      for (const k of keys) {
        const prop = s.properties[k];
        if (prop) validateListTypes(x[k]!, prop, path ? `${path}.${k}` : k, out);
      }
    }
    return;
  }
  if (!Array.isArray(x)) return;
  const listType = s['x-kubernetes-list-type'];
  if (listType === 'set') {
    for (const i of nonUnique(x))
      out.push({
        type: 'FieldValueDuplicate',
        field: `${path}[${i}]`,
        badValue: x[i]!,
        detail: '',
      });
  } else if (listType === 'map') {
    const bad = x.findIndex((item) => item !== null && !isObject(item));
    if (bad >= 0) {
      out.push({
        type: 'FieldValueInvalid',
        field: `${path}[${bad}]`,
        badValue: x[bad]!,
        detail: 'must be an object for an array of list-type map',
      });
    } else if (x.length > 1) {
      const mapKeys = s['x-kubernetes-list-map-keys'] ?? [];
      const unspecified = '\u0000unspecified';
      const keys: Json[] = x.map((item) => {
        const o = (item ?? {}) as JsonObject;
        if (mapKeys.length === 1) return mapKeys[0]! in o ? o[mapKeys[0]!]! : unspecified;
        const key: JsonObject = {};
        for (const k of mapKeys) if (k in o) key[k] = o[k]!;
        return key;
      });
      for (const i of nonUnique(keys)) {
        const key = keys[i]!;
        const value: Json =
          mapKeys.length === 1 ? (key === unspecified ? {} : { [mapKeys[0]!]: key }) : key;
        out.push({
          type: 'FieldValueDuplicate',
          field: `${path}[${i}]`,
          badValue: value,
          detail: '',
        });
      }
    }
  }
  if (s.items) x.forEach((item, i) => validateListTypes(item, s.items, `${path}[${i}]`, out));
}

export interface ValidateOptions {
  /** The stored object on update: errors in fields that did not change are not reported. */
  old?: JsonObject;
  /**
   * Whether embedded resources' apiVersion, kind and metadata are checked (default true). A write
   * to /status validates `status` against the status schema without them, as the server does.
   */
  embeddedResources?: boolean;
  /**
   * Whether the list-type invariants are checked (default true). The server checks them after
   * the scale subresource's fields: pass false and call `validateListTypeInvariants` then.
   */
  listTypes?: boolean;
}

/**
 * Validates a custom resource against its version's schema (crdVersionSchema) and returns the
 * field errors the API server reports, in its words and order: schema errors, embedded resources'
 * apiVersion/kind/metadata, list-type duplicates. On update, `old` ratchets: a schema error in a
 * field unchanged from the stored object is not reported (CRDValidationRatcheting), nor are
 * list-type errors when the stored object had some. The object's own metadata is checked
 * separately (`validateObjectMeta` with `nameIsDnsSubdomain`, or `validateObjectMetaUpdate`).
 */
export function validateObject(
  obj: JsonObject,
  schema: JSONSchemaProps,
  options: ValidateOptions = {},
): FieldError[] {
  const result = validateNode(convert(schema), obj, '');
  let errors = toFieldErrors(result.errors, '<nil>');
  const old = options.old;
  if (old) errors = errors.filter((e) => e.field === '<nil>' || !unchanged(obj, old, e.field));
  if (options.embeddedResources !== false)
    errors.push(...validateEmbeddedResources(obj, schema, '', false));
  if (options.listTypes !== false) errors.push(...validateListTypeInvariants(obj, schema, old));
  return errors;
}

/**
 * The list-type invariants (structurallisttype.ValidateListSetsAndMaps): duplicate items of sets,
 * duplicate keys of maps, map items that are not objects. With `old` (update), none are reported
 * when the stored object breaks them too.
 */
export function validateListTypeInvariants(
  obj: JsonObject,
  schema: JSONSchemaProps,
  old?: JsonObject,
): FieldError[] {
  const errors: FieldError[] = [];
  validateListTypes(obj, schema, '', errors);
  if (errors.length && old) {
    const oldErrors: FieldError[] = [];
    validateListTypes(old, schema, '', oldErrors);
    if (oldErrors.length) return [];
  }
  return errors;
}

/**
 * The errors of a schema's default value as CRD validation reports them (the value validated
 * against the structural schema as written), with field paths under `path` (…`.default`).
 */
export function validateDefaultValue(
  value: Json,
  schema: JSONSchemaProps,
  path: string,
): FieldError[] {
  const result = validateNode(convert(schema, true), value, '');
  return toFieldErrors(result.errors, '').map((e) => ({
    ...e,
    field: e.field === '' ? path : `${path}.${e.field}`,
  }));
}

function valueAt(obj: Json, path: string): Json | undefined {
  let cur: Json | undefined = obj;
  for (const part of path.match(/[^.[\]]+|\[\d+\]/g) ?? []) {
    if (cur === undefined || cur === null) return undefined;
    if (part.startsWith('[')) {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[Number(part.slice(1, -1))];
    } else {
      if (!isObject(cur)) return undefined;
      cur = cur[part];
    }
  }
  return cur;
}

function unchanged(obj: Json, old: Json, path: string): boolean {
  const now = valueAt(obj, path);
  return now !== undefined && deepEqual(now, valueAt(old, path));
}
