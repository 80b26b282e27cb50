/**
 * Typed values: the walks server-side apply makes over an object and its compiled schema
 * (structured-merge-diff's typed package) — validation of an applied object, its field set,
 * comparison of two objects (added, modified, removed fields), merging an applied configuration
 * into the live object, and removing items by field set.
 *
 * `undefined` is an absent value and `null` an explicit JSON null; they behave differently, as in
 * structured-merge-diff. A walk picks the side of a compiled type that fits the value (map, list
 * or scalar) and otherwise falls back to map, then scalar, then list. Atomic maps and lists, and
 * empty ones, are single leaves. Associative lists are matched item by item through their keys
 * (with schema defaults for missing key fields), sets through their values.
 *
 * Merge and removal build new containers; they never mutate their inputs, and never share a
 * mutable container of the inputs with their result.
 */

import {
  FieldSet,
  FieldSetBuilder,
  formatPathElement,
  pathElementKey,
  sortedKey,
} from './fieldpath.js';
import type { FieldPath, KeyField, PathElement } from './fieldpath.js';
import { clone, deepEqual, goNumber, goV, isObject } from './json.js';
import type { Json, JsonObject } from './json.js';
import type { Atom, ListAtom, MapAtom, Scalar } from './schema.js';

type Value = Json | undefined;
type Side = 'map' | 'scalar' | 'list' | undefined;

/** The side of a type a value is handled as (deduceAtom + handleAtom). */
function sideOf(atom: Atom, v: Value): Side {
  if (v !== undefined && v !== null) {
    if (typeof v !== 'object') {
      if (atom.scalar) return 'scalar';
    } else if (Array.isArray(v)) {
      if (atom.list) return 'list';
    } else if (atom.map) return 'map';
  }
  if (atom.map) return 'map';
  if (atom.scalar) return 'scalar';
  if (atom.list) return 'list';
  return undefined;
}

const emptyAtom: Atom = {};

function fieldAtom(map: MapAtom, key: string): Atom | undefined {
  const f = map.fields.get(key);
  return f ? f.atom : map.element;
}

export interface ValidationError {
  path: string;
  message: string;
}

/** ValidationErrors.Error(): one as `path: message`, several as a list under "errors:". */
export function formatValidationErrors(errs: readonly ValidationError[]): string {
  const one = (e: ValidationError) => (e.path ? `${e.path}: ${e.message}` : e.message);
  if (errs.length === 1) return one(errs[0]!);
  return ['errors:', ...errs.map((e) => `  ${one(e)}`)].join('\n');
}

/** The path element of an associative list's item, or an error message. */
export function listItemElement(list: ListAtom, item: Json): PathElement | string {
  if (!list.associative) return 'invalid indexing of non-associative list';
  if (list.keys.length > 0) {
    if (item === null) return 'associative list with keys may not have a null element';
    if (!isObject(item)) return 'associative list with keys may not have non-map elements';
    const fields: KeyField[] = [];
    for (const name of list.keys) {
      const v = item[name];
      if (v !== undefined) fields.push([name, v]);
      else {
        const element = list.element;
        if (!element.map)
          return `couldn't find default value for ${name}: associative list may not have non-map types`;
        const def = element.map.fields.get(name)?.default;
        if (def !== undefined) fields.push([name, def]);
      }
    }
    if (fields.length === 0) {
      return `associative list with keys has an element that omits all key fields [${list.keys
        .map((k) => JSON.stringify(k))
        .join(' ')}] (and doesn't have default values for any key fields)`;
    }
    return { key: fields.length > 1 ? sortedKey(fields) : fields };
  }
  if (isObject(item)) return "associative list without keys has an element that's a map type";
  if (Array.isArray(item)) return 'not supported: associative list with lists as elements';
  if (item === null) return "associative list without keys has an element that's an explicit null";
  return { value: item };
}

// ---------------------------------------------------------------------------------------------
// Validation (typed.AsTyped): does a value fit its type?

/** The errors of converting a value to its type; `allowDuplicates` for stored objects. */
export function validateTyped(v: Json, atom: Atom, allowDuplicates = false): ValidationError[] {
  const errs: ValidationError[] = [];
  validateNode(v, atom, allowDuplicates, [], errs);
  return errs;
}

function pathString(path: readonly PathElement[]): string {
  return path.map(formatPathElement).join('');
}

