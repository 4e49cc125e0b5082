// The data key and its passphrase: derivation parameters, wrap/unwrap, a wrong passphrase, and a
// passphrase change that is atomic (the old record keeps working until the new one replaces it).
import { describe, expect, test } from 'vitest';
import {
  MIN_ITERATIONS,
  WrongPassphraseError,
  adjustedIterations,
  calibrate,
  CALIBRATION_TRIAL,
  iterationsFor,
  changePassphrase,
  createProtection,
  fromBase64,
  unlockDataKey,
} from '../../../src/data/crypto/passphrase-key';
import { openFields, sealFields } from '../../../src/data/crypto/sealed-fields';

const ITER = MIN_ITERATIONS; // the floor; calibration is tested on its own
const NOTE = { notes: 'Prefers calls after 5 pm', street: '12 Rose Lane' };

// Each test runs several real 600,000-iteration derivations: seconds on a busy 2-core machine.
describe('passphrase key record', { timeout: 30_000 }, () => {
  test('records PBKDF2-SHA-256 with a 16-byte random salt, the iterations and an AES-KW wrapped 256-bit key', async () => {
    const a = await createProtection('correct horse battery staple', ITER, 1000);
    const b = await createProtection('correct horse battery staple', ITER, 1000);
    expect(a.record).toMatchObject({
      format: 'fieldbook-key-1',
      kdf: 'PBKDF2-SHA-256',
      wrap: 'AES-KW',
      iterations: ITER,
      setAt: 1000,
    });
    expect(fromBase64(a.record.salt)).toHaveLength(16);
    expect(fromBase64(a.record.wrappedKey)).toHaveLength(40); // 32-byte key + 8-byte AES-KW check
    expect(a.record.salt).not.toBe(b.record.salt);
    expect(a.record.wrappedKey).not.toBe(b.record.wrappedKey);
    // The everyday key cannot be exported.
    expect(a.dataKey.extractable).toBe(false);
    await expect(globalThis.crypto.subtle.exportKey('raw', a.dataKey)).rejects.toThrow();
  });

  test('refuses fewer iterations than the floor', async () => {
    await expect(createProtection('pass', MIN_ITERATIONS - 1, 0)).rejects.toThrow(/below 600000/);
  });

  test('the right passphrase unlocks the same data key; a wrong one is WrongPassphraseError', async () => {
    const { record, dataKey } = await createProtection('tablet at the fair', ITER, 0);
    const sealed = await sealFields(dataKey, 'customers', 'c1', NOTE);
    const again = await unlockDataKey(record, 'tablet at the fair');
    expect(await openFields(again, 'customers', 'c1', sealed)).toEqual(NOTE);
    await expect(unlockDataKey(record, 'tablet at the Fair')).rejects.toBeInstanceOf(WrongPassphraseError);
  });

  test('a passphrase change re-wraps the same key: old data opens with the new passphrase; until the new record is stored the old one still works', async () => {
    const { record, dataKey } = await createProtection('old secret', ITER, 0);
    const sealed = await sealFields(dataKey, 'customers', 'c1', NOTE);
    const next = await changePassphrase(record, 'old secret', 'new secret', ITER, 5);
    expect(next.salt).not.toBe(record.salt);
    expect(next.setAt).toBe(5);
    // Interrupted before the caller stored `next`: the stored (old) record opens the data.
    expect(await openFields(await unlockDataKey(record, 'old secret'), 'customers', 'c1', sealed)).toEqual(NOTE);
    // Stored: the new passphrase opens it, the old one no longer does.
    expect(await openFields(await unlockDataKey(next, 'new secret'), 'customers', 'c1', sealed)).toEqual(NOTE);
    await expect(unlockDataKey(next, 'old secret')).rejects.toBeInstanceOf(WrongPassphraseError);
    await expect(changePassphrase(record, 'not it', 'x', ITER, 6)).rejects.toBeInstanceOf(WrongPassphraseError);
  });

  test('the scaling rule: the median trial scaled to the target, rounded, never below the floor', () => {
    // 250,000 iterations in 25 ms (the median of 25, 90, 24): 700 ms is 7,000,000 iterations.
    expect(iterationsFor(250_000, [25, 90, 24], 700)).toBe(7_000_000);
    expect(iterationsFor(250_000, [26, 26, 26], 700)).toBe(6_700_000); // 6,730,769 rounded
    // A slow device (trial 1 s) still gets the floor.
    expect(iterationsFor(250_000, [1000, 1000, 1000], 700)).toBe(MIN_ITERATIONS);
  });

  test('the check at the chosen count keeps it within 0.5–1 s, otherwise scales from that measurement', () => {
    expect(adjustedIterations(7_000_000, 650, 700)).toBe(7_000_000);
    expect(adjustedIterations(7_000_000, 1000, 700)).toBe(7_000_000);
    // The case seen here: chosen from a slow trial, the check took 324 ms.
    expect(adjustedIterations(2_400_000, 324, 700)).toBe(5_200_000);
    expect(adjustedIterations(8_000_000, 1600, 700)).toBe(3_500_000);
  });

  test('calibration times a warm-up, three trials and the check, and returns the adjusted count', async () => {
    const timed: number[] = [];
    // A device whose trials look twice as slow as its real speed (20,000 iterations per ms).
    const time = (n: number): Promise<number> => {
      timed.push(n);
      return Promise.resolve(n === CALIBRATION_TRIAL ? n / 10_000 : n / 20_000);
    };
    const result = await calibrate(700, time);
    expect(timed).toEqual([10_000, CALIBRATION_TRIAL, CALIBRATION_TRIAL, CALIBRATION_TRIAL, 7_000_000]);
    expect(result).toEqual({ iterations: 14_000_000, checkedMs: 350 });
  });
});

describe('sealed fields', () => {
  test('a fresh IV per value: the same fields seal differently and open the same', async () => {
    const { dataKey } = await createProtection('p', ITER, 0);
    const a = await sealFields(dataKey, 'customers', 'c1', NOTE);
    const b = await sealFields(dataKey, 'customers', 'c1', NOTE);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^fb1\./);
    expect(a).not.toContain('Rose');
    expect(await openFields(dataKey, 'customers', 'c1', b)).toEqual(NOTE);
  });

  test('bound to collection and id: a value moved to another document, a flipped byte or another key does not open', async () => {
    const { dataKey } = await createProtection('p', ITER, 0);
    const other = await createProtection('p', ITER, 0);
    const sealed = await sealFields(dataKey, 'customers', 'c1', NOTE);
    await expect(openFields(dataKey, 'customers', 'c2', sealed)).rejects.toThrow(/cannot be opened/);
    await expect(openFields(dataKey, 'interactions', 'c1', sealed)).rejects.toThrow(/cannot be opened/);
    await expect(openFields(other.dataKey, 'customers', 'c1', sealed)).rejects.toThrow(/cannot be opened/);
    const body = sealed.slice(4);
    const flipped = 'fb1.' + (body[10] === 'A' ? body.slice(0, 10) + 'B' : body.slice(0, 10) + 'A') + body.slice(11);
    await expect(openFields(dataKey, 'customers', 'c1', flipped)).rejects.toThrow(/cannot be opened/);
  });
});
