// Sealing a document's personal fields: all of them in one AES-GCM value per document (one cipher
// call per document, not one per field: per field costs ~10× more, measured in Chromium here), a
// fresh random 96-bit IV per value, and the collection and document id as additional data, so a
// sealed value copied onto another document or collection fails to open instead of decrypting.

import { fromBase64, toBase64 } from './passphrase-key';

const PREFIX = 'fb1.';
const IV_BYTES = 12;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class SealBrokenError extends Error {
  constructor(where: string) {
    super(`sealed fields of ${where} cannot be opened (damaged, or another key)`);
    this.name = 'SealBrokenError';
  }
}

export const isSealed = (value: unknown): value is string => typeof value === 'string' && value.startsWith(PREFIX);

const additionalData = (collection: string, id: string): Uint8Array<ArrayBuffer> =>
  encoder.encode(`${collection}\u0000${id}`);

/** `fields` (plain JSON values) as one sealed string bound to `collection` and `id`. */
export async function sealFields(
  key: CryptoKey,
  collection: string,
  id: string,
  fields: Record<string, unknown>,
): Promise<string> {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const cipher = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: additionalData(collection, id) },
    key,
    encoder.encode(JSON.stringify(fields)),
  );
  const out = new Uint8Array(IV_BYTES + cipher.byteLength);
  out.set(iv, 0);
  out.set(new Uint8Array(cipher), IV_BYTES);
  return PREFIX + toBase64(out);
}

/**
 * The fields sealed by `sealFields` for the same collection and id, as the JSON text of one object
 * (what a cache of opened values keeps: parsing it again gives each reader its own copy), or
 * SealBrokenError.
 */
export async function openFieldsText(key: CryptoKey, collection: string, id: string, sealed: string): Promise<string> {
  if (!isSealed(sealed)) throw new SealBrokenError(`${collection}/${id}`);
  try {
    const bytes = fromBase64(sealed.slice(PREFIX.length));
    const plain = await globalThis.crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.subarray(0, IV_BYTES), additionalData: additionalData(collection, id) },
      key,
      bytes.subarray(IV_BYTES),
    );
    const text = decoder.decode(plain);
    parseFields(text);
    return text;
  } catch {
    throw new SealBrokenError(`${collection}/${id}`);
  }
}

/** The object `openFieldsText` returned as text. */
export function parseFields(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
  return value as Record<string, unknown>;
}

/** The fields sealed by `sealFields` for the same collection and id, or SealBrokenError. */
export async function openFields(
  key: CryptoKey,
  collection: string,
  id: string,
  sealed: string,
): Promise<Record<string, unknown>> {
  return parseFields(await openFieldsText(key, collection, id, sealed));
}
