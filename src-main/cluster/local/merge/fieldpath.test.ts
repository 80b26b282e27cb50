import { describe, expect, it } from 'vitest';
import {
  FieldSet,
  comparePathElements,
  field,
  formatPath,
  parsePathElementKey,
  pathElementKey,
  sortedKey,
} from './fieldpath.js';
import type { FieldPath, PathElement } from './fieldpath.js';
import { compareStrings } from './json.js';
import { MergeError } from './errors.js';

const f = (name: string): PathElement => ({ field: name });
const k = (...pairs: [string, unknown][]): PathElement => ({
  key: sortedKey(pairs as [string, never][]),
});
const v = (value: unknown): PathElement => ({ value: value as never });
const i = (index: number): PathElement => ({ index });

describe('FieldsV1 encoding', () => {
  it('serializes elements as the API server does', () => {
    expect(pathElementKey(f('spec'))).toBe('f:spec');
    expect(pathElementKey(k(['protocol', 'TCP'], ['containerPort', 80]))).toBe(
      'k:{"containerPort":80,"protocol":"TCP"}',
    );
    expect(pathElementKey(v('a'))).toBe('v:"a"');
    expect(pathElementKey(v({ b: 1, a: [true, null] }))).toBe('v:{"a":[true,null],"b":1}');
    expect(pathElementKey(i(3))).toBe('i:3');
    // Go's encoder escapes HTML characters inside the key's JSON.
    expect(pathElementKey(k(['name', 'a<b&c>']))).toBe('k:{"name":"a\\u003cb\\u0026c\\u003e"}');
  });

  it('writes keys in element order with "." first for members that have children', () => {
    const set = FieldSet.of(
      [f('spec'), f('template'), f('spec'), f('containers'), k(['name', 'nginx'])],
      [f('spec'), f('template'), f('spec'), f('containers'), k(['name', 'nginx']), f('name')],
      [f('spec'), f('template'), f('spec'), f('containers'), k(['name', 'nginx']), f('image')],
      [f('metadata'), f('labels'), f('app')],
      [f('metadata'), f('labels')],
      [f('spec'), f('list'), i(0)],
      [f('spec'), f('list'), v('x')],
      [f('spec'), f('list'), k(['a', 1])],
      [f('spec'), f('list'), f('zzz')],
    );
    const json = JSON.stringify(set.toFieldsV1());
    expect(json).toBe(
      '{"f:metadata":{"f:labels":{".":{},"f:app":{}}},' +
        '"f:spec":{"f:list":{"f:zzz":{},"k:{\\"a\\":1}":{},"v:\\"x\\"":{},"i:0":{}},' +
        '"f:template":{"f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{},"f:name":{}}}}}}}',
    );
  });

  it('orders field names by bytes, values by type then value, keys field by field', () => {
    const names = ['b', 'a', 'B', '_', 'aa', 'é', '\u{1F600}', '\uFFFD'];
    const sorted = [...names].sort((x, y) => comparePathElements(f(x), f(y)));
    expect(sorted).toEqual(['B', '_', 'a', 'aa', 'b', 'é', '\uFFFD', '\u{1F600}']);
    const values = [null, true, 'a', 2, 1.5, [1], { a: 1 }, false];
    const sortedValues = values
      .map((x) => v(x))
      .sort(comparePathElements)
      .map((pe) => (pe as { value: unknown }).value);
    expect(sortedValues).toEqual([1.5, 2, 'a', false, true, [1], { a: 1 }, null]);
    expect(comparePathElements(k(['a', 1]), k(['a', 1], ['b', 1]))).toBe(-1);
    expect(comparePathElements(k(['a', 2]), k(['a', 1], ['b', 1]))).toBe(1);
    expect(comparePathElements(k(['a', 1]), k(['b', 0]))).toBe(-1);
  });

  it('reads FieldsV1 back into the same set, in any key order', () => {
    const raw = {
      'f:spec': { 'f:b': {}, '.': {}, 'f:a': { 'f:x': {} } },
      'f:metadata': { 'f:labels': { 'f:app': {}, '.': {} } },
      'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {} },
    };
    const set = FieldSet.fromFieldsV1(raw);
    expect(set.has([f('spec')])).toBe(true);
    expect(set.has([f('spec'), f('a')])).toBe(false);
    expect(set.has([f('spec'), f('a'), f('x')])).toBe(true);
    expect(set.has([f('metadata')])).toBe(false);
    expect(set.has([k(['protocol', 'TCP'], ['port', 80])])).toBe(true);
    expect(JSON.stringify(set.toFieldsV1())).toBe(
      '{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{".":{},"f:a":{"f:x":{}},"f:b":{}},' +
        '"k:{\\"port\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:port":{}}}',
    );
    expect(FieldSet.fromFieldsV1(set.toFieldsV1()).equals(set)).toBe(true);
  });

  it('drops element types it does not know and rejects malformed ones', () => {
    expect(FieldSet.fromFieldsV1({ 'x:foo': {}, 'f:a': {} }).paths()).toEqual([[f('a')]]);
    expect(() => FieldSet.fromFieldsV1({ 'f:a': 1 })).toThrow(MergeError);
    expect(() => FieldSet.fromFieldsV1({ fx: {} })).toThrow(/missing colon/);
    expect(() => FieldSet.fromFieldsV1({ 'k:[1]': {} })).toThrow(/error decoding set/);
    expect(parsePathElementKey('i:12')).toEqual(i(12));
  });
});

