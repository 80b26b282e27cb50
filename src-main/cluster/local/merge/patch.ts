/**
 * The three patch formats of PATCH requests, with the API server's semantics and errors:
 *
 * - JSON patch (RFC 6902) as evanphx/json-patch v4 applies it: negative indexes count from the
 *   end, `replace` of a missing object key adds it, a JSON null in the path counts as missing,
 *   `test` of a missing path against null passes. A failing operation is a 422 whose message
 *   says no more than "the server rejected our request due to an error in our request" (the
 *   library's error is kept as the MergeError's `cause`).
 * - JSON merge patch (RFC 7386) as the same library applies it (nulls also pruned from objects
 *   inside replacing arrays).
 * - Strategic merge patch for the built-in kinds (k8s.io/apimachinery strategicpatch): lists
 *   with `x-kubernetes-patch-strategy: merge` merge by `x-kubernetes-patch-merge-key` (or as sets
 *   of scalars), other lists and `replace` fields are replaced; `$patch: replace|delete|merge`,
 *   `$retainKeys`, `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>`; the order of
 *   merged lists follows the library (patch order, then live order, interleaved).
 *
 * One deliberate difference: where a strategic patch both deletes items (`$patch: delete`) from a
 * list of maps and orders it (`$setElementOrder`), the library reuses the live list's Go backing
 * array while merging, so the server's order there depends on slice capacities left by decoding.
 * Here the live order is the one before the patch.
 *
 * All three return a new document and leave their inputs untouched.
 */

import { goSliceStable } from '../../../util/go-sort.js';
import { MergeError } from './errors.js';
import { clone, deepEqual, goV, isObject } from './json.js';
import type { Json, JsonObject } from './json.js';
import { definitionName, resolveRef } from './schema.js';
import type { JSONSchemaProps } from './schema.js';

// ---------------------------------------------------------------------------------------------
// JSON patch

const maxJSONPatchOperations = 10000;

function rejected(cause: string): MergeError {
  const err = new MergeError(
    422,
    'Invalid',
    'the server rejected our request due to an error in our request',
    {},
  );
  (err as { cause?: unknown }).cause = new Error(cause);
  return err;
}

type Container =
  | { kind: 'object'; value: JsonObject }
  | { kind: 'array'; holder: JsonObject | Json[]; key: string | number; value: Json[] };

function goJsonKind(v: Json | undefined): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v === 'boolean' ? 'bool' : typeof v;
}

