// The backup Web Worker: serialization, hashing and encryption of a backup, and the whole
// verification of a file before a restore, off the main thread (format.ts). The page hands it
// pages of documents as JSON bytes (transferred) and gets a Blob back; for a restore it gets a verified summary, then the
// documents a frame at a time. One backup and one opened file at a time.
import { expose } from 'comlink';
import {
  BackupError,
  BackupWriter,
  framePartReader,
  openBackup,
  type AcceptedSchemas,
  type Manifest,
  type OpenedBackup,
} from './format';

export type { BackupErrorCode } from './format';

let writer: BackupWriter | null = null;
let opened: { backup: OpenedBackup; read: ReturnType<typeof framePartReader> } | null = null;

export type OpenResult =
  | { ok: true; manifest: Manifest; frames: { collection: string; schemaVersion: number; count: number }[] }
  | { ok: false; code: import('./format').BackupErrorCode; detail: string };

const api = {
  async begin(passphrase: string, iterations: number): Promise<void> {
    writer = await BackupWriter.create(passphrase, iterations);
  },
  /**
   * One page of `count` documents as the UTF-8 bytes of their JSON array, transferred by the page
   * (no object graph is cloned); `count` 0 declares an empty collection.
   */
  async addPage(collection: string, schemaVersion: number, count: number, json: Uint8Array): Promise<void> {
    if (!writer) throw new Error('no backup started');
    if (count === 0) writer.declare(collection, schemaVersion);
    else await writer.addEncoded(collection, schemaVersion, count, json);
  },
  async finish(createdAt: number, appVersion: string): Promise<Blob> {
    if (!writer) throw new Error('no backup started');
    const blob = await writer.finish({ createdAt, appVersion });
    writer = null;
    return blob;
  },
  cancel(): void {
    writer = null;
  },
  /** Verifies the whole file; a refusal comes back as a code, never a thrown message. */
  async open(file: Blob, passphrase: string, accepted: AcceptedSchemas): Promise<OpenResult> {
    opened = null;
    try {
      const backup = await openBackup(file, passphrase, accepted);
      opened = { backup, read: framePartReader(backup) };
    } catch (err) {
      if (err instanceof BackupError) return { ok: false, code: err.code, detail: err.detail };
      return { ok: false, code: 'damaged', detail: err instanceof Error ? err.message : String(err) };
    }
    return {
      ok: true,
      manifest: opened.backup.manifest,
      frames: opened.backup.frames.map(({ collection, schemaVersion, count }) => ({
        collection,
        schemaVersion,
        count,
      })),
    };
  },
  /** Documents [from, from + count) of data frame `index` of the opened file (framePartReader). */
  async read(
    index: number,
    from: number,
    count: number,
  ): Promise<{ collection: string; schemaVersion: number; docs: Record<string, unknown>[] }> {
    if (!opened) throw new Error('no backup opened');
    return opened.read(index, from, count);
  },
  close(): void {
    opened = null;
  },
};
export type BackupApi = typeof api;
expose(api);
