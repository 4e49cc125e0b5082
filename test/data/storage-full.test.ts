// A sync that stops because the device is full says so: the quota error is recognised however
// RxDB's replication and Dexie wrap it (their real error classes).
import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { newRxError } from 'rxdb';
import { isStorageFull } from '../../src/data/sync/status';

describe('isStorageFull', () => {
  const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

  it("finds IndexedDB's quota error however RxDB and Dexie wrap it", () => {
    expect(isStorageFull(quota())).toBe(true);
    // Dexie: its own error class with the DOMException as `inner`.
    expect(isStorageFull(new Dexie.AbortError('Transaction aborted', quota()))).toBe(true);
    // RxDB's replication: the handler's error in `parameters.errors`.
    expect(isStorageFull(newRxError('RC_PULL', { errors: [new Dexie.AbortError('aborted', quota())] }))).toBe(true);
    expect(isStorageFull(new Error('write failed', { cause: quota() }))).toBe(true);
  });

  it('is false for every other failure', () => {
    expect(isStorageFull(new DOMException('closed', 'InvalidStateError'))).toBe(false);
    expect(isStorageFull(newRxError('RC_PULL', { errors: [new Error('not a CouchDB reply')] }))).toBe(false);
    expect(isStorageFull(new TypeError('Failed to fetch'))).toBe(false);
    expect(isStorageFull('QuotaExceededError')).toBe(false);
    expect(isStorageFull(null)).toBe(false);
  });
});