function decodeKey(k: string): string {
  return k.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Go's strconv.Atoi, with its error text. */
function atoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s))
    throw new Error(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (!Number.isSafeInteger(n))
    throw new Error(`strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

function invalidIndex(idx: number): Error {
  return new Error(`Unable to access invalid index: ${idx}: invalid index referenced`);
}

interface Root {
  doc: Json;
}

/** The container holding the last element of `path`, and that element's key. */
function findObject(root: Root, path: string): { con: Container; key: string } | undefined {
  const split = path.split('/');
  if (split.length < 2) return undefined;
  const parts = split.slice(1, -1);
  const key = decodeKey(split[split.length - 1]!);
  let con = containerOf(root.doc, root, 'doc');
  if (!con) return undefined;
  for (const part of parts) {
    let next: Json | undefined;
    try {
      next = get(con, decodeKey(part));
    } catch {
      return undefined;
    }
    if (next === undefined || next === null) return undefined;
    const holder = con.kind === 'object' ? con.value : con.value;
    const k: string | number =
      con.kind === 'object' ? decodeKey(part) : resolveIndex(con.value, decodeKey(part));
    const c = containerOf(next, holder, k);
    if (!c) return undefined;
    con = c;
  }
  return { con, key };
}

function resolveIndex(arr: Json[], key: string): number {
  let idx = atoi(key);
  if (idx < 0) idx += arr.length;
  return idx;
}

function containerOf(v: Json, holder: unknown, key: string | number): Container | undefined {
  if (Array.isArray(v)) return { kind: 'array', holder: holder as JsonObject, key, value: v };
  if (isObject(v)) return { kind: 'object', value: v };
  return undefined;
}

function get(con: Container, key: string): Json | undefined {
  if (con.kind === 'object') return con.value[key];
  let idx = atoi(key);
  const arr = con.value;
  if (idx < 0) {
    if (idx < -arr.length) throw invalidIndex(idx);
    idx += arr.length;
  }
  if (idx >= arr.length) throw invalidIndex(idx);
  return arr[idx];
}

/** Arrays are replaced (not spliced in place) so a holder keeps seeing the current one. */
function replaceArray(con: Container & { kind: 'array' }, next: Json[]): void {
  con.value.length = 0;
  con.value.push(...next);
}

function add(con: Container, key: string, val: Json): void {
  if (con.kind === 'object') {
    con.value[key] = val;
    return;
  }
  const arr = con.value;
  if (key === '-') {
    arr.push(val);
    return;
  }
  let idx: number;
  try {
    idx = atoi(key);
  } catch (err) {
    throw new Error(`value was not a proper array index: '${key}': ${(err as Error).message}`);
  }
  const size = arr.length + 1;
  if (idx >= size) throw invalidIndex(idx);
  if (idx < 0) {
    if (idx < -size) throw invalidIndex(idx);
    idx += size;
  }
  replaceArray(con, [...arr.slice(0, idx), val, ...arr.slice(idx)]);
}

function remove(con: Container, key: string): void {
  if (con.kind === 'object') {
    if (!(key in con.value))
      throw new Error(`Unable to remove nonexistent key: ${key}: missing value`);
    delete con.value[key];
    return;
  }
  const arr = con.value;
  let idx = atoi(key);
  if (idx >= arr.length) throw invalidIndex(idx);
  if (idx < 0) {
    if (idx < -arr.length) throw invalidIndex(idx);
    idx += arr.length;
  }
  replaceArray(con, [...arr.slice(0, idx), ...arr.slice(idx + 1)]);
}

function set(con: Container, key: string, val: Json): void {
  if (con.kind === 'object') {
    con.value[key] = val;
    return;
  }
  let idx = atoi(key);
  if (idx < 0) {
    if (idx < -con.value.length) throw invalidIndex(idx);
    idx += con.value.length;
  }
  con.value[idx] = val;
}

function stringField(op: JsonObject, name: 'path' | 'from'): string {
  const v = op[name];
  if (v === undefined || v === null) {
    throw new Error(
      name === 'path'
        ? 'operation missing path field: missing value'
        : 'operation, missing from field: missing value',
    );
  }
  if (typeof v !== 'string')
    throw new Error(`json: cannot unmarshal ${goJsonKind(v)} into Go value of type string`);
  return v;
}

/** The op's value; an absent or null value is null (json-patch's nil node). */
function valueOf(op: JsonObject): Json {
  const v = op['value'];
  return v === undefined ? null : clone(v);
}

function applyOperation(root: Root, op: JsonObject): void {
  const kind = typeof op['op'] === 'string' ? op['op'] : 'unknown';
  switch (kind) {
    case 'add': {
      let path: string;
      try {
        path = stringField(op, 'path');
      } catch {
        throw new Error('add operation failed to decode path: missing value');
      }
      const found = findObject(root, path);
      if (!found)
        throw new Error(
          `add operation does not apply: doc is missing path: "${path}": missing value`,
        );
      try {
        add(found.con, found.key, valueOf(op));
      } catch (err) {
        throw new Error(`error in add for path: '${path}': ${(err as Error).message}`);
      }
      return;
    }
    case 'remove': {
      let path: string;
      try {
        path = stringField(op, 'path');
      } catch {
        throw new Error('remove operation failed to decode path: missing value');
      }
      const found = findObject(root, path);
      if (!found)
        throw new Error(
          `remove operation does not apply: doc is missing path: "${path}": missing value`,
        );
      try {
        remove(found.con, found.key);
      } catch (err) {
        throw new Error(`error in remove for path: '${path}': ${(err as Error).message}`);
      }
      return;
    }
    case 'replace': {
      let path: string;
      try {
        path = stringField(op, 'path');
      } catch (err) {
        throw new Error(`replace operation failed to decode path: ${(err as Error).message}`);
      }
      if (path === '') {
        const v = valueOf(op);
        if (!isObject(v) && !Array.isArray(v)) {
          throw new Error('replace operation value must be object or array: %!w(<nil>)');
        }
        root.doc = v;
        return;
      }
      const found = findObject(root, path);
      if (!found)
        throw new Error(
          `replace operation does not apply: doc is missing path: ${path}: missing value`,
        );
      try {
        get(found.con, found.key);
      } catch {
        throw new Error(
          `replace operation does not apply: doc is missing key: ${path}: missing value`,
        );
      }
      try {
        set(found.con, found.key, valueOf(op));
      } catch (err) {
        throw new Error(`error in remove for path: '${path}': ${(err as Error).message}`);
      }
      return;
    }
    case 'move': {
      let from: string;
      try {
        from = stringField(op, 'from');
      } catch (err) {
        throw new Error(`move operation failed to decode from: ${(err as Error).message}`);
      }
      const src = findObject(root, from);
      if (!src)
        throw new Error(
          `move operation does not apply: doc is missing from path: ${from}: missing value`,
        );
      let val: Json | undefined;
      try {
        val = get(src.con, src.key);
        remove(src.con, src.key);
      } catch (err) {
        throw new Error(`error in move for path: '${src.key}': ${(err as Error).message}`);
      }
      let path: string;
      try {
        path = stringField(op, 'path');
      } catch (err) {
        throw new Error(`move operation failed to decode path: ${(err as Error).message}`);
      }
      const dst = findObject(root, path);
      if (!dst)
        throw new Error(
          `move operation does not apply: doc is missing destination path: ${path}: missing value`,
        );
      try {
        add(dst.con, dst.key, val ?? null);
      } catch (err) {
        throw new Error(`error in move for path: '${path}': ${(err as Error).message}`);
      }
      return;
    }
    case 'copy': {
      let from: string;
      try {
        from = stringField(op, 'from');
      } catch (err) {
        throw new Error(`copy operation failed to decode from: ${(err as Error).message}`);
      }
      const src = findObject(root, from);
      if (!src)
        throw new Error(
          `copy operation does not apply: doc is missing from path: ${from}: missing value`,
        );
      let val: Json | undefined;
      try {
        val = get(src.con, src.key);
      } catch (err) {
        throw new Error(`error in copy for from: '${from}': ${(err as Error).message}`);
      }
      let path: string;
      try {
        path = stringField(op, 'path');
      } catch {
        throw new Error('copy operation failed to decode path: missing value');
      }
      const dst = findObject(root, path);
      if (!dst)
        throw new Error(
          `copy operation does not apply: doc is missing destination path: ${path}: missing value`,
        );
      try {
        add(dst.con, dst.key, clone(val ?? null));
      } catch (err) {
        throw new Error(`error while adding value during copy: ${(err as Error).message}`);
      }
      return;
    }
    case 'test': {
      let path: string;
      try {
        path = stringField(op, 'path');
      } catch (err) {
        throw new Error(`test operation failed to decode path: ${(err as Error).message}`);
      }
      const expected = op['value'];
      if (path === '') {
        if (deepEqual(root.doc, expected ?? null)) return;
        throw new Error(`testing value ${path} failed: test failed`);
      }
      const found = findObject(root, path);
      if (!found)
        throw new Error(`test operation does not apply: is missing path: ${path}: missing value`);
      let actual: Json | undefined;
      try {
        actual = get(found.con, found.key);
      } catch (err) {
        throw new Error(`error in test for path: '${path}': ${(err as Error).message}`);
      }
      if (actual === undefined || actual === null) {
        if (expected === undefined || expected === null) return;
        throw new Error(`testing value ${path} failed: test failed`);
      }
      if (expected === undefined || !deepEqual(actual, expected)) {
        throw new Error(`testing value ${path} failed: test failed`);
      }
      return;
    }
    default:
      throw new Error(`Unexpected kind: ${kind}`);
  }
}

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface PatchOptions {
  /** The request's fieldValidation (the API server's default is Warn). */
  fieldValidation?: FieldValidation;
}

/**
 * What fieldValidation Strict/Warn makes of a JSON patch before applying it: the 400 for a patch
 * that does not decode into operations, and the unknown fields of operations as the server words
 * them (`json patch unknown field "[0].foo"`).
 */
export function jsonPatchStrictErrors(patch: Json): string[] {
  const fail = (m: string) => new MergeError(400, 'BadRequest', `error decoding patch: ${m}`);
  if (patch === null) return [];
  if (!Array.isArray(patch)) {
    throw fail(
      `json: cannot unmarshal ${goJsonKind(patch)} into Go value of type []handlers.jsonPatchOp`,
    );
  }
  const unknown: string[] = [];
  patch.forEach((op, i) => {
    if (op === null) return;
    if (!isObject(op)) {
      throw fail(
        `json: cannot unmarshal ${goJsonKind(op)} into Go value of type handlers.jsonPatchOp`,
      );
    }
    for (const [k, v] of Object.entries(op)) {
      if (k === 'op' || k === 'path' || k === 'from') {
        if (v !== null && typeof v !== 'string') {
          throw fail(
            `json: cannot unmarshal ${goJsonKind(v)} into Go struct field jsonPatchOp.${k} of type string`,
          );
        }
      } else if (k !== 'value')
        unknown.push(`json patch unknown field ${JSON.stringify(`[${i}].${k}`)}`);
    }
  });
  return unknown;
}

/**
 * Applies a JSON patch (already parsed). Throws MergeError: 400 for a patch that is not a list
 * of operations, 413 for more than 10000 operations, 422 when an operation does not apply.
 */
export function applyJsonPatch(doc: Json, patch: Json, options: PatchOptions = {}): Json {
  if ((options.fieldValidation ?? 'Warn') !== 'Ignore') jsonPatchStrictErrors(patch);
  if (patch === null) return clone(doc);
  if (!Array.isArray(patch)) {
    throw new MergeError(
      400,
      'BadRequest',
      `json: cannot unmarshal ${goJsonKind(patch)} into Go value of type jsonpatch.Patch`,
    );
  }
  for (const op of patch) {
    if (op !== null && !isObject(op)) {
      throw new MergeError(
        400,
        'BadRequest',
        `json: cannot unmarshal ${goJsonKind(op)} into Go value of type jsonpatch.Operation`,
      );
    }
  }
  if (patch.length > maxJSONPatchOperations) {
    throw new MergeError(
      413,
      'RequestEntityTooLarge',
      `Request entity too large: The allowed maximum operations in a JSON patch is ${maxJSONPatchOperations}, got ${patch.length}`,
    );
  }
  const root: Root = { doc: clone(doc) };
  for (const op of patch) {
    try {
      applyOperation(root, (op ?? {}) as JsonObject);
    } catch (err) {
      if (err instanceof MergeError) throw err;
      throw rejected((err as Error).message);
    }
  }
  return root.doc;
}

// ---------------------------------------------------------------------------------------------
// JSON merge patch

function pruneNulls(v: Json): Json {
  if (isObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else pruneNulls(v[k]!);
    }
  } else if (Array.isArray(v)) {
    for (const x of v) if (x !== null) pruneNulls(x);
  }
  return v;
}

function mergeDocs(doc: JsonObject, patch: JsonObject): void {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      delete doc[k];
      continue;
    }
    const cur = doc[k];
    if (cur === undefined || cur === null) doc[k] = pruneNulls(v);
    else doc[k] = mergeValue(cur, v);
  }
}

function mergeValue(cur: Json, patch: Json): Json {
  if (!isObject(cur)) return pruneNulls(patch);
  if (!isObject(patch)) return patch;
  mergeDocs(cur, patch);
  return cur;
}

/** Applies a JSON merge patch (already parsed). A patch that is not an object is a 400. */
export function applyMergePatch(doc: Json, patch: Json, options: PatchOptions = {}): Json {
  if ((options.fieldValidation ?? 'Warn') !== 'Ignore' && patch !== null && !isObject(patch)) {
    throw new MergeError(
      400,
      'BadRequest',
      `error decoding patch: json: cannot unmarshal ${goJsonKind(patch)} into Go value of type map[string]interface {}`,
    );
  }
  if (patch === null || (typeof patch !== 'object' && !Array.isArray(patch))) {
    throw new MergeError(400, 'BadRequest', 'Invalid JSON Patch');
  }
  const p = clone(patch);
  if (Array.isArray(p)) return pruneNulls(p);
  if (!isObject(doc)) return pruneNulls(p);
  const out = clone(doc);
  mergeDocs(out, p);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Strategic merge patch

const directiveMarker = '$patch';
const deleteDirective = 'delete';
const replaceDirective = 'replace';
const mergeDirective = 'merge';
const retainKeysDirective = '$retainKeys';
const deleteFromPrimitiveListPrefix = '$deleteFromPrimitiveList';
const setElementOrderPrefix = '$setElementOrder';

class PatchError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly reason: string,
  ) {
    super(message);
  }
}

const badRequest = (m: string) => new PatchError(m, 400, 'BadRequest');
const errBadPatchFormatForPrimitiveList = () =>
  badRequest('invalid patch format of primitive list');
const errBadPatchFormatForRetainKeys = () => badRequest('invalid patch format of retainKeys');
const errBadPatchFormatForSetElementOrderList = () =>
  badRequest('invalid patch format of setElementOrder list');
const errNoListOfLists = () => new PatchError('lists of lists are not supported', 422, 'Invalid');
const plain = (m: string) => new PatchError(m, 500, '');

function errNoMergeKey(m: JsonObject, key: string): PatchError {
  return plain(`map: ${goV(m)} does not contain declared merge key: ${key}`);
}

function goType(v: Json | undefined): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  if (typeof v === 'object') return 'map[string]interface {}';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  return typeof v === 'boolean' ? 'bool' : 'string';
}

function errBadArgType(expected: 'map' | 'slice', actual: Json | undefined): PatchError {
  return plain(
    `expected a ${expected === 'map' ? 'map[string]interface {}' : '[]interface {}'}, but received a ${goType(actual)}`,
  );
}

/** What the Go struct tags of a field say: its schema and patch strategy. */
interface PatchMeta {
  schema: JSONSchemaProps | undefined;
  strategies: string[];
  mergeKey: string;
}

/** The Go struct name of a schema (for errors): the last segment of its definition name. */
function structName(schema: JSONSchemaProps | undefined, ref: string | undefined): string {
  if (ref) {
    const name = definitionName(ref);
    return name.slice(name.lastIndexOf('.') + 1);
  }
  return schema?.type === 'object' ? '' : '';
}

function lookupStruct(schema: JSONSchemaProps | undefined, key: string): PatchMeta {
  const ref = schema?.$ref;
  const s = schema ? resolveRef(schema) : undefined;
  if (!s || s.type !== 'object' || !s.properties || (s.additionalProperties && !s.properties)) {
    const kind =
      s?.type === 'array' ? 'slice' : s?.type === 'object' ? 'map' : (s?.type ?? 'interface');
    throw plain(`merging an object in json but data type is not struct, instead is: ${kind}`);
  }
  let prop = s.properties[key];
  if (!prop) {
    // Go's JSON field lookup falls back to a case-insensitive match.
    const folded = Object.keys(s.properties).find((k) => k.toLowerCase() === key.toLowerCase());
    if (folded !== undefined) prop = s.properties[folded];
  }
  if (!prop) {
    throw plain(
      `unable to find api field in struct ${structName(s, ref)} for the json field ${JSON.stringify(key)}`,
    );
  }
  return {
    schema: prop,
    strategies: (prop['x-kubernetes-patch-strategy'] ?? '').split(','),
    mergeKey: prop['x-kubernetes-patch-merge-key'] ?? '',
  };
}

function lookupSlice(schema: JSONSchemaProps | undefined, key: string): PatchMeta {
  const meta = lookupStruct(schema, key);
  const s = meta.schema ? resolveRef(meta.schema) : undefined;
  if (!s || s.type !== 'array') {
    throw plain(
      `expected slice or array type, but got: ${s?.type === 'object' ? 'map' : 'struct'}`,
    );
  }
  return { ...meta, schema: s.items };
}

function patchStrategy(strategies: string[]): string {
  switch (strategies.length) {
    case 0:
      return '';
    case 1:
      return strategies[0] === 'retainKeys' ? '' : strategies[0]!;
    case 2:
      if (strategies[0] === 'retainKeys') return strategies[1]!;
      if (strategies[1] === 'retainKeys') return strategies[0]!;
      throw plain(`unexpected patch strategy: [${strategies.join(' ')}]`);
    default:
      throw plain(`unexpected patch strategy: [${strategies.join(' ')}]`);
  }
}

function removeDirectives(obj: Json): { value: Json; keep: boolean } {
  if (isObject(obj)) {
    if (directiveMarker in obj) return { value: null, keep: false };
    for (const k of Object.keys(obj)) {
      const r = removeDirectives(obj[k]!);
      if (r.keep) obj[k] = r.value;
      else delete obj[k];
    }
    return { value: obj, keep: true };
  }
  if (Array.isArray(obj)) {
    const res: Json[] = [];
    for (const v of obj) {
      const r = removeDirectives(v);
      if (r.keep) res.push(r.value);
    }
    return { value: res, keep: true };
  }
  return { value: obj, keep: true };
}

function discardNullValuesFromPatch(v: Json): void {
  if (isObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else discardNullValuesFromPatch(v[k]!);
    }
  } else if (Array.isArray(v)) {
    for (const x of v) discardNullValuesFromPatch(x);
  }
}

/** The Go type a decoded value has, as reflect.TypeOf tells them apart. */
function typeOf(v: Json | undefined): string {
  if (v === undefined || v === null) return 'nil';
  if (Array.isArray(v)) return 'slice';
  if (typeof v === 'object') return 'map';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  return typeof v;
}

function extractKey(s: string, prefix: string): string {
  const slash = s.indexOf('/');
  if (slash < 0 || s.slice(0, slash) !== prefix) {
    if (prefix === deleteFromPrimitiveListPrefix) throw errBadPatchFormatForPrimitiveList();
    if (prefix === setElementOrderPrefix) throw errBadPatchFormatForSetElementOrderList();
    throw plain(`fail to find unknown prefix "${prefix}" in ${s}\n`);
  }
  return s.slice(slash + 1);
}

function mergeMap(
  original: JsonObject | null,
  patch: JsonObject,
  schema: JSONSchemaProps | undefined,
): JsonObject {
  if (directiveMarker in patch) {
    const directive = patch[directiveMarker];
    if (directive === replaceDirective) {
      delete patch[directiveMarker];
      return patch;
    }
    if (directive === deleteDirective) return {};
    throw plain(`unknown patch type: ${goV(directive ?? null)} in map: ${goV(patch)}`);
  }
  const orig: JsonObject = original ?? {};
  applyRetainKeys(orig, patch);
  mergePatchIntoOriginal(orig, patch, schema);
  for (const key of Object.keys(patch)) {
    const patchV = patch[key]!;
    let k = key;
    let isDeleteList = false;
    if (key.startsWith(deleteFromPrimitiveListPrefix)) {
      k = extractKey(key, deleteFromPrimitiveListPrefix);
      isDeleteList = true;
    }
    if (patchV === null) {
      delete orig[k];
      continue;
    }
    if (!(k in orig)) {
      if (!isDeleteList) {
        discardNullValuesFromPatch(patchV);
        const r = removeDirectives(patchV);
        if (r.keep) orig[k] = r.value;
        else delete orig[k];
      }
      continue;
    }
    const ot = typeOf(orig[k]);
    if (ot !== typeOf(patchV)) {
      if (!isDeleteList) {
        discardNullValuesFromPatch(patchV);
        const r = removeDirectives(patchV);
        if (r.keep) orig[k] = r.value;
        else delete orig[k];
      }
      continue;
    }
    if (ot === 'map') {
      const meta = lookupStruct(schema, k);
      const strategy = patchStrategy(meta.strategies);
      orig[k] =
        strategy !== replaceDirective
          ? mergeMap(orig[k] as JsonObject, patchV as JsonObject, meta.schema)
          : patchV;
    } else if (ot === 'slice') {
      const meta = lookupSlice(schema, k);
      const strategy = patchStrategy(meta.strategies);
      orig[k] =
        strategy === mergeDirective || isDeleteList
          ? mergeSlice(
              orig[k] as Json[],
              patchV as Json[],
              meta.schema,
              meta.mergeKey,
              isDeleteList,
            )
          : patchV;
    } else {
      const r = removeDirectives(patchV);
      if (r.keep) orig[k] = r.value;
      else delete orig[k];
    }
  }
  return orig;
}

function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!(retainKeysDirective in patch)) return;
  const list = patch[retainKeysDirective];
  delete patch[retainKeysDirective];
  if (!Array.isArray(list)) throw errBadPatchFormatForRetainKeys();
  const keep = new Set(list.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))));
  for (const [k, v] of Object.entries(patch)) {
    if (
      v === null ||
      k.startsWith(deleteFromPrimitiveListPrefix) ||
      k.startsWith(setElementOrderPrefix)
    )
      continue;
    if (!keep.has(k)) throw errBadPatchFormatForRetainKeys();
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

function mergePatchIntoOriginal(
  original: JsonObject,
  patch: JsonObject,
  schema: JSONSchemaProps | undefined,
): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(setElementOrderPrefix)) continue;
    const order = patch[key];
    delete patch[key];
    if (!Array.isArray(order)) throw errBadArgType('slice', order);
    const originalKey = extractKey(key, setElementOrderPrefix);
    const foundOriginal = originalKey in original;
    const foundPatch = originalKey in patch;
    let originalList: Json[] = [];
    let patchList: Json[] = [];
    if (foundOriginal) {
      const v = original[originalKey];
      if (!Array.isArray(v)) throw errBadArgType('slice', v);
      originalList = v;
    }
    if (foundPatch) {
      const v = patch[originalKey];
      if (!Array.isArray(v)) throw errBadArgType('slice', v);
      patchList = v;
    }
    const meta = lookupSlice(schema, originalKey);
    const strategy = patchStrategy(meta.strategies);
    validatePatchWithSetOrderList(patchList, order, meta.mergeKey);
    let merged: Json[];
    if (foundOriginal && !foundPatch) merged = originalList;
    else if (!foundOriginal && foundPatch) merged = removeDirectives(patchList).value as Json[];
    else if (foundOriginal && foundPatch) {
      merged =
        strategy === mergeDirective
          ? mergeSlice(originalList, patchList, meta.schema, meta.mergeKey, false)
          : patchList;
    } else continue;
    const [patchItems, serverOnly] = meta.mergeKey
      ? partitionMaps(merged, order, meta.mergeKey)
      : partitionPrimitives(merged, order);
    const kind = sliceElementType([originalList, patchList]);
    original[originalKey] = normalizeElementOrder(
      patchItems,
      serverOnly,
      order,
      originalList,
      meta.mergeKey,
      kind,
    );
    delete patch[originalKey];
  }
}

function validatePatchWithSetOrderList(patchList: Json[], order: Json[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const nonDelete = mergeKey ? extractToDeleteItems(patchList)[0] : patchList;
  let pi = 0;
  let si = 0;
  while (pi < nonDelete.length && si < order.length) {
    const item = nonDelete[pi]!;
    if (isObject(item) && directiveMarker in item) {
      pi++;
      continue;
    }
    if (mergeKeyValueEqual(item, order[si]!, mergeKey)) pi++;
    si++;
  }
  if (pi < nonDelete.length && si >= order.length) {
    throw plain(
      `The order in patch list:\n${goV(patchList)}\n doesn't match ${setElementOrderPrefix} list:\n${goV(order)}\n`,
    );
  }
}

