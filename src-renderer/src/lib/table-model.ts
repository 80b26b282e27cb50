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
