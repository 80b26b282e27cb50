import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { TableColumn, TableRow } from '../../../src-main/contract';
import ResourceTable from './ResourceTable.svelte';

const columns: TableColumn[] = [
  { name: 'Name', type: 'string', format: 'name', description: '', priority: 0 },
  { name: 'Data', type: 'integer', format: '', description: '', priority: 0 },
  { name: 'Wide', type: 'string', format: '', description: '', priority: 1 },
  { name: 'Age', type: 'date', format: '', description: '', priority: 0 },
];
const now = Date.parse('2026-01-01T01:00:00Z');

function rows(n: number): TableRow[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `ns/cm-${i}`,
    uid: `u${i}`,
    name: `cm-${i}`,
    namespace: 'ns',
    resourceVersion: String(i + 1),
    cells: [`cm-${i}`, i, 'hidden', '2026-01-01T00:00:00Z'],
  }));
}

function renderTable(
  props: Partial<Parameters<typeof render<typeof ResourceTable>>[1] & object> = {},
) {
  const onselect = vi.fn();
  const onopen = vi.fn();
  const onsort = vi.fn();
  const result = render(ResourceTable, {
    columns,
    rows: rows(10_000),
    sort: { column: 0, descending: false },
    now,
    onselect,
    onopen,
    onsort,
    ...props,
  });
  return { ...result, onselect, onopen, onsort };
}

describe('ResourceTable', () => {
  it('puts only the rows in view in the document, however many there are', () => {
    renderTable();
    const grid = screen.getByRole('grid');
    expect(grid.getAttribute('aria-rowcount')).toBe('10001');
    const rendered = grid.querySelectorAll('[data-key]');
    expect(rendered.length).toBeGreaterThan(0);
    expect(rendered.length).toBeLessThan(60);
    expect(rendered[0]?.textContent).toContain('cm-0');
  });

  it('recycles row elements while scrolling: rows still in view keep their element', async () => {
    renderTable();
    const grid = screen.getByRole('grid');
    const elementOf = (key: string) => grid.querySelector(`[data-key="${key}"]`);
    const kept = elementOf('ns/cm-5');
    const recycled = elementOf('ns/cm-0');
    expect(kept).not.toBeNull();
    grid.scrollTop = 28 * 10;
    await fireEvent.scroll(grid);
    // Row 5 is still in the window (the overscan above the view), in the same element; row 0
    // scrolled out and its element now shows a row that came into view, positioned by index.
    expect(elementOf('ns/cm-5')).toBe(kept);
    expect(elementOf('ns/cm-0')).toBeNull();
    expect(recycled?.isConnected).toBe(true);
    const index = Number(recycled?.getAttribute('aria-rowindex')) - 2;
    expect(recycled?.getAttribute('data-key')).toBe(`ns/cm-${index}`);
    expect(index).toBeGreaterThan(10);
    expect(grid.querySelector('[data-key="ns/cm-12"]')).not.toBeNull();
    expect((recycled as HTMLElement).style.transform).toBe(`translateY(${index * 28}px)`);
  });

  it("shows the server's priority-0 columns, with ages from creation timestamps", () => {
    renderTable({ rows: rows(1) });
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent?.trim());
    expect(headers).toEqual(['Name', 'Data', 'Age']);
    const cells = screen.getAllByRole('gridcell').map((c) => c.textContent);
    expect(cells).toEqual(['cm-0', '0', '60m']);
  });

  it('moves the selection with the keyboard and opens with Enter', async () => {
    const { onselect, onopen, rerender } = renderTable();
    const grid = screen.getByRole('grid');
    await fireEvent.keyDown(grid, { key: 'ArrowDown' });
    expect(onselect).toHaveBeenLastCalledWith('ns/cm-0');
    await rerender({ selectedKey: 'ns/cm-0' });
    await fireEvent.keyDown(grid, { key: 'ArrowDown' });
    expect(onselect).toHaveBeenLastCalledWith('ns/cm-1');
    await fireEvent.keyDown(grid, { key: 'End' });
    expect(onselect).toHaveBeenLastCalledWith('ns/cm-9999');
    await fireEvent.keyDown(grid, { key: 'Enter' });
    expect(onopen).toHaveBeenLastCalledWith('ns/cm-0');
  });

  it('asks to sort by a column when its header is clicked, and shows the order', async () => {
    const { onsort, rerender } = renderTable({ rows: rows(3) });
    await fireEvent.click(screen.getByRole('columnheader', { name: 'Data' }));
    expect(onsort).toHaveBeenLastCalledWith({ column: 1, descending: false });
    await rerender({ sort: { column: 1, descending: true } });
    expect(screen.getByRole('columnheader', { name: 'Data' }).getAttribute('aria-sort')).toBe(
      'descending',
    );
  });

  it('adds a namespace column when showing every namespace', () => {
    renderTable({ rows: rows(1), showNamespace: true });
    expect(screen.getAllByRole('columnheader')[0]?.textContent?.trim()).toBe('Namespace');
  });
});
