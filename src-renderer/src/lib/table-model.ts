import type { TableCell, TableColumn, TableRow } from '../../../src-main/contract';
import { formatAge } from './age';

/** The columns a table shows: the server's priority-0 columns (what `kubectl get` prints). */
export function visibleColumns(columns: TableColumn[]): { column: TableColumn; index: number }[] {
  return columns
    .map((column, index) => ({ column, index }))
    .filter(({ column }) => column.priority === 0);
}

export function formatCell(cell: TableCell, column: TableColumn, now: number): string {
  if (cell === null) return '';
  if (column.type === 'date') return formatAge(String(cell), now);
  return String(cell);
}

/** Natural order ("web-9" before "web-10"); a Collator is many times faster than localeCompare. */
const collator = new Intl.Collator(undefined, { numeric: true });
const plain = new Intl.Collator();

export interface SortOrder {
  /** Index into the table's columns, or -1 for the namespace column. */
  column: number;
  descending: boolean;
}

/** Filters rows by a text in their name (or namespace) and sorts them by one column. */
export function arrangeRows(
  rows: TableRow[],
  columns: TableColumn[],
  filter: string,
  sort: SortOrder,
): TableRow[] {
  const needle = filter.trim().toLowerCase();
  const kept = needle
    ? rows.filter(
        (r) => r.name.toLowerCase().includes(needle) || r.namespace.toLowerCase().includes(needle),
      )
    : rows.slice();
  const column = columns[sort.column];
  const valueOf = (r: TableRow): TableCell =>
    sort.column < 0 ? r.namespace : (r.cells[sort.column] ?? null);
  const sign = sort.descending ? -1 : 1;
  // Dates sort by time: newer first reads as "younger", as kubectl users expect ascending ages.
  const dates = column?.type === 'date';
  kept.sort((a, b) => {
    const x = valueOf(a);
    const y = valueOf(b);
    let order: number;
    if (typeof x === 'number' && typeof y === 'number') order = x - y;
    else if (dates) order = plain.compare(String(y ?? ''), String(x ?? ''));
    else order = collator.compare(String(x ?? ''), String(y ?? ''));
    return sign * (order || plain.compare(a.key, b.key));
  });
  return kept;
}

/** One recycled row of a virtualized table: a DOM row (its slot) showing the row at `index`. */
export interface RowSlot {
  slot: number;
  index: number;
  row: TableRow;
}

/**
 * The rows of a window [first, last) of the table placed in recycled slots: row `index` always
 * goes to slot `index % poolSize`, so scrolling by k rows gives k slots a new row and leaves the
 * others as they were. A slot whose index and row are unchanged keeps its previous object, so
 * a keyed `{#each}` over the result touches only the slots that changed. The result is ordered
 * by slot (DOM order never changes; rows are positioned by index).
 */
export function placeInSlots(
  previous: readonly RowSlot[],
  rows: readonly TableRow[],
  first: number,
  last: number,
  poolSize: number,
): RowSlot[] {
  if (last - first > poolSize) throw new Error(`a window of ${last - first} rows needs more slots`);
  const bySlot: (RowSlot | undefined)[] = new Array(poolSize);
  for (const p of previous) if (p.slot < poolSize) bySlot[p.slot] = p;
  const placed: (RowSlot | undefined)[] = new Array(poolSize);
  for (let index = first; index < last; index++) {
    const slot = index % poolSize;
    const row = rows[index]!;
    const old = bySlot[slot];
    placed[slot] = old && old.index === index && old.row === row ? old : { slot, index, row };
  }
  return placed.filter((p): p is RowSlot => p !== undefined);
}
