/**
 * Field sets: which fields of an object a manager owns (structured-merge-diff's fieldpath.Set).
 *
 * A set is a tree. Each node has *members* (path elements that are in the set themselves) and
 * *children* (path elements below which more of the set lives); an element can be both, as a list
 * item that a manager owns as a whole and field by field. Path elements are a field name, a list
 * item's key fields, a set-list value or (for lists without keys) an index.
 *
 * The FieldsV1 encoding writes each node as a JSON object whose keys are the serialized elements
 * (`f:name`, `k:{"name":"x"}`, `v:"a"`, `i:0`), members as `{}` and children as nested objects,
 * with `".": {}` first where an element is both. The API server emits keys in structured-merge-
 * diff's element order — fields before keys before values before indexes; names in byte order,
 * keys field by field, values by their total order — and `toFieldsV1` does the same, so a stored
 * object's managedFields compare byte for byte with the real server's.
 *
 * Sets are immutable once built: every operation returns a new set and may share subtrees.
 */

import { compareStrings, compareValues, goJson, goJsonString, goNumber, goQuote } from './json.js';
import type { Json, JsonObject } from './json.js';
import { MergeError } from './errors.js';

/** One key field of an associative-list item: `[name, value]`. */
export type KeyField = readonly [string, Json];

export type PathElement =
  | { readonly field: string }
  | { readonly key: readonly KeyField[] }
  | { readonly value: Json }
  | { readonly index: number };

export type FieldPath = readonly PathElement[];

/** The element kinds in structured-merge-diff's order. */
function kindOf(pe: PathElement): 0 | 1 | 2 | 3 {
  if ('field' in pe) return 0;
  if ('key' in pe) return 1;
  if ('value' in pe) return 2;
  return 3;
}

export function comparePathElements(a: PathElement, b: PathElement): number {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  switch (ka) {
    case 0:
      return compareStrings((a as { field: string }).field, (b as { field: string }).field);
    case 1:
      return compareKeys(
        (a as { key: readonly KeyField[] }).key,
        (b as { key: readonly KeyField[] }).key,
      );
    case 2:
      return compareValues((a as { value: Json }).value, (b as { value: Json }).value);
    default: {
      const x = (a as { index: number }).index;
      const y = (b as { index: number }).index;
      return x < y ? -1 : x > y ? 1 : 0;
    }
  }
}

function compareKeys(a: readonly KeyField[], b: readonly KeyField[]): number {
  for (let i = 0; ; i++) {
    if (i >= a.length && i >= b.length) return 0;
    if (i >= a.length) return -1;
    if (i >= b.length) return 1;
    const c = compareStrings(a[i]![0], b[i]![0]);
    if (c !== 0) return c;
    const d = compareValues(a[i]![1], b[i]![1]);
    if (d !== 0) return d;
  }
}

/** The FieldsV1 key of an element: `f:name`, `k:{"name":"x"}`, `v:"a"`, `i:0`. */
export function pathElementKey(pe: PathElement): string {
  if ('field' in pe) return `f:${pe.field}`;
  if ('key' in pe) {
    return `k:{${pe.key.map(([n, v]) => `${goJsonString(n)}:${goJson(v)}`).join(',')}}`;
  }
  if ('value' in pe) return `v:${goJson(pe.value)}`;
  return `i:${pe.index}`;
}

/** Parses a FieldsV1 key; undefined for an element type this version does not know. */
export function parsePathElementKey(s: string): PathElement | undefined {
  if (s.length < 2) throw new Error('key must be 2 characters long');
  if (s[1] !== ':') throw new Error(`missing colon: ${s}`);
  const body = s.slice(2);
  switch (s[0]) {
    case 'f':
      return { field: body };
    case 'v':
      return { value: JSON.parse(body) as Json };
    case 'k': {
      const parsed = JSON.parse(body) as Json;
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new Error(`key must be an object: ${s}`);
      }
      return { key: sortedKey(Object.entries(parsed)) };
    }
    case 'i': {
      if (!/^-?\d+$/.test(body)) throw new Error(`invalid index: ${s}`);
      return { index: Number(body) };
    }
    default:
      return undefined;
  }
}

