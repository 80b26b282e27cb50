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

/** Natural order ("web-9" before "web-10"), for text that has no plain sort key (below). */
const collator = new Intl.Collator(undefined, { numeric: true });

export interface SortOrder {
  /** Index into the table's columns, or -1 for the namespace column. */
  column: number;
  descending: boolean;
}

/** What Kubernetes names are made of (and most printer columns' text). */
const plainText = /^[a-z0-9.-]*$/;
const digitRun = /\d+/g;
const keyDigits = 15;

/**
 * A key whose plain string order (`<`) is the collator's natural order, for the text Kubernetes
 * names are made of: lower-case letters, digits, '-' and '.' (in that alphabet the collator and
 * code-unit orders agree, '-' < '.' < digits < letters); digit runs are padded so 9 < 10.
 * Undefined for other text, which the collator compares. Comparing keys is many times faster
 * than the collator: a table of 10,000 rows sorts in milliseconds.
 */
export function naturalKey(text: string): string | undefined {
  if (!plainText.test(text)) return undefined;
  let tooLong = false;
  const key = text.replace(digitRun, (run) => {
    if (run.length > keyDigits) tooLong = true;
    return run.padStart(keyDigits, '0');
  });
  return tooLong ? undefined : key;
}

/** A row with what it sorts by, computed once per sort rather than once per comparison. */
interface Keyed {
  row: TableRow;
  number: number | undefined;
  text: string;
  key: string | undefined;
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

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
    : rows;
  const column = columns[sort.column];
  const sign = sort.descending ? -1 : 1;
  // Dates sort by time: newer first reads as "younger", as kubectl users expect ascending ages.
  // RFC 3339 timestamps order by time as plain strings.
  const dates = column?.type === 'date';
  const keyed: Keyed[] = kept.map((row) => {
    const value = sort.column < 0 ? row.namespace : (row.cells[sort.column] ?? null);
    const text = String(value ?? '');
    if (typeof value === 'number') return { row, number: value, text, key: undefined };
    return { row, number: undefined, text, key: dates ? text : naturalKey(text) };
  });
  keyed.sort((a, b) => {
    let order: number;
    if (a.number !== undefined && b.number !== undefined) order = a.number - b.number;
    else if (dates) order = byCodeUnits(b.text, a.text);
    else if (a.key !== undefined && b.key !== undefined) order = byCodeUnits(a.key, b.key);
    else order = collator.compare(a.text, b.text);
    return sign * (order || byCodeUnits(a.row.key, b.row.key));
  });
  return keyed.map((k) => k.row);
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
