import { describe, expect, test } from 'vitest';
import { render } from '@testing-library/svelte';
import VirtualListHarness from './VirtualListHarness.svelte';

describe('VirtualList', () => {
  test('renders only a window of a long list, with its position announced', () => {
    const items = Array.from({ length: 10_000 }, (_, i) => ({ id: `id-${i}`, name: `Row ${i}` }));
    const { container } = render(VirtualListHarness, { items });
    const rows = container.querySelectorAll('li');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(50);
    expect(rows[0]?.textContent).toBe('Row 0');
    expect(rows[0]?.getAttribute('aria-setsize')).toBe('10000');
    const spacer = container.querySelector('ul');
    expect(spacer?.style.height).toBe(`${10_000 * 40}px`);
  });
});
