// The header's sync status: a full device says what the rep can do about it, in both languages.
import { afterEach, describe, expect, test } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import SyncStatus from '../../src/features/sync/SyncStatus.svelte';
import { i18n } from '../../src/i18n/i18n.svelte';
import { SYNC_OFF, type SyncStatus as Status } from '../../src/data/sync/status';

const failing = (over: Partial<Status>): Status => ({
  ...SYNC_OFF,
  phase: 'error',
  progress: { pulled: 365_645, total: 1_287_814 },
  ...over,
});

describe('SyncStatus', () => {
  afterEach(async () => {
    await i18n.setLocale('en');
  });

  test('a full device: the reason and what to do, not the storage error’s name', () => {
    render(SyncStatus, { status: failing({ error: 'QuotaExceededError', storageFull: true }), refused: 0 });
    const link = screen.getByRole('link', { name: 'Sync status' });
    expect(link.getAttribute('title')).toContain('This device has no room left for Fieldbook’s data');
    expect(link.getAttribute('title')).not.toContain('QuotaExceededError');
    expect(screen.getByRole('status').textContent).toContain('Sync error');
  });

  test('in 简体中文', async () => {
    await i18n.setLocale('zh-CN');
    render(SyncStatus, { status: failing({ error: 'QuotaExceededError', storageFull: true }), refused: 0 });
    expect(screen.getByRole('link').getAttribute('title')).toContain('本设备已没有空间保存 Fieldbook 的数据');
  });

  test('any other error is shown as it came', () => {
    render(SyncStatus, { status: failing({ error: 'not a CouchDB reply' }), refused: 0 });
    expect(screen.getByRole('link', { name: 'Sync status' }).getAttribute('title')).toContain(
      'Problem: not a CouchDB reply',
    );
  });
});
