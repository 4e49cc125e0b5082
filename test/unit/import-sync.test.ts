// The import history's sync line (src/domain/import-sync.ts).
import { describe, expect, test } from 'vitest';
import { importSyncState } from '../../src/domain/import-sync';

const entry = { state: 'finished', updatedAt: 1_000, created: 5, updated: 1 };
const on = { configured: true, pending: 0, lastSyncAt: 2_000 };

describe('importSyncState', () => {
  test('no line without sync, or for an import that wrote nothing', () => {
    expect(importSyncState(entry, { ...on, configured: false })).toBeNull();
    expect(importSyncState({ ...entry, created: 0, updated: 0 }, on)).toBeNull();
  });
  test('synced once nothing waits and a sync came after the last write', () => {
    expect(importSyncState(entry, on)).toBe('synced');
    expect(importSyncState(entry, { ...on, pending: 3 })).toBe('waiting');
    expect(importSyncState(entry, { ...on, lastSyncAt: 999 })).toBe('waiting');
    expect(importSyncState(entry, { ...on, lastSyncAt: null })).toBe('waiting');
    expect(importSyncState({ ...entry, state: 'running' }, on)).toBe('waiting');
  });
});