function mergeKeyValueEqual(left: Json, right: Json, mergeKey: string): boolean {
  if (!mergeKey) return left === right;
  if (!isObject(left)) throw errBadArgType('map', left);
  if (!isObject(right)) throw errBadArgType('map', right);
  if (!(mergeKey in left)) throw errNoMergeKey(left, mergeKey);
  if (!(mergeKey in right)) throw errNoMergeKey(right, mergeKey);
  return left[mergeKey] === right[mergeKey];
}

function extractToDeleteItems(l: Json[]): [Json[], Json[]] {
  const keep: Json[] = [];
  const del: Json[] = [];
  for (const v of l) {
    if (!isObject(v)) throw errBadArgType('map', v);
    if (v[directiveMarker] === deleteDirective) del.push(v);
    else keep.push(v);
  }
  return [keep, del];
}

type ElementKind = 'map' | 'scalar';

function sliceElementType(slices: Json[][]): ElementKind {
  let prev: string | undefined;
  for (const s of slices) {
    for (const v of s) {
      const t = typeOf(v);
      if (prev === undefined || prev === 'nil') {
        prev = t;
        if (t === 'slice') throw errNoListOfLists();
      } else if (t !== prev) {
        throw plain(`list element types are not identical: ${goV(slices as Json)}`);
      }
    }
  }
  if (prev === undefined) throw plain('no elements in any of the given slices');
  return prev === 'map' ? 'map' : 'scalar';
}