/** Key fields sorted by name, as structured-merge-diff keeps them. */
export function sortedKey(fields: Iterable<KeyField>): readonly KeyField[] {
  return [...fields].sort((a, b) => compareStrings(a[0], b[0]));
}

/** The human form of one element, as conflict messages print it: `.name`, `[name="x"]`. */
export function formatPathElement(pe: PathElement): string {
  if ('field' in pe) return `.${pe.field}`;
  if ('key' in pe) return `[${pe.key.map(([n, v]) => `${n}=${valueString(v)}`).join(',')}]`;
  if ('value' in pe) return `[=${valueString(pe.value)}]`;
  return `[${pe.index}]`;
}

/** A path as the API server prints it in conflicts: `.spec.ports[port=80,protocol="TCP"]`. */
export function formatPath(path: FieldPath): string {
  return path.map(formatPathElement).join('');
}

/** structured-merge-diff's value.ToString. */
function valueString(v: Json): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(valueString).join(',')}]`;
  return Object.entries(v)
    .map(([k, x]) => `${k}=${valueString(x)}`)
    .join('');
}

/** A path of field names: `field('spec', 'replicas')`. */
export function field(...names: string[]): FieldPath {
  return names.map((name) => ({ field: name }));
}

interface Child {
  readonly pe: PathElement;
  readonly set: FieldSet;
}

const emptyMembers: ReadonlyMap<string, PathElement> = new Map();
const emptyChildren: ReadonlyMap<string, Child> = new Map();

export class FieldSet {
  /** @internal Members by FieldsV1 key. */
  readonly members: ReadonlyMap<string, PathElement>;
  /** @internal Children by FieldsV1 key; never empty sets. */
  readonly children: ReadonlyMap<string, Child>;

  private constructor(
    members: ReadonlyMap<string, PathElement>,
    children: ReadonlyMap<string, Child>,
  ) {
    this.members = members;
    this.children = children;
  }

  static readonly EMPTY = new FieldSet(emptyMembers, emptyChildren);

  static empty(): FieldSet {
    return FieldSet.EMPTY;
  }

  static of(...paths: FieldPath[]): FieldSet {
    const b = new FieldSetBuilder();
    for (const p of paths) b.insert(p);
    return b.build();
  }

  /** @internal */
  static fromParts(
    members: ReadonlyMap<string, PathElement>,
    children: ReadonlyMap<string, Child>,
  ): FieldSet {
    if (members.size === 0 && children.size === 0) return FieldSet.EMPTY;
    return new FieldSet(members, children);
  }

  /** Decodes a FieldsV1 object. Throws a MergeError (500) on a malformed set. */
  static fromFieldsV1(json: Json): FieldSet {
    try {
      return readFieldsV1(json).set ?? FieldSet.EMPTY;
    } catch (err) {
      throw new MergeError(500, 'InternalError', `error decoding set: ${(err as Error).message}`);
    }
  }

  toFieldsV1(): JsonObject {
    const out: JsonObject = {};
    emitFieldsV1(this, false, out);
    return out;
  }

  toJSON(): JsonObject {
    return this.toFieldsV1();
  }

  isEmpty(): boolean {
    if (this.members.size > 0) return false;
    for (const c of this.children.values()) if (!c.set.isEmpty()) return false;
    return true;
  }

  /** The number of members, at every depth. */
  size(): number {
    let n = this.members.size;
    for (const c of this.children.values()) n += c.set.size();
    return n;
  }

  has(path: FieldPath): boolean {
    if (path.length === 0) return false;
    const s = this.parentOf(path);
    return s !== undefined && s.members.has(pathElementKey(path[path.length - 1]!));
  }

  /** The node holding the last element of `path`, if the path's parents are in the set. */
  private parentOf(path: FieldPath): FieldSet | undefined {
    let node: FieldSet | undefined = this.childByKey(pathElementKey(path[0]!));
    if (path.length === 1) return this;
    for (let i = 1; i < path.length - 1 && node; i++)
      node = node.childByKey(pathElementKey(path[i]!));
    return node;
  }

  /** Whether the set has a member at `path` or below it. */
  hasPrefix(path: FieldPath): boolean {
    if (path.length === 0) return !this.isEmpty();
    const s = this.parentOf(path);
    if (!s) return false;
    const k = pathElementKey(path[path.length - 1]!);
    return s.members.has(k) || s.children.has(k);
  }

  /** The subtree below one element (empty when there is none). */
  child(pe: PathElement): FieldSet {
    return this.children.get(pathElementKey(pe))?.set ?? FieldSet.EMPTY;
  }

  /** @internal The subtree below an element given by its FieldsV1 key. */
  childByKey(key: string): FieldSet | undefined {
    return this.children.get(key)?.set;
  }

  union(o: FieldSet): FieldSet {
    if (o === this || o.isEmptyShallow()) return this;
    if (this.isEmptyShallow()) return o;
    let members = this.members;
    if (o.members.size > 0) {
      const m = new Map(this.members);
      for (const [k, pe] of o.members) m.set(k, pe);
      members = m;
    }
    let children = this.children;
    if (o.children.size > 0) {
      const c = new Map(this.children);
      for (const [k, oc] of o.children) {
        const mine = c.get(k);
        c.set(k, mine ? { pe: mine.pe, set: mine.set.union(oc.set) } : oc);
      }
      children = c;
    }
    return FieldSet.fromParts(members, children);
  }

  intersection(o: FieldSet): FieldSet {
    const members = new Map<string, PathElement>();
    for (const [k, pe] of this.members) if (o.members.has(k)) members.set(k, pe);
    const children = new Map<string, Child>();
    for (const [k, c] of this.children) {
      const oc = o.children.get(k);
      if (!oc) continue;
      const s = c.set.intersection(oc.set);
      if (!s.isEmpty()) children.set(k, { pe: c.pe, set: s });
    }
    return FieldSet.fromParts(members, children);
  }

  /** Members of this set not in `o` (structured-merge-diff's Difference: member by member). */
  difference(o: FieldSet): FieldSet {
    if (o.isEmptyShallow()) return this;
    let members = this.members;
    if (o.members.size > 0) {
      const m = new Map<string, PathElement>();
      for (const [k, pe] of this.members) if (!o.members.has(k)) m.set(k, pe);
      members = m;
    }
    const children = new Map<string, Child>();
    for (const [k, c] of this.children) {
      const oc = o.children.get(k);
      if (!oc) {
        children.set(k, c);
        continue;
      }
      const s = c.set.difference(oc.set);
      if (!s.isEmpty()) children.set(k, { pe: c.pe, set: s });
    }
    return FieldSet.fromParts(members, children);
  }

  /** Like difference, but a member of `o` removes the whole subtree below it too. */
  recursiveDifference(o: FieldSet): FieldSet {
    if (o.isEmptyShallow()) return this;
    const members = new Map<string, PathElement>();
    for (const [k, pe] of this.members) if (!o.members.has(k)) members.set(k, pe);
    const children = new Map<string, Child>();
    for (const [k, c] of this.children) {
      if (o.members.has(k)) continue;
      const oc = o.children.get(k);
      if (!oc) {
        children.set(k, c);
        continue;
      }
      const s = c.set.recursiveDifference(oc.set);
      if (!s.isEmpty()) children.set(k, { pe: c.pe, set: s });
    }
    return FieldSet.fromParts(members, children);
  }

  /** Only the members with nothing below them. */
  leaves(): FieldSet {
    const members = new Map<string, PathElement>();
    for (const [k, pe] of this.members) if (!this.children.has(k)) members.set(k, pe);
    const children = new Map<string, Child>();
    for (const [k, c] of this.children) children.set(k, { pe: c.pe, set: c.set.leaves() });
    return FieldSet.fromParts(members, children);
  }

  equals(o: FieldSet): boolean {
    if (this === o) return true;
    if (this.members.size !== o.members.size || this.children.size !== o.children.size)
      return false;
    for (const k of this.members.keys()) if (!o.members.has(k)) return false;
    for (const [k, c] of this.children) {
      const oc = o.children.get(k);
      if (!oc || !c.set.equals(oc.set)) return false;
    }
    return true;
  }

  /** Every member, in the order the API server iterates them (members, then children). */
  paths(): FieldPath[] {
    const out: FieldPath[] = [];
    this.iterate([], out);
    return out;
  }

  private iterate(prefix: PathElement[], out: FieldPath[]): void {
    for (const pe of sortedElements(this.members)) out.push([...prefix, pe]);
    for (const c of sortedChildren(this.children)) {
      prefix.push(c.pe);
      c.set.iterate(prefix, out);
      prefix.pop();
    }
  }

  toString(): string {
    return this.paths().map(formatPath).join('\n');
  }

  private isEmptyShallow(): boolean {
    return this.members.size === 0 && this.children.size === 0;
  }
}

/** Builds a set by insertion; `build()` hands it over and the builder must not be used again. */
export class FieldSetBuilder {
  private readonly members = new Map<string, PathElement>();
  private readonly children = new Map<string, { pe: PathElement; builder: FieldSetBuilder }>();

  insert(path: FieldPath): this {
    if (path.length === 0) return this;
    const last = path[path.length - 1]!;
    let b: FieldSetBuilder | undefined;
    for (let i = 0; i < path.length - 1; i++) b = (b ?? this).descend(path[i]!);
    (b ?? this).members.set(pathElementKey(last), last);
    return this;
  }

  insertMember(pe: PathElement, key = pathElementKey(pe)): void {
    this.members.set(key, pe);
  }

  descend(pe: PathElement, key = pathElementKey(pe)): FieldSetBuilder {
    let c = this.children.get(key);
    if (!c) {
      c = { pe, builder: new FieldSetBuilder() };
      this.children.set(key, c);
    }
    return c.builder;
  }

  build(): FieldSet {
    const children = new Map<string, Child>();
    for (const [k, c] of this.children) {
      const set = c.builder.build();
      if (!set.isEmpty()) children.set(k, { pe: c.pe, set });
    }
    return FieldSet.fromParts(this.members, children);
  }
}

function sortedElements(members: ReadonlyMap<string, PathElement>): PathElement[] {
  const list = [...members.values()];
  if (list.length > 1) list.sort(comparePathElements);
  return list;
}

function sortedChildren(children: ReadonlyMap<string, Child>): Child[] {
  const list = [...children.values()];
  if (list.length > 1) list.sort((a, b) => comparePathElements(a.pe, b.pe));
  return list;
}

function emitFieldsV1(set: FieldSet, includeSelf: boolean, out: JsonObject): void {
  if (includeSelf && (set.members.size > 0 || set.children.size > 0)) out['.'] = {};
  const entries: { key: string; pe: PathElement; member: boolean; child?: FieldSet }[] = [];
  for (const [key, pe] of set.members) {
    entries.push({ key, pe, member: true, child: set.children.get(key)?.set });
  }
  for (const [key, c] of set.children) {
    if (!set.members.has(key)) entries.push({ key, pe: c.pe, member: false, child: c.set });
  }
  if (entries.length > 1) entries.sort((a, b) => comparePathElements(a.pe, b.pe));
  for (const e of entries) {
    const node: JsonObject = {};
    if (e.child) emitFieldsV1(e.child, e.member, node);
    out[e.key] = node;
  }
}

function readFieldsV1(json: Json): { set: FieldSet | undefined; isMember: boolean } {
  if (json === null) return { set: undefined, isMember: true };
  if (typeof json !== 'object' || Array.isArray(json)) {
    throw new Error(`expect { or n, but found ${JSON.stringify(json)}`);
  }
  let isMember = false;
  let members: Map<string, PathElement> | undefined;
  let children: Map<string, Child> | undefined;
  for (const key in json) {
    const value = json[key]!;
    if (key === '.') {
      isMember = true;
      continue;
    }
    const pe = parsePathElementKey(key);
    if (!pe) continue; // an element type of a later version: dropped, as the API server does
    const canonical = pathElementKey(pe);
    const sub = readFieldsV1(value);
    if (sub.isMember) (members ??= new Map()).set(canonical, pe);
    if (sub.set) {
      children ??= new Map();
      const prev = children.get(canonical);
      children.set(canonical, { pe, set: prev ? prev.set.union(sub.set) : sub.set });
    }
  }
  if (!members && !children) return { set: undefined, isMember: true };
  return { set: FieldSet.fromParts(members ?? emptyMembers, children ?? emptyChildren), isMember };
}
