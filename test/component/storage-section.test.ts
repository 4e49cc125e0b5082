// Settings → Storage: space used and available, and a warning once the quota is near.
import { describe, expect, test } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import StorageSection from '../../src/features/settings/StorageSection.svelte';
import { DeviceStorage, NEAR_QUOTA } from '../../src/state/device-storage.svelte';

function storageAt(usage: number, quota: number): DeviceStorage {
  const storage = new DeviceStorage();
  storage.usage = usage;
  storage.quota = quota;
  storage.persisted = false;
  return storage;
}

describe('StorageSection', () => {
  test('shows space used and available, without a warning well below the quota', () => {
    render(StorageSection, { storage: storageAt(120e6, 2_000e6) });
    expect(screen.getByText('120 MB used of 2,000 MB available to Fieldbook on this device')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  test(`warns from ${NEAR_QUOTA * 100}% of the quota`, () => {
    render(StorageSection, { storage: storageAt(850e6, 1_000e6) });
    expect(screen.getByRole('alert').textContent).toBe(
      'Storage almost full: 85% of the space this browser allows Fieldbook is used. Free space on the device or remove demo data before adding more.',
    );
  });
});
