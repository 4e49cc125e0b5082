// The backup file format (pure; WebCrypto and Blob only, so node tests run it directly).
//
//   "FIELDBOOK-BACKUP\n"                       magic (17 bytes)
//   u32 big-endian n, n bytes of JSON           the preamble: format, KDF parameters, file id
//   frames, each: u32 length, 12-byte IV, AES-GCM ciphertext + 16-byte tag
//
// The key is PBKDF2-SHA-256(passphrase, the file's own random 16-byte salt, ≥ 600,000 iterations),
// as the on-device passphrase (src/data/crypto/passphrase-key.ts), but for AES-GCM directly. Every
// frame has a fresh random IV and is bound by its additional data to this file (SHA-256 of the
// preamble), to its position and to whether it is the last frame, so a frame moved, dropped,
// repeated or taken from another file fails to open, and a file cut after any frame lacks its last
// frame. Frame 0 is a small start marker (a wrong passphrase fails there, before any data is read);
// then data frames (one collection's page of documents each); the last frame is the manifest:
// created-at, app version, each collection's schema version and count, the frame count and the
// SHA-256 of the data frames' plaintext in order. A reader checks all of it before it hands out a
// single document.

import { Sha256 } from './sha256';
import { shapeProblem, FORBIDDEN_KEYS, type JsonSchemaLike } from './shape';

export const MAGIC = 'FIELDBOOK-BACKUP\n';
export const FORMAT = 'fieldbook-backup-1';
/** The floor of src/data/crypto/passphrase-key.ts MIN_ITERATIONS (a unit test keeps them equal). */
export const BACKUP_MIN_ITERATIONS = 600_000;
/** Above this a file is refused rather than left to derive for minutes. */
export const BACKUP_MAX_ITERATIONS = 20_000_000;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MAX_PREAMBLE = 4096;
/** Encrypted bytes the writer holds in its own heap before it folds them into the file's Blob. */
const FOLD_BYTES = 8 * 1024 * 1024;
/** A frame's ciphertext; the writer's pages stay far below (at most BACKUP_PAGE_MAX documents). */
export const MAX_FRAME = 64 * 1024 * 1024;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export interface Preamble {
  format: typeof FORMAT;
  kdf: 'PBKDF2-SHA-256';
  iterations: number;
  /** base64, 16 bytes */
  salt: string;
  cipher: 'AES-GCM';
  /** base64, 16 random bytes: binds the frames to this file */
  fileId: string;
}

export interface CollectionEntry {
  schemaVersion: number;
  count: number;
}

export interface Manifest {
  kind: 'manifest';
  createdAt: number;
  appVersion: string;
  collections: Record<string, CollectionEntry>;
  /** Frames before the manifest (start marker and data frames). */
  frames: number;
  /** SHA-256 (hex) of the data frames' plaintext bytes, in order. */
  checksum: string;
}

interface DataFrame {
  kind: 'docs';
  collection: string;
  schemaVersion: number;
  docs: Record<string, unknown>[];
}

/** Why a file is refused; the app shows a message per code (i18n `backup.error.<code>`). */
export type BackupErrorCode = 'notBackup' | 'wrongPassphrase' | 'damaged' | 'truncated' | 'newer' | 'content';

export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    readonly detail = '',
  ) {
    super(`backup refused: ${code}${detail ? ` (${detail})` : ''}`);
    this.name = 'BackupError';
  }
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text: string, length: number): Uint8Array<ArrayBuffer> {
  let s: string;
  try {
    s = atob(text);
  } catch {
    throw new BackupError('damaged', 'preamble');
  }
  if (s.length !== length) throw new BackupError('damaged', 'preamble');
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return bytes;
}