function mergeSlice(
  original: Json[],
  patch: Json[],
  schema: JSONSchemaProps | undefined,
  mergeKey: string,
  isDeleteList: boolean,
): Json[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementType([original, patch]);
  let merged: Json[];
  let orig = original;
  let p: Json[] | undefined = patch;
  if (kind !== 'map') {
    if (isDeleteList) return deleteFromSlice(original, patch);
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (!mergeKey) throw plain('cannot merge lists without merge key for struct');
    [orig, p] = mergeSliceWithSpecialElements(original, patch, mergeKey);
    merged = mergeSliceWithoutSpecialElements(orig, p ?? [], mergeKey, schema);
  }
  const [patchItems, serverOnly] = mergeKey
    ? partitionMaps(merged, p ?? [], mergeKey)
    : partitionPrimitives(merged, p ?? []);
  return normalizeElementOrder(patchItems, serverOnly, p ?? [], orig, mergeKey, kind);
}

function mergeSliceWithSpecialElements(
  original: Json[],
  patch: Json[],
  mergeKey: string,
): [Json[], Json[] | undefined] {
  const without: Json[] = [];
  let replace = false;
  let orig = original;
  for (const v of patch) {
    const m = v as JsonObject;
    if (!(directiveMarker in m)) {
      without.push(v);
      continue;
    }
    const directive = m[directiveMarker];
    if (directive === deleteDirective) {
      if (!(mergeKey in m)) throw errNoMergeKey(m, mergeKey);
      const value = m[mergeKey];
      orig = orig.filter((x) => !(isObject(x) && mergeKey in x && x[mergeKey] === value));
    } else if (directive === replaceDirective) {
      replace = true;
    } else if (directive === mergeDirective) {
      throw plain('merging lists cannot yet be specified in the patch');
    } else {
      throw plain(`unknown patch type: ${goV(directive ?? null)} in map: ${goV(m)}`);
    }
  }
  if (replace) return [without, undefined];
  return [orig, without];
}

