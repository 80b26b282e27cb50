import { describe, expect, it } from 'vitest';
import { goSliceStable, goStableSort } from './go-sort';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("Go's stable sort", () => {
  it.each([0, 1, 2, 19, 20, 21, 39, 40, 41, 63, 200, 1000])(
    'sorts %i records by key and keeps equal keys in their order',
    (n) => {
      let seed = n + 1;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % 7;
      const records = range(n).map((at) => ({ key: random(), at }));
      const sorted = [...records];
      goSliceStable(sorted, (a, b) => a.key < b.key);
      expect(sorted).toEqual([...records].sort((a, b) => a.key - b.key));
    },
  );

  // The expected orders are what Go 1.26's sort.SliceStable gives for the same input and
  // comparator: a comparator that is not a strict order shows the exact sequence of comparisons.
  it('orders like Go when every comparison says "less"', () => {
    for (const n of [5, 25, 45]) {
      const data = range(n);
      goSliceStable(data, () => true);
      expect(data).toEqual(range(n).reverse());
    }
  });

  it('orders like Go with a comparator that is not a strict order', () => {
    const data = range(50).map((i) => (i * 37) % 50);
    goSliceStable(data, (a, b) => a % 3 < b % 3 && a % 2 === 0);
    expect(data).toEqual([
      0, 24, 48, 30, 37, 22, 11, 35, 9, 46, 33, 18, 42, 20, 7, 44, 31, 16, 5, 29, 3, 40, 27, 12, 36,
      14, 1, 38, 25, 49, 10, 34, 4, 28, 23, 47, 21, 8, 45, 6, 32, 19, 43, 17, 41, 15, 2, 39, 26, 13,
    ]);
  });

  it('sorts through less(i, j) and swap(i, j) alone', () => {
    const keys = [3, 1, 2, 1, 0];
    const swaps: [number, number][] = [];
    goStableSort(
      keys.length,
      (i, j) => keys[i]! < keys[j]!,
      (i, j) => {
        swaps.push([i, j]);
        [keys[i], keys[j]] = [keys[j]!, keys[i]!];
      },
    );
    expect(keys).toEqual([0, 1, 1, 2, 3]);
    expect(swaps.length).toBeGreaterThan(0);
  });
});