function validateNode(
  v: Json,
  atom: Atom,
  dup: boolean,
  path: PathElement[],
  errs: ValidationError[],
): void {
  switch (sideOf(atom, v)) {
    case 'scalar': {
      const msg = scalarError(atom.scalar!, v);
      if (msg) errs.push({ path: pathString(path), message: msg });
      return;
    }
    case 'list': {
      if (v === null) return;
      if (!Array.isArray(v)) {
        errs.push({ path: pathString(path), message: `expected list, got ${goPointerV(v)}` });
        return;
      }
      const list = atom.list!;
      const seen = new Set<string>();
      for (let i = 0; i < v.length; i++) {
        const child = v[i]!;
        let pe: PathElement;
        if (!list.associative) pe = { index: i };
        else {
          const r = listItemElement(list, child);
          if (typeof r === 'string') {
            errs.push({ path: pathString(path), message: `element ${i}: ${r}` });
            return;
          }
          pe = r;
          const key = pathElementKey(pe);
          if (seen.has(key) && !dup) {
            errs.push({
              path: pathString(path),
              message: `duplicate entries for key ${formatPathElement(pe)}`,
            });
          }
          seen.add(key);
        }
        path.push(pe);
        validateNode(child, list.element, dup, path, errs);
        path.pop();
      }
      return;
    }
    case 'map': {
      if (v === null) return;
      if (!isObject(v)) {
        errs.push({ path: pathString(path), message: `expected map, got ${goPointerV(v)}` });
        return;
      }
      const map = atom.map!;
      for (const key in v) {
        const t = fieldAtom(map, key);
        path.push({ field: key });
        if (!t) {
          errs.push({ path: pathString(path), message: 'field not declared in schema' });
          path.pop();
          return;
        }
        validateNode(v[key]!, t, dup, path, errs);
        path.pop();
      }
      return;
    }
    default:
      errs.push({ path: pathString(path), message: 'schema error: invalid atom: inlined' });
  }
}

function scalarError(t: Scalar, v: Json): string | undefined {
  if (v === null) return undefined;
  switch (t) {
    case 'numeric':
      return typeof v === 'number'
        ? undefined
        : `expected numeric (int or float), got ${goType(v)}`;
    case 'string':
      return typeof v === 'string' ? undefined : `expected string, got ${goSharpValue(v)}`;
    case 'boolean':
      return typeof v === 'boolean' ? undefined : `expected boolean, got ${goPointerV(v)}`;
    default:
      return typeof v !== 'object' ? undefined : `expected any scalar, got ${goPointerV(v)}`;
  }
}