function findByKey(list: Json[], key: string, value: Json | undefined): number {
  for (let i = 0; i < list.length; i++) {
    const v = list[i]!;
    if (!isObject(v)) throw plain(`value for key ${i} is not a map`);
    if (key in v && v[key] === value) return i;
  }
  return -1;
}

function mergeSliceWithoutSpecialElements(
  original: Json[],
  patch: Json[],
  mergeKey: string,
  schema: JSONSchemaProps | undefined,
): Json[] {
  const out = [...original];
  for (const v of patch) {
    const m = v as JsonObject;
    if (!(mergeKey in m)) throw errNoMergeKey(m, mergeKey);
    const i = findByKey(out, mergeKey, m[mergeKey]);
    if (i >= 0) out[i] = mergeMap(out[i] as JsonObject, m, schema);
    else out.push(v);
  }
  return out;
}

function deleteFromSlice(current: Json[], toDelete: Json[]): Json[] {
  return current.filter((v) => !toDelete.some((d) => d === v));
}

/** strategicpatch's in-place deduplication, which moves the last element into each duplicate's place. */
function deduplicateScalars(s: Json[]): Json[] {
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (s[i] === s[j]) {
        s[j] = s[length]!;
        s.length = length;
        length--;
        j--;
      }
    }
  }
  return s;
}