export async function deriveFileKey(
  passphrase: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<CryptoKey> {
  const subtle = globalThis.crypto.subtle;
  const material = await subtle.importKey('raw', encoder.encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  return subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
}

function frameAad(fileHash: Uint8Array, index: number, last: boolean): Uint8Array<ArrayBuffer> {
  const aad = new Uint8Array(fileHash.length + 5);
  aad.set(fileHash);
  new DataView(aad.buffer).setUint32(fileHash.length, index);
  aad[fileHash.length + 4] = last ? 1 : 0;
  return aad;
}

const u32 = (n: number): Uint8Array<ArrayBuffer> => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return b;
};

/**
 * Writes one backup: `add` a page of one collection's documents at a time (each becomes a frame),
 * then `finish` with the manifest's facts. Only encrypted frames are kept, never the plaintext.
 */
export class BackupWriter {
  /** The frames written so far, folded into a Blob every FOLD_BYTES (see #frame). */
  #written: Blob = new Blob([]);
  #parts: BlobPart[] = [];
  #partBytes = 0;
  #index = 0;
  #hash = new Sha256();
  #collections: Record<string, CollectionEntry> = {};

  private constructor(
    private readonly key: CryptoKey,
    private readonly fileHash: Uint8Array,
  ) {}

  static async create(passphrase: string, iterations: number): Promise<BackupWriter> {
    if (!Number.isInteger(iterations) || iterations < BACKUP_MIN_ITERATIONS)
      throw new Error(`PBKDF2 iterations below ${BACKUP_MIN_ITERATIONS}`);
    if (!passphrase) throw new Error('a backup needs a passphrase');
    const random = (n: number): Uint8Array<ArrayBuffer> => globalThis.crypto.getRandomValues(new Uint8Array(n));
    const salt = random(16);
    const preamble: Preamble = {
      format: FORMAT,
      kdf: 'PBKDF2-SHA-256',
      iterations,
      salt: toBase64(salt),
      cipher: 'AES-GCM',
      fileId: toBase64(random(16)),
    };
    const preambleBytes = encoder.encode(JSON.stringify(preamble));
    const writer = new BackupWriter(await deriveFileKey(passphrase, salt, iterations), await sha256(preambleBytes));
    writer.#parts.push(encoder.encode(MAGIC), u32(preambleBytes.length), preambleBytes);
    await writer.#frame(encoder.encode(JSON.stringify({ kind: 'start' })), false);
    return writer;
  }

  /** One frame of `docs` of `collection` (plain JSON documents at `schemaVersion`). */
  async add(collection: string, schemaVersion: number, docs: Record<string, unknown>[]): Promise<void> {
    await this.addEncoded(collection, schemaVersion, docs.length, encoder.encode(JSON.stringify(docs)));
  }

  /**
   * One frame of `count` documents of `collection` given as the UTF-8 bytes of their JSON array (what
   * the page hands over, transferred: the worker never rebuilds the objects). The frame's plaintext
   * is exactly `JSON.stringify({ kind: 'docs', collection, schemaVersion, docs })`: the array's bytes
   * between a fixed head and tail, so the reader sees the same frame as from `add`.
   */
  async addEncoded(collection: string, schemaVersion: number, count: number, docsJson: Uint8Array): Promise<void> {
    if (docsJson[0] !== 0x5b || docsJson[docsJson.length - 1] !== 0x5d)
      throw new Error(`${collection}: a page must be a JSON array`);
    const entry = (this.#collections[collection] ??= { schemaVersion, count: 0 });
    if (entry.schemaVersion !== schemaVersion) throw new Error(`${collection}: two schema versions in one backup`);
    entry.count += count;
    const head = encoder.encode(`${JSON.stringify({ kind: 'docs', collection, schemaVersion }).slice(0, -1)},"docs":`);
    const plain = new Uint8Array(head.length + docsJson.length + 1);
    plain.set(head);
    plain.set(docsJson, head.length);
    plain[plain.length - 1] = 0x7d;
    this.#hash.update(plain);
    await this.#frame(plain, false);
  }

  /** Declares a collection that has no documents, so the manifest still names its version. */
  declare(collection: string, schemaVersion: number): void {
    this.#collections[collection] ??= { schemaVersion, count: 0 };
  }

  /** The finished file. The writer cannot be used afterwards. */
  async finish(meta: { createdAt: number; appVersion: string }): Promise<Blob> {
    const manifest: Manifest = {
      kind: 'manifest',
      createdAt: meta.createdAt,
      appVersion: meta.appVersion,
      collections: this.#collections,
      frames: this.#index,
      checksum: this.#hash.hex(),
    };
    await this.#frame(encoder.encode(JSON.stringify(manifest)), true);
    const blob = new Blob([this.#written, ...this.#parts], { type: 'application/octet-stream' });
    this.#parts = [];
    this.#written = new Blob([]);
    return blob;
  }

  async #frame(plain: Uint8Array<ArrayBuffer>, last: boolean): Promise<void> {
    const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const cipher = await globalThis.crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: frameAad(this.fileHash, this.#index, last) },
      this.key,
      plain,
    );
    this.#index += 1;
    this.#parts.push(u32(IV_BYTES + cipher.byteLength), iv, new Uint8Array(cipher));
    this.#partBytes += cipher.byteLength;
    // A Blob made of parts hands their bytes to the browser's blob storage (which may keep large
    // blobs on disk), so folding keeps the worker's heap bounded by FOLD_BYTES, not the file size.
    if (this.#partBytes >= FOLD_BYTES) {
      this.#written = new Blob([this.#written, ...this.#parts]);
      this.#parts = [];
      this.#partBytes = 0;
    }
  }
}

/** Where one data frame sits in the file, and what it holds. */
export interface FrameInfo {
  index: number;
  offset: number;
  length: number;
  collection: string;
  schemaVersion: number;
  count: number;
}

/** The current and frozen schemas by collection and version: what the reader accepts. */
export type AcceptedSchemas = Record<string, Record<number, JsonSchemaLike>>;

export interface OpenedBackup {
  manifest: Manifest;
  frames: FrameInfo[];
  /** A data frame's documents, decrypted and checked again (the file is read anew). */
  read(index: number): Promise<{ collection: string; schemaVersion: number; docs: Record<string, unknown>[] }>;
}

/** JSON.parse that refuses prototype-reaching keys at any depth. */
function parseJson(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new BackupError('content', 'not UTF-8');
  }
  let bad = '';
  let value: unknown;
  try {
    value = JSON.parse(text, (key: string, v: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) bad = key;
      return v;
    });
  } catch {
    throw new BackupError('content', 'not JSON');
  }
  if (bad) throw new BackupError('content', `forbidden key ${bad}`);
  return value;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkPreamble(value: unknown): Preamble {
  if (
    !isObject(value) ||
    value.format !== FORMAT ||
    value.kdf !== 'PBKDF2-SHA-256' ||
    value.cipher !== 'AES-GCM' ||
    typeof value.iterations !== 'number' ||
    !Number.isInteger(value.iterations) ||
    value.iterations < BACKUP_MIN_ITERATIONS ||
    value.iterations > BACKUP_MAX_ITERATIONS ||
    typeof value.salt !== 'string' ||
    typeof value.fileId !== 'string' ||
    Object.keys(value).length !== 6
  )
    throw new BackupError('damaged', 'preamble');
  return value as unknown as Preamble;
}

function checkManifest(value: unknown, accepted: AcceptedSchemas): Manifest {
  if (
    !isObject(value) ||
    value.kind !== 'manifest' ||
    typeof value.createdAt !== 'number' ||
    typeof value.appVersion !== 'string' ||
    value.appVersion.length > 100 ||
    typeof value.frames !== 'number' ||
    typeof value.checksum !== 'string' ||
    !/^[0-9a-f]{64}$/.test(value.checksum) ||
    !isObject(value.collections)
  )
    throw new BackupError('content', 'manifest');
  for (const [name, entry] of Object.entries(value.collections)) {
    if (!isObject(entry) || !Number.isInteger(entry.schemaVersion) || !Number.isInteger(entry.count))
      throw new BackupError('content', `manifest: ${name}`);
    const versions = accepted[name];
    if (!versions) throw new BackupError('content', `unknown collection ${name}`);
    if (!versions[entry.schemaVersion as number]) {
      const newest = Math.max(...Object.keys(versions).map(Number));
      throw new BackupError(
        (entry.schemaVersion as number) > newest ? 'newer' : 'content',
        `${name} v${String(entry.schemaVersion)}`,
      );
    }
  }
  return value as unknown as Manifest;
}

function checkDataFrame(value: unknown, accepted: AcceptedSchemas): DataFrame {
  if (
    !isObject(value) ||
    value.kind !== 'docs' ||
    typeof value.collection !== 'string' ||
    typeof value.schemaVersion !== 'number' ||
    !Array.isArray(value.docs)
  )
    throw new BackupError('content', 'frame');
  const schema = accepted[value.collection]?.[value.schemaVersion];
  if (!schema) throw new BackupError('content', `frame: ${value.collection} v${value.schemaVersion}`);
  for (const doc of value.docs as unknown[]) {
    const problem = shapeProblem(doc, schema);
    if (problem) throw new BackupError('content', `${value.collection} ${problem}`);
  }
  return value as unknown as DataFrame;
}

/**
 * Opens and verifies a whole backup: preamble, every frame's authenticity and order, the last
 * frame, the checksum, the counts, every document against its collection's schema at the version it
 * was written with. Throws BackupError; on success nothing has been handed out yet.
 */
export async function openBackup(file: Blob, passphrase: string, accepted: AcceptedSchemas): Promise<OpenedBackup> {
  const head = new Uint8Array(await file.slice(0, MAGIC.length + 4).arrayBuffer());
  if (head.length < MAGIC.length + 4 || new TextDecoder().decode(head.subarray(0, MAGIC.length)) !== MAGIC)
    throw new BackupError('notBackup');
  const preambleLength = new DataView(head.buffer).getUint32(MAGIC.length);
  if (preambleLength > MAX_PREAMBLE) throw new BackupError('damaged', 'preamble');
  let offset = MAGIC.length + 4;
  const preambleBytes = new Uint8Array(await file.slice(offset, offset + preambleLength).arrayBuffer());
  if (preambleBytes.length < preambleLength) throw new BackupError('truncated');
  offset += preambleLength;
  let preambleValue: unknown;
  try {
    preambleValue = parseJson(preambleBytes);
  } catch {
    throw new BackupError('damaged', 'preamble');
  }
  const preamble = checkPreamble(preambleValue);
  fromBase64(preamble.fileId, 16);
  const key = await deriveFileKey(passphrase, fromBase64(preamble.salt, 16), preamble.iterations);
  const fileHash = await sha256(preambleBytes);

  const decrypt = async (at: number, index: number, last: boolean): Promise<{ plain: Uint8Array; next: number }> => {
    const lengthBytes = new Uint8Array(await file.slice(at, at + 4).arrayBuffer());
    if (lengthBytes.length < 4) throw new BackupError('truncated');
    const length = new DataView(lengthBytes.buffer).getUint32(0);
    if (length < IV_BYTES + TAG_BYTES || length > MAX_FRAME) throw new BackupError('damaged', `frame ${index}`);
    const bytes = new Uint8Array(await file.slice(at + 4, at + 4 + length).arrayBuffer());
    if (bytes.length < length) throw new BackupError('truncated');
    const plain = await globalThis.crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.subarray(0, IV_BYTES), additionalData: frameAad(fileHash, index, last) },
      key,
      bytes.subarray(IV_BYTES),
    );
    return { plain: new Uint8Array(plain), next: at + 4 + length };
  };

  // Frame 0: the start marker. Failing here means the passphrase (or the file's first bytes) is wrong.
  let first: { plain: Uint8Array; next: number };
  try {
    first = await decrypt(offset, 0, false);
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError('wrongPassphrase');
  }
  const start = parseJson(first.plain);
  if (!isObject(start) || start.kind !== 'start') throw new BackupError('content', 'start');
  offset = first.next;

  const frames: FrameInfo[] = [];
  const hash = new Sha256();
  const counts: Record<string, number> = {};
  let manifest: Manifest | null = null;
  for (let index = 1; !manifest; index++) {
    if (offset >= file.size) throw new BackupError('truncated');
    // A frame is either a data frame (last = false) or the manifest (last = true): try the first,
    // then the second; one of them must authenticate.
    let opened: { plain: Uint8Array; next: number } | null = null;
    let last = false;
    for (const asLast of [false, true]) {
      try {
        opened = await decrypt(offset, index, asLast);
        last = asLast;
        break;
      } catch (err) {
        if (err instanceof BackupError) throw err;
      }
    }
    if (!opened) throw new BackupError('damaged', `frame ${index}`);
    const value = parseJson(opened.plain);
    if (last) {
      manifest = checkManifest(value, accepted);
      if (manifest.frames !== index) throw new BackupError('damaged', 'frame count');
      if (opened.next !== file.size) throw new BackupError('damaged', 'bytes after the end');
    } else {
      const frame = checkDataFrame(value, accepted);
      hash.update(opened.plain);
      counts[frame.collection] = (counts[frame.collection] ?? 0) + frame.docs.length;
      frames.push({
        index,
        offset,
        length: opened.next - offset,
        collection: frame.collection,
        schemaVersion: frame.schemaVersion,
        count: frame.docs.length,
      });
    }
    offset = opened.next;
  }
  if (hash.hex() !== manifest.checksum) throw new BackupError('damaged', 'checksum');
  for (const [name, entry] of Object.entries(manifest.collections)) {
    if ((counts[name] ?? 0) !== entry.count) throw new BackupError('damaged', `count of ${name}`);
  }
  for (const f of frames) {
    if (manifest.collections[f.collection]?.schemaVersion !== f.schemaVersion)
      throw new BackupError('damaged', `version of ${f.collection}`);
  }
  const opened = manifest;
  return {
    manifest: opened,
    frames,
    async read(i: number) {
      const info = frames[i];
      if (!info) throw new Error(`no frame ${i}`);
      let plain: Uint8Array;
      try {
        plain = (await decrypt(info.offset, info.index, false)).plain;
      } catch (err) {
        throw err instanceof BackupError ? err : new BackupError('damaged', `frame ${info.index}`);
      }
      const frame = checkDataFrame(parseJson(plain), accepted);
      return { collection: frame.collection, schemaVersion: frame.schemaVersion, docs: frame.docs };
    },
  };
}

/**
 * Reads an opened backup's data frames in parts, as the restore asks for them: a frame is decrypted
 * and checked again on its first part and kept until another frame is read, so a frame of up to
 * 1,000 documents crosses to the page as a few small messages instead of one long structured clone.
 */
export function framePartReader(opened: OpenedBackup) {
  let frame: { index: number; value: Awaited<ReturnType<OpenedBackup['read']>> } | null = null;
  return async (
    index: number,
    from: number,
    count: number,
  ): Promise<{ collection: string; schemaVersion: number; docs: Record<string, unknown>[] }> => {
    if (frame?.index !== index) frame = { index, value: await opened.read(index) };
    const { collection, schemaVersion, docs } = frame.value;
    return { collection, schemaVersion, docs: docs.slice(from, from + count) };
  };
}
