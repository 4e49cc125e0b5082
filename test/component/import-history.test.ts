// The import history list in Settings: what each entry says, and which verbs it offers.
import { describe, expect, test, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import ImportHistorySection from '../../src/features/settings/ImportHistorySection.svelte';
import type { ImportDoc } from '../../src/state/import.svelte';

const OFF = { configured: false, pending: 0, lastSyncAt: null };

function entry(overrides: Partial<ImportDoc>): ImportDoc {
  return {
    id: 'a',
    kind: 'customers',
    fileName: 'kunden.csv',
    by: 'anna',
    startedAt: Date.UTC(2026, 11, 7, 9),
    updatedAt: Date.UTC(2026, 11, 7, 9),
    finishedAt: Date.UTC(2026, 11, 7, 9),
    state: 'finished',
    totalRows: 40,
    rejectedRows: 2,
    planned: 38,
    done: 38,
    created: 31,
    updated: 6,
    skipped: 1,
    review: 1,
    undoneAt: 0,
    kept: [],
    ...overrides,
  };
}

describe('ImportHistorySection', () => {
  test('lists imports with counts; Undo on finished, Resume and Undo on unfinished, nothing on undone', async () => {
    const onUndo = vi.fn();
    const onResume = vi.fn();
    render(ImportHistorySection, {
      history: [
        entry({ id: 'a' }),
        entry({ id: 'b', fileName: '客户.xlsx', state: 'unfinished' }),
        entry({ id: 'c', fileName: 'old.csv', state: 'undone', kept: ['x'] }),
      ],
      running: null,
      progress: null,
      lastUndo: null,
      error: null,
      sync: OFF,
      onUndo,
      onResume,
      onCancel: () => {},
      who: (by: string) => (by === 'anna' ? 'Anna Berg' : by),
      keptCustomers: () => Promise.resolve([]),
    });
    const items = screen.getAllByRole('listitem');
    // Who ran it, as the name the app gives that id.
    expect(items[0]?.textContent).toContain('by Anna Berg');
    expect(items).toHaveLength(3);
    expect(items[0]?.textContent).toContain('31 created · 6 updated · 1 skipped · 2 rejected');
    expect(items[2]?.textContent).toContain(
      '1 record changed since the import (edited, or given an order, visit or survey) was kept.',
    );
    expect(screen.getAllByRole('button', { name: 'Undo' })).toHaveLength(2);
    await fireEvent.click(screen.getByRole('button', { name: 'Resume' }));
    expect(onResume).toHaveBeenCalledWith('b');
    await fireEvent.click(screen.getAllByRole('button', { name: 'Undo' })[0] as HTMLElement);
    expect(onUndo).toHaveBeenCalledWith('a');
  });

  test('the running job shows its progress and a Cancel button', async () => {
    const onCancel = vi.fn();
    render(ImportHistorySection, {
      history: [entry({ state: 'running' })],
      running: { importId: 'a', job: 'commit', fileName: 'kunden.csv' },
      progress: { done: 500, total: 2000, rowsPerSecond: 250, msLeft: 6000 },
      lastUndo: null,
      error: null,
      sync: OFF,
      onUndo: () => {},
      onResume: () => {},
      onCancel,
      who: (by: string) => by,
      keptCustomers: () => Promise.resolve([]),
    });
    expect(screen.getByRole('status').textContent).toContain('500 of 2,000 rows written');
    expect(screen.getByRole('status').textContent).toContain('250 rows/s · about 6 s left');
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalled();
  });

  test('with sync configured each import says whether its records are synced; review pairs link to the duplicates', () => {
    render(ImportHistorySection, {
      history: [
        entry({ id: 'a', updatedAt: 5_000 }),
        entry({ id: 'b', updatedAt: 1_000, review: 0 }),
        entry({ id: 'c', state: 'running' }),
      ],
      running: null,
      progress: null,
      lastUndo: null,
      error: null,
      sync: { configured: true, pending: 0, lastSyncAt: 2_000 },
      onUndo: () => {},
      onResume: () => {},
      onCancel: () => {},
      who: (by: string) => (by === 'anna' ? 'Anna Berg' : by),
      keptCustomers: () => Promise.resolve([]),
    });
    const items = screen.getAllByRole('listitem');
    // Who ran it, as the name the app gives that id.
    expect(items[0]?.textContent).toContain('by Anna Berg');
    expect(items[0]?.textContent).toContain('Waiting to sync');
    expect(items[1]?.textContent).toContain('Synced: the imported records are on the server');
    expect(screen.getAllByRole('link', { name: '1 possible duplicate to review' })[0]?.getAttribute('href')).toBe(
      '#/duplicates',
    );
    // A 'running' entry this tab does not run: another tab's, or one whose tab closed.
    expect(items[2]?.textContent).toContain('Running in another tab, or stopped');
    expect(items[2]?.querySelector('button')).toBeNull();
  });

  test('an undone import lists the customers it kept (edited after the import) by name, each a link', async () => {
    const asked: string[][] = [];
    render(ImportHistorySection, {
      history: [entry({ state: 'undone', kept: ['c1', 'c2'] })],
      running: null,
      progress: null,
      lastUndo: null,
      error: null,
      sync: OFF,
      onUndo: () => {},
      onResume: () => {},
      onCancel: () => {},
      who: (by: string) => by,
      keptCustomers: (ids: readonly string[]) => {
        asked.push([...ids]);
        return Promise.resolve([
          { id: 'c1', name: '张伟' },
          { id: 'c2', name: 'Anna Schmidt' },
        ]);
      },
    });
    await fireEvent.click(
      screen.getByText('2 records changed since the import (edited, or given an order, visit or survey) were kept.'),
    );
    expect((await screen.findByRole('link', { name: '张伟' })).getAttribute('href')).toBe('#/customers/c1');
    expect(screen.getByRole('link', { name: 'Anna Schmidt' }).getAttribute('href')).toBe('#/customers/c2');
    expect(asked).toEqual([['c1', 'c2']]);
  });
});