function partitionPrimitives(merged: Json[], by: Json[]): [Json[], Json[]] {
  const inPatch = new Set(by);
  const patch: Json[] = [];
  const server: Json[] = [];
  for (const v of merged) (inPatch.has(v) ? patch : server).push(v);
  return [patch, server];
}

function partitionMaps(merged: Json[], by: Json[], mergeKey: string): [Json[], Json[]] {
  const patch: Json[] = [];
  const server: Json[] = [];
  for (const v of merged) {
    if (!isObject(v)) throw errBadArgType('map', v);
    if (!(mergeKey in v)) throw errNoMergeKey(v, mergeKey);
    (findByKey(by, mergeKey, v[mergeKey]) >= 0 ? patch : server).push(v);
  }
  return [patch, server];
}

function indexIn(list: Json[], item: Json, mergeKey: string, kind: ElementKind): number {
  const val = (x: Json) => (kind === 'map' ? (isObject(x) ? x[mergeKey] : undefined) : x);
  const target = val(item);
  for (let i = 0; i < list.length; i++) if (val(list[i]!) === target) return i;
  return -1;
}

function normalizeElementOrder(
  patch: Json[],
  serverOnly: Json[],
  patchOrder: Json[],
  serverOrder: Json[],
  mergeKey: string,
  kind: ElementKind,
): Json[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}

