// Writing a backup file (Settings → Backup, and the benchmark page, which cannot compile runes):
// the data layer reads the storage's pages as JSON bytes (src/data/backup), each is transferred, not
// copied, to the backup worker (workers/backup), which hashes and encrypts it while the next page is
// read, and keeps the encrypted frames as a Blob.
import type { FieldbookDatabase } from '../data/db/database';
import { backupPages } from '../data/backup/backup';
import { backupWorker, transfer } from '../../workers/client';

/** What `writeBackupFile` needs besides the database. */
export interface BackupFileOptions {
  passphrase: string;
  iterations: number;
  createdAt: number;
  appVersion: string;
  onProgress?: (done: number) => void;
}

/**
 * The backup file of `db`: the data layer reads pages from the storage as JSON bytes, which are
 * transferred (not copied) to the backup worker; it hashes and encrypts each while the next page is
 * read (one page in flight), and hands back the file as a Blob.
 */
export async function writeBackupFile(db: FieldbookDatabase, options: BackupFileOptions): Promise<Blob> {
  const worker = backupWorker();
  try {
    await worker.begin(options.passphrase, options.iterations);
    let inFlight: Promise<void> = Promise.resolve();
    let done = 0;
    for await (const page of backupPages(db)) {
      await inFlight;
      inFlight = worker.addPage(
        page.collection,
        page.schemaVersion,
        page.count,
        transfer(page.json, [page.json.buffer]),
      );
      done += page.count;
      options.onProgress?.(done);
    }
    await inFlight;
    return await worker.finish(options.createdAt, options.appVersion);
  } catch (err) {
    await worker.cancel();
    throw err;
  }
}
