// The data key and the passphrase that guards it (encryption at rest).
//
// A random 256-bit AES-GCM data key encrypts the data. It is stored only wrapped (AES-KW) by a key
// derived from the passphrase (PBKDF2-SHA-256, random salt, iterations calibrated so derivation
// takes 0.5–1 s here, never fewer than MIN_ITERATIONS). Changing the passphrase
// re-wraps the same data key: nothing is re-encrypted, and the new record replaces the old one in
// a single write, so an interruption leaves either the old or the new passphrase working.
// Everything is WebCrypto (browser and node share it); nothing here stores anything.

/** OWASP's floor for PBKDF2-HMAC-SHA-256 (2023). */
export const MIN_ITERATIONS = 600_000;
/** What derivation should cost on the device that sets the passphrase. */
export const TARGET_DERIVE_MS = 700;

export interface KeyRecord {
  format: 'fieldbook-key-1';
  kdf: 'PBKDF2-SHA-256';
  iterations: number;
  /** base64, 16 random bytes */
  salt: string;
  wrap: 'AES-KW';
  /** base64: the AES-GCM data key wrapped by the key derived from the passphrase */
  wrappedKey: string;
  /** epoch ms when this passphrase was set */
  setAt: number;
}

export class WrongPassphraseError extends Error {
  constructor() {
    super('wrong passphrase');
    this.name = 'WrongPassphraseError';
  }
}

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;
const encoder = new TextEncoder();

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const s = atob(text);
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return bytes;
}

async function deriveWrappingKey(
  passphrase: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<CryptoKey> {
  const material = await subtle().importKey('raw', encoder.encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  return subtle().deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-KW', length: 256 },
    false,
    ['wrapKey', 'unwrapKey'],
  );
}

/** Derivation should take between these on the device that sets the passphrase (issue 14: 0.5–1 s). */
export const DERIVE_WINDOW_MS = { min: 500, max: 1000 } as const;
/** The trial count calibration times, and how many times (the median counts). */
export const CALIBRATION_TRIAL = 250_000;
export const CALIBRATION_SAMPLES = 3;

const median = (xs: readonly number[]): number => {
  const v = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
};

/**
 * The scaling rule (pure): PBKDF2's cost is linear in its iterations, so `trialIterations` that took
 * `trialMs` (the median of the samples) scale to `targetMs`; rounded to 100,000, never below the floor.
 */
export function iterationsFor(trialIterations: number, trialMs: readonly number[], targetMs: number): number {
  const ms = Math.max(1, median(trialMs));
  return Math.max(MIN_ITERATIONS, Math.round((trialIterations * targetMs) / ms / 100_000) * 100_000);
}

/** After the check at the chosen count (pure): kept when it took 0.5–1 s, else scaled from that measurement. */
export function adjustedIterations(iterations: number, measuredMs: number, targetMs: number): number {
  if (measuredMs >= DERIVE_WINDOW_MS.min && measuredMs <= DERIVE_WINDOW_MS.max) return iterations;
  return iterationsFor(iterations, [measuredMs], targetMs);
}

/** Milliseconds one derivation of `iterations` takes here. */
async function timeDerivation(iterations: number): Promise<number> {
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const start = performance.now();
  await deriveWrappingKey('calibration', salt, iterations);
  return performance.now() - start;
}

export interface Calibration {
  iterations: number;
  /** The check: what one derivation at the chosen count took (before any adjustment). */
  checkedMs: number;
}

/**
 * PBKDF2 iterations that take about `targetMs` on this device. One small warm-up derivation (the
 * first call pays WebCrypto's start-up), then CALIBRATION_SAMPLES timed derivations at the trial
 * count, the median scaled (one timed derivation alone was often off by 2×: a busy moment scales
 * into millions of extra iterations), then one derivation at the chosen count as a check, adjusted
 * from that measurement when it falls outside 0.5–1 s. `time` is injectable for tests.
 */
export async function calibrate(targetMs = TARGET_DERIVE_MS, time = timeDerivation): Promise<Calibration> {
  await time(10_000);
  const trials: number[] = [];
  for (let i = 0; i < CALIBRATION_SAMPLES; i++) trials.push(await time(CALIBRATION_TRIAL));
  const chosen = iterationsFor(CALIBRATION_TRIAL, trials, targetMs);
  const checkedMs = await time(chosen);
  return { iterations: adjustedIterations(chosen, checkedMs, targetMs), checkedMs };
}

/** The iterations `calibrate` chooses. */
export async function calibrateIterations(targetMs = TARGET_DERIVE_MS, time = timeDerivation): Promise<number> {
  return (await calibrate(targetMs, time)).iterations;
}

async function wrapDataKey(
  dataKey: CryptoKey,
  passphrase: string,
  iterations: number,
  setAt: number,
): Promise<KeyRecord> {
  if (iterations < MIN_ITERATIONS) throw new Error(`PBKDF2 iterations below ${MIN_ITERATIONS}`);
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const wrappingKey = await deriveWrappingKey(passphrase, salt, iterations);
  const wrapped = new Uint8Array(await subtle().wrapKey('raw', dataKey, wrappingKey, 'AES-KW'));
  return {
    format: 'fieldbook-key-1',
    kdf: 'PBKDF2-SHA-256',
    iterations,
    salt: toBase64(salt),
    wrap: 'AES-KW',
    wrappedKey: toBase64(wrapped),
    setAt,
  };
}

async function unwrapDataKey(record: KeyRecord, passphrase: string, extractable: boolean): Promise<CryptoKey> {
  if (record.format !== 'fieldbook-key-1' || record.kdf !== 'PBKDF2-SHA-256' || record.wrap !== 'AES-KW')
    throw new Error('unknown key record format');
  const wrappingKey = await deriveWrappingKey(passphrase, fromBase64(record.salt), record.iterations);
  try {
    return await subtle().unwrapKey(
      'raw',
      fromBase64(record.wrappedKey),
      wrappingKey,
      'AES-KW',
      { name: 'AES-GCM', length: 256 },
      extractable,
      ['encrypt', 'decrypt'],
    );
  } catch {
    // AES-KW carries its own integrity check: a wrong passphrase fails here, before any data is read.
    throw new WrongPassphraseError();
  }
}

/** A new random data key guarded by `passphrase`; the key returned for use is not extractable. */
export async function createProtection(
  passphrase: string,
  iterations: number,
  setAt: number,
): Promise<{ record: KeyRecord; dataKey: CryptoKey }> {
  const extractable = await subtle().generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
  const record = await wrapDataKey(extractable, passphrase, iterations, setAt);
  return { record, dataKey: await unwrapDataKey(record, passphrase, false) };
}

/** The everyday (non-extractable) data key, or WrongPassphraseError. */
export function unlockDataKey(record: KeyRecord, passphrase: string): Promise<CryptoKey> {
  return unwrapDataKey(record, passphrase, false);
}

/**
 * The same data key wrapped for a new passphrase (fresh salt, `iterations` for the new one). The
 * caller replaces the stored record with the result in one write; until then the old one works.
 */
export async function changePassphrase(
  record: KeyRecord,
  oldPassphrase: string,
  newPassphrase: string,
  iterations: number,
  setAt: number,
): Promise<KeyRecord> {
  const dataKey = await unwrapDataKey(record, oldPassphrase, true);
  return wrapDataKey(dataKey, newPassphrase, iterations, setAt);
}