function normalizeSliceOrder(
  toSort: Json[],
  order: Json[],
  mergeKey: string,
  kind: ElementKind,
): Json[] {
  let list = toSort;
  let toDelete: Json[] = [];
  if (kind === 'map') {
    for (const l of [toSort, order]) {
      for (const item of l) {
        if (!isObject(item)) throw errBadArgType('map', item);
        if (!(mergeKey in item)) throw errNoMergeKey(item, mergeKey);
      }
    }
    [list, toDelete] = extractToDeleteItems(toSort);
  }
  const sorted = [...list];
  // Go's exact algorithm: the comparator is not a strict order, so another sort would differ.
  goSliceStable(sorted, (a, b) => {
    const ia = indexIn(order, a, mergeKey, kind);
    if (ia >= 0) {
      const ib = indexIn(order, b, mergeKey, kind);
      if (ib >= 0) return ia < ib;
    }
    return true;
  });
  return [...sorted, ...toDelete];
}

function mergeSortedSlice(
  left: Json[],
  right: Json[],
  serverOrder: Json[],
  mergeKey: string,
  kind: ElementKind,
): Json[] {
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  const size = left.length + right.length;
  for (let k = 0; k < size; k++) {
    if (i >= left.length && j < right.length) out.push(right[j++]!);
    else if (j >= right.length && i < left.length) out.push(left[i++]!);
    else {
      const li = indexIn(serverOrder, left[i]!, mergeKey, kind);
      const ri = indexIn(serverOrder, right[j]!, mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]!);
      else out.push(right[j++]!);
    }
  }
  return out;
}

/**
 * Applies a strategic merge patch to a built-in object (`schema` is its builtinSchema schema).
 * Throws MergeError with the API server's code and words (400, 422 or 500).
 */
export function applyStrategicMergePatch(
  doc: JsonObject,
  patch: Json,
  schema: JSONSchemaProps,
): JsonObject {
  if (!isObject(patch)) {
    throw new MergeError(
      400,
      'BadRequest',
      `json: cannot unmarshal ${goJsonKind(patch)} into Go value of type map[string]interface {}`,
    );
  }
  try {
    return mergeMap(clone(doc), clone(patch), schema);
  } catch (err) {
    if (!(err instanceof PatchError)) throw err;
    // 422s come from a generic server response that drops the library's words.
    if (err.code === 422) throw rejected(err.message);
    throw new MergeError(err.code, err.reason, err.message);
  }
}
