import { describe, expect, it } from 'vitest';
import type { TableColumn, TableRow } from '../../../src-main/contract';
import { formatAge } from './age';
import { arrangeRows, naturalKey, placeInSlots } from './table-model';

const columns: TableColumn[] = [
  { name: 'Name', type: 'string', format: 'name', description: '', priority: 0 },
  { name: 'Count', type: 'integer', format: '', description: '', priority: 0 },
  { name: 'Age', type: 'date', format: '', description: '', priority: 0 },
];
const row = (namespace: string, name: string, count: number, created: string): TableRow => ({
  key: `${namespace}/${name}`,
  uid: name,
  name,
  namespace,
  resourceVersion: '1',
  cells: [name, count, created],
});
const rows = [
  row('b', 'web-10', 3, '2026-01-01T00:00:00Z'),
  row('a', 'web-9', 20, '2026-01-03T00:00:00Z'),
  row('a', 'db', 1, '2026-01-02T00:00:00Z'),
];

describe('arrangeRows', () => {
  it('sorts names naturally, numbers by value and ages youngest first', () => {
    expect(
      arrangeRows(rows, columns, '', { column: 0, descending: false }).map((r) => r.name),
    ).toEqual(['db', 'web-9', 'web-10']);
    expect(
      arrangeRows(rows, columns, '', { column: 1, descending: true }).map((r) => r.name),
    ).toEqual(['web-9', 'web-10', 'db']);
    expect(
      arrangeRows(rows, columns, '', { column: 2, descending: false }).map((r) => r.name),
    ).toEqual(['web-9', 'db', 'web-10']);
    expect(
      arrangeRows(rows, columns, '', { column: -1, descending: false }).map((r) => r.namespace),
    ).toEqual(['a', 'a', 'b']);
  });

  it('sorts text the collator way when it is not a plain name', () => {
    const mixed = [row('n', 'B-2', 0, ''), row('n', 'a-10', 0, ''), row('n', 'a-9', 0, '')];
    expect(
      arrangeRows(mixed, columns, '', { column: 0, descending: false }).map((r) => r.name),
    ).toEqual(['a-9', 'a-10', 'B-2']);
  });

  it('filters by name or namespace, and leaves its input alone', () => {
    expect(
      arrangeRows(rows, columns, ' WEB ', { column: 0, descending: false }).map((r) => r.name),
    ).toEqual(['web-9', 'web-10']);
    expect(
      arrangeRows(rows, columns, 'a', { column: 0, descending: false }).map((r) => r.name),
    ).toEqual(['db', 'web-9']);
    expect(rows.map((r) => r.name)).toEqual(['web-10', 'web-9', 'db']);
  });
});

describe('naturalKey', () => {
  it('orders Kubernetes names exactly as the natural-order collator does', () => {
    const collator = new Intl.Collator(undefined, { numeric: true });
    const names = [
      'web-10',
      'web-9',
      'web-09x',
      'web',
      'web-',
      'web.1',
      'web-1.2',
      'web-1.10',
      'a',
      'a-b',
      'a.b',
      'ab',
      'a0',
      'a-0',
      '0',
      '10',
      '9',
      'zz-100-a',
      'zz-20-b',
      'kube-system',
      'kube-node-lease',
      'object-00042',
      'object-00041',
      'x-00007',
      'x-7a',
    ];
    const byCollator = [...names].sort((a, b) => collator.compare(a, b));
    const byKey = [...names].sort((a, b) => (naturalKey(a)! < naturalKey(b)! ? -1 : 1));
    expect(byKey).toEqual(byCollator);
  });

  it('leaves other text to the collator', () => {
    expect(naturalKey('Web-1')).toBeUndefined();
    expect(naturalKey('café')).toBeUndefined();
    expect(naturalKey('a b')).toBeUndefined();
    expect(naturalKey(`n-${'9'.repeat(16)}`)).toBeUndefined();
  });
});

describe('formatAge', () => {
  const now = Date.parse('2026-01-10T00:00:00Z');
  it('reads like kubectl', () => {
    expect(formatAge('2026-01-09T23:59:18Z', now)).toBe('42s');
    expect(formatAge('2026-01-09T23:55:30Z', now)).toBe('4m30s');
    expect(formatAge('2026-01-09T23:00:00Z', now)).toBe('60m');
    expect(formatAge('2026-01-09T19:30:00Z', now)).toBe('4h30m');
    expect(formatAge('2026-01-08T01:00:00Z', now)).toBe('47h');
    expect(formatAge('2026-01-08T00:00:00Z', now)).toBe('2d');
    expect(formatAge('2026-01-01T00:00:00Z', now)).toBe('9d');
    expect(formatAge('2020-01-01T00:00:00Z', now)).toBe('6y');
    expect(formatAge('not a date', now)).toBe('');
    expect(formatAge(null, now)).toBe('');
  });
});

describe('placeInSlots', () => {
  const many = Array.from({ length: 100 }, (_, i) => row('ns', `r-${i}`, i, ''));

  it('puts row i in slot i mod the pool size, ordered by slot', () => {
    const placed = placeInSlots([], many, 8, 14, 10);
    expect(placed.map((p) => [p.slot, p.index])).toEqual([
      [0, 10],
      [1, 11],
      [2, 12],
      [3, 13],
      [8, 8],
      [9, 9],
    ]);
    expect(placed[0]!.row).toBe(many[10]);
  });

  it('keeps the objects of slots whose row did not change, so their DOM is left alone', () => {
    const before = placeInSlots([], many, 0, 10, 10);
    const after = placeInSlots(before, many, 3, 13, 10);
    const kept = after.filter((p) => before.includes(p)).map((p) => p.index);
    expect(kept).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(after.filter((p) => !before.includes(p)).map((p) => p.index)).toEqual([10, 11, 12]);
  });

  it('gives a slot a new object when its row was replaced (a watch update)', () => {
    const before = placeInSlots([], many, 0, 5, 10);
    const changed = many.slice();
    changed[2] = { ...many[2]!, resourceVersion: '2' };
    const after = placeInSlots(before, changed, 0, 5, 10);
    expect(after.map((p, i) => p === before[i])).toEqual([true, true, false, true, true]);
  });

  it('refuses a window larger than the pool', () => {
    expect(() => placeInSlots([], many, 0, 11, 10)).toThrow(/needs more slots/);
  });
});