function goType(v: Json): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** Go's %#v of an unstructured value. */
function goSharpV(v: Json): string {
  if (v === null) return 'interface {}(nil)';
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSharpV).join(', ')}}`;
  const keys = Object.keys(v).sort();
  return `map[string]interface {}{${keys.map((k) => `${JSON.stringify(k)}:${goSharpV(v[k]!)}`).join(', ')}}`;
}

/** `%v` of a structured-merge-diff value (a pointer to a struct holding the value). */
function goPointerV(v: Json): string {
  return `&{${goV(v)}}`;
}

function goSharpValue(v: Json): string {
  return `&value.valueUnstructured{Value:${goSharpV(v)}}`;
}

// ---------------------------------------------------------------------------------------------
// Field sets (TypedValue.ToFieldSet)

/** The fields a value sets: leaves, list items, and map keys that are not named fields. */
export function toFieldSet(v: Json, atom: Atom): FieldSet {
  const b = new FieldSetBuilder();
  collectFields(v, atom, b, undefined);
  return b.build();
}

/**
 * Walks `v` into `b` (the builder of the node's parent). `self` is the node's own element in the
 * parent, undefined at the root.
 */
function collectFields(
  v: Json,
  atom: Atom,
  parent: FieldSetBuilder,
  self: PathElement | undefined,
): void {
  switch (sideOf(atom, v)) {
    case 'scalar':
      if (self) parent.insertMember(self);
      return;
    case 'list': {
      const list = atom.list!;
      if (!list.associative) {
        if (self) parent.insertMember(self);
        return;
      }
      if (!Array.isArray(v)) return;
      const here = self ? parent.descend(self) : parent;
      const seen = new Set<string>();
      const duplicates = new Set<string>();
      const elements: (PathElement | undefined)[] = [];
      for (const item of v) {
        const pe = listItemElement(list, item);
        if (typeof pe === 'string') {
          elements.push(undefined);
          continue;
        }
        const key = pathElementKey(pe);
        elements.push(pe);
        if (seen.has(key)) {
          if (!duplicates.has(key)) {
            here.insertMember(pe, key);
            duplicates.add(key);
          }
        } else seen.add(key);
      }
      for (let i = 0; i < v.length; i++) {
        const pe = elements[i];
        if (!pe) continue;
        const key = pathElementKey(pe);
        if (duplicates.has(key)) continue;
        collectFields(v[i]!, list.element, here, pe);
        here.insertMember(pe, key);
      }
      return;
    }
    case 'map': {
      const map = atom.map!;
      if (map.atomic) {
        if (self) parent.insertMember(self);
        return;
      }
      if (!isObject(v)) return;
      const here = self ? parent.descend(self) : parent;
      for (const key in v) {
        const val = v[key]!;
        const named = map.fields.get(key);
        const t = named ? named.atom : (map.element ?? emptyAtom);
        const pe: PathElement = { field: key };
        collectFields(val, t, here, pe);
        if (val === null || !named || (isObject(val) && isEmptyObject(val))) here.insertMember(pe);
      }
      return;
    }
  }
}

function isEmptyObject(o: JsonObject): boolean {
  for (const _ in o) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Comparison (TypedValue.Compare)

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

class Comparer {
  readonly added = new FieldSetBuilder();
  readonly modified = new FieldSetBuilder();
  readonly removed = new FieldSetBuilder();
  readonly path: PathElement[] = [];

  compare(lhs: Value, rhs: Value, atom: Atom): void {
    const sl = sideOf(atom, lhs);
    const sr = sideOf(atom, rhs);
    let leaf = false;
    if (rhs === undefined) leaf = this.handle(sl, lhs, rhs, atom);
    else if (lhs === undefined || sl === sr) leaf = this.handle(sr, lhs, rhs, atom);
    else {
      this.handle(sl, lhs, rhs, atom);
      leaf = this.handle(sr, lhs, rhs, atom);
    }
    if (!leaf && this.path.length > 0) {
      if (lhs === undefined) this.added.insert(this.path);
      else if (rhs === undefined) this.removed.insert(this.path);
    }
  }

  /** Returns whether the node was a leaf. */
  private handle(side: Side, lhs: Value, rhs: Value, atom: Atom): boolean {
    switch (side) {
      case 'scalar':
        this.leaf(lhs, rhs);
        return true;
      case 'list': {
        const l = Array.isArray(lhs) ? lhs : undefined;
        const r = Array.isArray(rhs) ? rhs : undefined;
        const list = atom.list!;
        if (!list.associative || ((!l || l.length === 0) && (!r || r.length === 0))) {
          this.leaf(lhs, rhs);
          return true;
        }
        this.compareLists(list, l, r);
        return false;
      }
      case 'map': {
        const l = isObject(lhs) ? lhs : undefined;
        const r = isObject(rhs) ? rhs : undefined;
        const map = atom.map!;
        if (map.atomic || ((!l || isEmptyObject(l)) && (!r || isEmptyObject(r)))) {
          this.leaf(lhs, rhs);
          return true;
        }
        this.compareMaps(map, l, r);
        return false;
      }
    }
    return false;
  }

  private leaf(lhs: Value, rhs: Value): void {
    if (this.path.length === 0) return;
    if (lhs === undefined) this.added.insert(this.path);
    else if (rhs === undefined) this.removed.insert(this.path);
    else if (!deepEqual(lhs, rhs)) this.modified.insert(this.path);
  }

  private compareMaps(map: MapAtom, l: JsonObject | undefined, r: JsonObject | undefined): void {
    if (l) {
      for (const key in l) {
        this.path.push({ field: key });
        this.compare(l[key], r?.[key], fieldAtom(map, key) ?? emptyAtom);
        this.path.pop();
      }
    }
    if (r) {
      for (const key in r) {
        if (l && key in l) continue;
        this.path.push({ field: key });
        this.compare(undefined, r[key], fieldAtom(map, key) ?? emptyAtom);
        this.path.pop();
      }
    }
  }

  private compareLists(list: ListAtom, l: Json[] | undefined, r: Json[] | undefined): void {
    const order: { key: string; pe: PathElement }[] = [];
    const lValues = new Map<string, Json[]>();
    const rValues = new Map<string, Json[]>();
    for (const item of l ?? []) {
      const pe = listItemElement(list, item);
      if (typeof pe === 'string') continue;
      const key = pathElementKey(pe);
      const seen = lValues.get(key);
      if (seen) seen.push(item);
      else {
        lValues.set(key, [item]);
        order.push({ key, pe });
      }
    }
    for (const item of r ?? []) {
      const pe = listItemElement(list, item);
      if (typeof pe === 'string') continue;
      const key = pathElementKey(pe);
      const seen = rValues.get(key);
      if (seen) seen.push(item);
      else {
        rValues.set(key, [item]);
        if (!lValues.has(key)) order.push({ key, pe });
      }
    }
    for (const { key, pe } of order) {
      const ll = lValues.get(key) ?? [];
      const rl = rValues.get(key) ?? [];
      this.path.push(pe);
      if (ll.length <= 1 && rl.length <= 1) {
        this.compare(ll[0], rl[0], list.element);
      } else if (ll.length >= 2 && rl.length >= 2) {
        if (ll.length !== rl.length || ll.some((x, i) => !deepEqual(x, rl[i])))
          this.modified.insert(this.path);
      } else if (ll.length >= 2) {
        if (rl.length !== 0) this.compare(undefined, rl[0], list.element);
        this.removed.insert(this.path);
      } else {
        if (ll.length !== 0) this.compare(ll[0], undefined, list.element);
        this.added.insert(this.path);
      }
      this.path.pop();
    }
  }
}

/** What changed from `lhs` to `rhs`: fields added, modified (leaves) and removed. */
export function compareTyped(lhs: Json, rhs: Json, atom: Atom): Comparison {
  const c = new Comparer();
  c.compare(lhs, rhs, atom);
  return { added: c.added.build(), modified: c.modified.build(), removed: c.removed.build() };
}

// ---------------------------------------------------------------------------------------------
// Merge (TypedValue.Merge with "keep right-hand side" leaves)

/** The applied configuration `rhs` merged into `lhs`; undefined when both are absent. */
export function mergeTyped(lhs: Value, rhs: Value, atom: Atom): Value {
  const sl = sideOf(atom, lhs);
  const sr = sideOf(atom, rhs);
  if (rhs === undefined) return mergeSide(sl, lhs, rhs, atom);
  return mergeSide(sr, lhs, rhs, atom);
}

function keepRhs(lhs: Value, rhs: Value): Value {
  const v = rhs !== undefined ? rhs : lhs;
  return v === undefined ? undefined : clone(v);
}

function mergeSide(side: Side, lhs: Value, rhs: Value, atom: Atom): Value {
  switch (side) {
    case 'list': {
      const l = Array.isArray(lhs) ? lhs : undefined;
      const r = Array.isArray(rhs) ? rhs : undefined;
      const list = atom.list!;
      if (!list.associative || ((!l || l.length === 0) && (!r || r.length === 0)))
        return keepRhs(lhs, rhs);
      if (!l && !r) return undefined;
      return mergeLists(list, l, r);
    }
    case 'map': {
      const l = isObject(lhs) ? lhs : undefined;
      const r = isObject(rhs) ? rhs : undefined;
      const map = atom.map!;
      if (map.atomic || ((!l || isEmptyObject(l)) && (!r || isEmptyObject(r))))
        return keepRhs(lhs, rhs);
      if (!l && !r) return undefined;
      const out: JsonObject = {};
      let any = false;
      if (l) {
        for (const key in l) {
          const v = mergeTyped(l[key], r?.[key], fieldAtom(map, key) ?? emptyAtom);
          if (v !== undefined) {
            out[key] = v;
            any = true;
          }
        }
      }
      if (r) {
        for (const key in r) {
          if (l && key in l) continue;
          const v = mergeTyped(undefined, r[key], fieldAtom(map, key) ?? emptyAtom);
          if (v !== undefined) {
            out[key] = v;
            any = true;
          }
        }
      }
      return any ? out : undefined;
    }
    default:
      return keepRhs(lhs, rhs);
  }
}

interface Indexed {
  pes: { key: string; item: Json }[];
  observed: Map<string, Json>;
}

function indexList(list: ListAtom, items: Json[] | undefined): Indexed {
  const pes: { key: string; item: Json }[] = [];
  const observed = new Map<string, Json>();
  for (const item of items ?? []) {
    const pe = listItemElement(list, item);
    if (typeof pe === 'string') continue;
    const key = pathElementKey(pe);
    // A duplicate in the live object merges as if its value were null.
    observed.set(key, observed.has(key) ? null : item);
    pes.push({ key, item });
  }
  return { pes, observed };
}

/**
 * Merges associative lists keeping both sides' order: live items the configuration does not
 * mention stay where they are; configured items follow the configuration's order.
 */
function mergeLists(list: ListAtom, l: Json[] | undefined, r: Json[] | undefined): Value {
  const lhs = indexList(list, l);
  const rhs = indexList(list, r);
  const out: Json[] = [];
  const shared = rhs.pes.filter((x) => lhs.observed.has(x.key)).map((x) => x.key);
  let sharedAt = 0;
  let nextShared: string | undefined = shared[sharedAt++];
  const merged = new Set<string>();
  const item = (lv: Value, rv: Value) => {
    const v = mergeTyped(lv, rv, list.element);
    if (v !== undefined) out.push(v);
  };
  const lLen = lhs.pes.length;
  const rLen = rhs.pes.length;
  for (let li = 0, ri = 0; li < lLen || ri < rLen;) {
    if (li < lLen && ri < rLen) {
      const lk = lhs.pes[li]!.key;
      if (lk === rhs.pes[ri]!.key) {
        merged.add(lk);
        item(lhs.observed.get(lk), rhs.observed.get(lk));
        li++;
        ri++;
        nextShared = shared[sharedAt++];
        continue;
      }
      if (rhs.observed.has(lk) && nextShared !== undefined && nextShared !== lk) {
        li++;
        continue;
      }
    }
    if (li < lLen) {
      const lk = lhs.pes[li]!.key;
      if (!rhs.observed.has(lk)) {
        item(lhs.pes[li]!.item, undefined);
        li++;
        continue;
      } else if (merged.has(lk)) li++;
    }
    if (ri < rLen) {
      const rk = rhs.pes[ri]!.key;
      merged.add(rk);
      item(lhs.observed.get(rk), rhs.observed.get(rk));
      ri++;
      if (nextShared !== undefined && nextShared === rk) nextShared = shared[sharedAt++];
    }
  }
  return out.length > 0 ? out : undefined;
}

// ---------------------------------------------------------------------------------------------
// Removal (TypedValue.RemoveItems)

/** `v` without the members of `set` (a removed map's or list's last entry leaves null). */
export function removeItems(v: Json, set: FieldSet, atom: Atom): Json {
  return removeNode(v, set, atom) ?? null;
}

function removeNode(v: Json, set: FieldSet, atom: Atom): Json | undefined {
  switch (sideOf(atom, v)) {
    case 'scalar':
      return v;
    case 'list': {
      if (!Array.isArray(v)) return undefined;
      const list = atom.list!;
      if (v.length === 0 || !list.associative) return undefined;
      const out: Json[] = [];
      for (const item of v) {
        const pe = listItemElement(list, item);
        if (typeof pe === 'string') {
          out.push(clone(item));
          continue;
        }
        const key = pathElementKey(pe);
        if (set.members.has(key)) continue;
        const sub = set.childByKey(key);
        out.push(
          sub && !sub.isEmpty() ? (removeNode(item, sub, list.element) ?? null) : clone(item),
        );
      }
      return out.length > 0 ? out : undefined;
    }
    case 'map': {
      if (!isObject(v)) return undefined;
      const map = atom.map!;
      if (isEmptyObject(v) || map.atomic) return undefined;
      const out: JsonObject = {};
      let any = false;
      for (const key in v) {
        const fk = `f:${key}`;
        if (set.members.has(fk)) continue;
        const sub = set.childByKey(fk);
        const val = v[key]!;
        out[key] =
          sub && !sub.isEmpty()
            ? (removeNode(val, sub, fieldAtom(map, key) ?? emptyAtom) ?? null)
            : clone(val);
        any = true;
      }
      return any ? out : undefined;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------

/**
 * The set with every named (struct) field that has children made a member too, so that removing
 * the set removes such a field along with its contents (Set.EnsureNamedFieldsAreMembers).
 */
export function ensureNamedFieldsAreMembers(set: FieldSet, atom: Atom): FieldSet {
  if (set.children.size === 0) return set;
  const map = atom.map;
  let members = set.members;
  const children = new Map<string, { pe: PathElement; set: FieldSet }>();
  for (const [key, c] of set.children) {
    let sub: Atom = emptyAtom;
    if ('field' in c.pe && map) {
      const named = map.fields.get(c.pe.field);
      if (named) {
        if (!members.has(key)) {
          if (members === set.members) members = new Map(set.members);
          (members as Map<string, PathElement>).set(key, c.pe);
        }
        sub = named.atom;
      } else sub = map.element ?? emptyAtom;
    } else if ('key' in c.pe && atom.list) sub = atom.list.element;
    children.set(key, { pe: c.pe, set: ensureNamedFieldsAreMembers(c.set, sub) });
  }
  return FieldSet.fromParts(members, children);
}

/** Paths of a set, for tests and messages. */
export function pathsOf(set: FieldSet): FieldPath[] {
  return set.paths();
}
