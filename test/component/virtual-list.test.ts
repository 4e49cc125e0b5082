import { describe, expect, test } from 'vitest';
import { fireEvent, render } from '@testing-library/svelte';
import { tick } from 'svelte';
import VirtualListHarness from './VirtualListHarness.svelte';

const makeItems = (n: number, label = 'Row') =>
  Array.from({ length: n }, (_, i) => ({ id: `id-${i}`, name: `${label} ${i}` }));

describe('VirtualList', () => {
  test('renders only a window of a long list, with its position announced', () => {
    const { container } = render(VirtualListHarness, { items: makeItems(10_000) });
    const rows = container.querySelectorAll('li');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(50);
    expect(rows[0]?.textContent).toBe('Row 0');
    expect(rows[0]?.getAttribute('aria-setsize')).toBe('10000');
    const spacer = container.querySelector('ul');
    expect(spacer?.style.height).toBe(`${10_000 * 40}px`);
  });

  test('rows are reused by position: after a scroll they show the rows at the new position, in order', async () => {
    const { container } = render(VirtualListHarness, { items: makeItems(10_000) });
    const before = [...container.querySelectorAll('li')];
    const viewport = container.querySelector('ul')?.parentElement;
    if (!viewport) throw new Error('no viewport');
    viewport.scrollTop = 4_000; // row 100 at the top; 6 rows of overscan above it
    await fireEvent.scroll(viewport);
    await tick();
    const after = [...container.querySelectorAll('li')];
    expect(after.map((li) => li.textContent)).toEqual(after.map((_, i) => `Row ${94 + i}`));
    expect(after.map((li) => li.getAttribute('aria-posinset'))).toEqual(after.map((_, i) => String(95 + i)));
    expect(after[0]?.style.transform).toBe(`translateY(${94 * 40}px)`);
    // The elements that were there are updated in place (at the top there was no overscan above, so
    // the window grew by those rows).
    expect(after.length).toBeGreaterThanOrEqual(before.length);
    expect(before.every((li, i) => after[i] === li)).toBe(true);
  });

  test('a replaced list (new search) shows the new items, not stale text', async () => {
    const { container, rerender } = render(VirtualListHarness, { items: makeItems(100) });
    await rerender({ items: makeItems(3, 'Match') });
    expect([...container.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'Match 0',
      'Match 1',
      'Match 2',
    ]);
  });
});
