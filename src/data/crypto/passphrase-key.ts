// The data key and the passphrase that guards it (encryption at rest).
//
// A random 256-bit AES-GCM data key encrypts the data. It is stored only wrapped (AES-KW) by a key
// derived from the passphrase (PBKDF2-SHA-256, random salt, iterations calibrated so derivation
// takes well over half a second here, never fewer than MIN_ITERATIONS). Changing the passphrase
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

/**
 * PBKDF2 iterations that take about `targetMs` on this device: one timed derivation scaled
 * linearly (PBKDF2's cost is linear in its iterations), rounded to 100,000, never below the floor.
 */
export async function calibrateIterations(targetMs = TARGET_DERIVE_MS, now = () => performance.now()): Promise<number> {
  const probe = 200_000;
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const start = now();
  await deriveWrappingKey('calibration', salt, probe);
  const ms = Math.max(1, now() - start);
  const scaled = Math.round((probe * targetMs) / ms / 100_000) * 100_000;
  return Math.max(MIN_ITERATIONS, scaled);
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
