// The stored key record (its own IndexedDB database, fake-indexeddb here): written in one put, a
// passphrase change interrupted between derivation and the put leaves the old passphrase working,
// a finished one leaves only the new one, and the data key (the data) is the same throughout.
import { describe, expect, test } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { changeStoredPassphrase, keyStore } from '../../../src/data/crypto/key-store';
import {
  MIN_ITERATIONS,
  WrongPassphraseError,
  createProtection,
  unlockDataKey,
} from '../../../src/data/crypto/passphrase-key';
import { openFields, sealFields } from '../../../src/data/crypto/sealed-fields';

const ITER = MIN_ITERATIONS;
const NOTE = { notes: 'Call after the trade fair' };

async function protectedStore() {
  const store = keyStore(new IDBFactory());
  const { record, dataKey } = await createProtection('old passphrase', ITER, 1);
  await store.write(record);
  const sealed = await sealFields(dataKey, 'customers', 'c1', NOTE);
  return { store, sealed };
}

// Each test runs several PBKDF2 derivations at the 600,000 floor (~0.3 s each on an idle core).
describe('key store', { timeout: 30_000 }, () => {
  test('no record on a new device; a written record reads back whole; remove forgets it', async () => {
    const store = keyStore(new IDBFactory());
    expect(await store.read()).toBeNull();
    const { record } = await createProtection('p', ITER, 1);
    await store.write({ ...record, pending: 'seal' });
    expect(await store.read()).toEqual({ ...record, pending: 'seal' });
    await store.remove();
    expect(await store.read()).toBeNull();
  });

  test('a change interrupted between derivation and the write leaves the old passphrase working', async () => {
    const { store, sealed } = await protectedStore();
    const interrupted = changeStoredPassphrase(store, 'old passphrase', 'new passphrase', ITER, 2, () => {
      throw new Error('tab closed');
    });
    await expect(interrupted).rejects.toThrow('tab closed');
    const record = await store.read();
    expect(record?.setAt).toBe(1);
    const key = await unlockDataKey(record!, 'old passphrase');
    expect(await openFields(key, 'customers', 'c1', sealed)).toEqual(NOTE);
    await expect(unlockDataKey(record!, 'new passphrase')).rejects.toBeInstanceOf(WrongPassphraseError);
  });

  test('a finished change: only the new passphrase opens the same data; a wrong old one writes nothing', async () => {
    const { store, sealed } = await protectedStore();
    const before = await store.read();
    await expect(changeStoredPassphrase(store, 'not it', 'new passphrase', ITER, 2)).rejects.toBeInstanceOf(
      WrongPassphraseError,
    );
    expect(await store.read()).toEqual(before);
    await changeStoredPassphrase(store, 'old passphrase', 'new passphrase', ITER, 2);
    const record = await store.read();
    expect(record?.setAt).toBe(2);
    expect(await openFields(await unlockDataKey(record!, 'new passphrase'), 'customers', 'c1', sealed)).toEqual(NOTE);
    await expect(unlockDataKey(record!, 'old passphrase')).rejects.toBeInstanceOf(WrongPassphraseError);
  });

  test('a change keeps an unfinished rewrite marker', async () => {
    const { store } = await protectedStore();
    const record = await store.read();
    await store.write({ ...record!, pending: 'unseal' });
    await changeStoredPassphrase(store, 'old passphrase', 'new passphrase', ITER, 3);
    expect((await store.read())?.pending).toBe('unseal');
  });
});
