import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import Divider from './Divider.svelte';

function renderDivider(
  props: Partial<{ pane: 'before' | 'after'; orientation: 'vertical' | 'horizontal' }> = {},
) {
  const onresize = vi.fn();
  const oncommit = vi.fn();
  const result = render(Divider, {
    label: 'Sidebar width',
    orientation: 'vertical',
    pane: 'before',
    size: 260,
    min: 160,
    max: 400,
    onresize,
    oncommit,
    ...props,
  });
  return { ...result, onresize, oncommit, divider: screen.getByRole('separator') };
}

describe('Divider', () => {
  it('is a focusable separator that says its size and bounds', () => {
    const { divider } = renderDivider();
    expect(divider.getAttribute('tabindex')).toBe('0');
    expect(divider.getAttribute('aria-label')).toBe('Sidebar width');
    expect(divider.getAttribute('aria-orientation')).toBe('vertical');
    expect(divider.getAttribute('aria-valuenow')).toBe('260');
    expect(divider.getAttribute('aria-valuemin')).toBe('160');
    expect(divider.getAttribute('aria-valuemax')).toBe('400');
  });

  it('moves with the arrow keys (Shift for bigger steps), Home and End, within its bounds', async () => {
    const { divider, oncommit, rerender } = renderDivider();
    await fireEvent.keyDown(divider, { key: 'ArrowRight' });
    expect(oncommit).toHaveBeenLastCalledWith(276);
    await fireEvent.keyDown(divider, { key: 'ArrowLeft', shiftKey: true });
    expect(oncommit).toHaveBeenLastCalledWith(196);
    await fireEvent.keyDown(divider, { key: 'End' });
    expect(oncommit).toHaveBeenLastCalledWith(400);
    await rerender({ size: 170 });
    await fireEvent.keyDown(divider, { key: 'ArrowLeft' });
    expect(oncommit).toHaveBeenLastCalledWith(160);
    await fireEvent.keyDown(divider, { key: 'ArrowUp' });
    expect(oncommit).toHaveBeenCalledTimes(4);
  });

  it('sizes the pane after it the other way: a divider above a pane grows it when moved up', async () => {
    const { divider, oncommit } = renderDivider({ orientation: 'horizontal', pane: 'after' });
    await fireEvent.keyDown(divider, { key: 'ArrowUp' });
    expect(oncommit).toHaveBeenLastCalledWith(276);
    await fireEvent.keyDown(divider, { key: 'ArrowDown' });
    expect(oncommit).toHaveBeenLastCalledWith(244);
  });

  it('follows a drag and commits the size where it is let go', async () => {
    const { divider, onresize, oncommit } = renderDivider();
    await fireEvent.pointerDown(divider, { button: 0, pointerId: 1, clientX: 260 });
    await fireEvent.pointerMove(divider, { pointerId: 1, clientX: 300 });
    expect(onresize).toHaveBeenLastCalledWith(300);
    expect(oncommit).not.toHaveBeenCalled();
    await fireEvent.pointerMove(divider, { pointerId: 1, clientX: 900 });
    expect(onresize).toHaveBeenLastCalledWith(400);
    await fireEvent.pointerUp(divider, { pointerId: 1, clientX: 320 });
    expect(oncommit).toHaveBeenCalledExactlyOnceWith(320);
    // After the drag, moves do nothing.
    await fireEvent.pointerMove(divider, { pointerId: 1, clientX: 200 });
    expect(onresize).toHaveBeenLastCalledWith(320);
  });
});