describe('set operations', () => {
  const a = FieldSet.of(
    field('spec', 'a'),
    field('spec', 'b'),
    field('spec'),
    field('status', 'x'),
  );
  const b = FieldSet.of(field('spec', 'b'), field('spec', 'c'), field('status'));

  const list = (s: FieldSet) => s.paths().map(formatPath);

  it('union, intersection and difference work member by member', () => {
    expect(list(a.union(b))).toEqual([
      '.spec',
      '.status',
      '.spec.a',
      '.spec.b',
      '.spec.c',
      '.status.x',
    ]);
    expect(list(a.intersection(b))).toEqual(['.spec.b']);
    expect(list(a.difference(b))).toEqual(['.spec', '.spec.a', '.status.x']);
    expect(list(b.difference(a))).toEqual(['.status', '.spec.c']);
  });

  it('recursive difference removes whole subtrees below members', () => {
    expect(list(a.recursiveDifference(b))).toEqual(['.spec', '.spec.a']);
    expect(list(a.recursiveDifference(FieldSet.of(field('spec'))))).toEqual(['.status.x']);
  });

  it('leaves are members with nothing below them', () => {
    expect(list(a.leaves())).toEqual(['.spec.a', '.spec.b', '.status.x']);
  });

  it('answers membership and prefix questions', () => {
    expect(a.has(field('spec'))).toBe(true);
    expect(a.has(field('status'))).toBe(false);
    expect(a.hasPrefix(field('status'))).toBe(true);
    expect(a.hasPrefix(field('metadata'))).toBe(false);
    expect(a.child(f('spec')).paths()).toEqual([[f('a')], [f('b')]]);
    expect(a.size()).toBe(4);
    expect(FieldSet.empty().isEmpty()).toBe(true);
    expect(a.difference(a).isEmpty()).toBe(true);
    expect(a.equals(FieldSet.fromFieldsV1(a.toFieldsV1()))).toBe(true);
    expect(a.equals(b)).toBe(false);
  });

  it('never mutates its operands', () => {
    const before = JSON.stringify(a.toFieldsV1());
    a.union(b);
    a.difference(b);
    a.recursiveDifference(b);
    expect(JSON.stringify(a.toFieldsV1())).toBe(before);
  });
});

describe('paths as conflict messages print them', () => {
  it('formats every element kind', () => {
    const path: FieldPath = [
      f('spec'),
      f('ports'),
      k(['port', 80], ['protocol', 'TCP']),
      f('x'),
      v('a"b'),
      i(2),
      v(1.5),
    ];
    expect(formatPath(path)).toBe('.spec.ports[port=80,protocol="TCP"].x[="a\\"b"][2][=1.5]');
  });
});

describe('string order', () => {
  it('compares as Go compares UTF-8 bytes', () => {
    expect(compareStrings('a', 'b')).toBe(-1);
    expect(compareStrings('ab', 'a')).toBe(1);
    expect(compareStrings('\uFFFF', '\u{10000}')).toBe(-1);
    expect('\uFFFF' < '\u{10000}').toBe(false); // why the helper exists
    expect(compareStrings('x', 'x')).toBe(0);
  });
});
