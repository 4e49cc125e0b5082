// Settings → Backup: writing an encrypted backup file and restoring one (merge or replace).
//
// Back up: the data layer reads every backed-up collection in pages (data/backup), the backup
// worker serializes, hashes and encrypts each page (workers/backup), the file is downloaded.
// Restore: the worker verifies the whole file (passphrase, every frame, checksum, counts, every
// document's shape) before anything else happens; then a plan (what would change) is shown, and
// only the user's go writes, through the bulk-write path.
import type { FieldbookDatabase } from '../data/db/database';
import {
  applyRestore,
  backupCounts,
  planRestore,
  recordBackupExport,
  type RestoreMode,
  type RestoreSource,
  type RestoreSummary,
} from '../data/backup/backup';
import { ACCEPTED_SCHEMAS, type BackedUpCollection } from '../data/backup/collections';
import { calibrateIterations } from '../data/crypto/passphrase-key';
import { backupWorker } from '../../workers/client';
import { writeBackupFile } from './backup-file';
import type { BackupErrorCode, Manifest } from '../../workers/backup/contract';
import { backupFileName, downloadBlob } from '../lib/download';

/** Shortest passphrase the screen accepts for a backup file. */
export const MIN_BACKUP_PASSPHRASE = 8;

export interface BackupDone {
  counts: Record<BackedUpCollection, number>;
  fileName: string;
  bytes: number;
}

export interface OpenedFile {
  manifest: Manifest;
  source: RestoreSource;
}

export class BackupState {
  /** What runs now; one thing at a time. */
  busy = $state<'' | 'backup' | 'open' | 'plan' | 'restore'>('');
  /** Documents written to the backup / restored so far, of the total. */
  progress = $state<{ done: number; total: number } | null>(null);
  lastBackup = $state<BackupDone | null>(null);
  /** Why the last backup failed. */
  backupError = $state('');
  /** Why opening or restoring a file failed: a refusal code of the file, or 'failed' with the error. */
  error = $state<{ code: BackupErrorCode | 'failed'; detail: string } | null>(null);
  opened = $state<OpenedFile | null>(null);
  mode = $state<RestoreMode>('merge');
  /** What a restore in `mode` would do (computed without writing). */
  plan = $state<RestoreSummary | null>(null);
  restored = $state<RestoreSummary | null>(null);

  /** `writer`: who makes the backup (the audit trail's `by`: the sync user, else this device's id). */
  constructor(
    private readonly db: FieldbookDatabase,
    private readonly writer: () => string,
  ) {}

  async backUp(passphrase: string, nowMs = Date.now()): Promise<void> {
    if (this.busy) return;
    this.busy = 'backup';
    this.backupError = '';
    this.lastBackup = null;
    try {
      const counts = await backupCounts(this.db);
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      this.progress = { done: 0, total };
      const blob = await writeBackupFile(this.db, {
        passphrase,
        iterations: await calibrateIterations(),
        createdAt: nowMs,
        appVersion: __APP_VERSION__,
        onProgress: (done) => (this.progress = { done, total }),
      });
      const fileName = backupFileName(nowMs);
      downloadBlob(blob, fileName);
      this.lastBackup = { counts, fileName, bytes: blob.size };
      // The file is out of the app's hands now: the audit trail records the export.
      await recordBackupExport(this.db, { now: nowMs, by: this.writer() }, { fileName, counts });
    } catch (err) {
      this.backupError = err instanceof Error ? err.message : String(err);
    } finally {
      this.busy = '';
      this.progress = null;
    }
  }

  /** Verifies `file` with `passphrase`; on success plans a restore in the current mode. */
  async open(file: Blob, passphrase: string): Promise<void> {
    if (this.busy) return;
    this.busy = 'open';
    this.error = null;
    this.opened = null;
    this.plan = null;
    this.restored = null;
    const worker = backupWorker();
    try {
      const result = await worker.open(file, passphrase, ACCEPTED_SCHEMAS);
      if (!result.ok) {
        this.error = { code: result.code, detail: result.detail };
        return;
      }
      this.opened = {
        manifest: result.manifest,
        source: { frames: result.frames, read: (i, from, count) => worker.read(i, from, count) },
      };
    } catch (err) {
      this.error = { code: 'failed', detail: err instanceof Error ? err.message : String(err) };
    } finally {
      this.busy = '';
    }
    if (this.opened) await this.choose(this.mode);
  }

  /** Sets merge or replace and computes what it would change. */
  async choose(mode: RestoreMode): Promise<void> {
    this.mode = mode;
    const opened = this.opened;
    if (!opened || this.busy) return;
    this.busy = 'plan';
    this.plan = null;
    try {
      const plan = await planRestore(this.db, opened.source, mode);
      if (this.mode === mode) this.plan = plan;
    } catch (err) {
      this.error = { code: 'failed', detail: err instanceof Error ? err.message : String(err) };
    } finally {
      this.busy = '';
    }
  }

  /** Writes the opened file in the chosen mode (the screen has asked for confirmation). */
  async restore(): Promise<void> {
    const opened = this.opened;
    if (!opened || this.busy) return;
    this.busy = 'restore';
    this.error = null;
    try {
      // No cancel: a replace stopped half-way would leave a mix; leaving Settings lets it finish.
      const result = await applyRestore(this.db, opened.source, this.mode, {
        onProgress: (p) => (this.progress = { done: p.done, total: p.total }),
      });
      // Done and result in one synchronous step, so the screen never shows both the progress and
      // the result; the worker lets go of the file afterwards.
      this.busy = '';
      this.progress = null;
      this.restored = result.summary;
      this.opened = null;
      this.plan = null;
      void backupWorker().close();
    } catch (err) {
      this.error = { code: 'failed', detail: err instanceof Error ? err.message : String(err) };
    } finally {
      this.busy = '';
      this.progress = null;
    }
  }

  /** Forgets the opened file (Cancel). */
  async discard(): Promise<void> {
    this.opened = null;
    this.plan = null;
    this.error = null;
    await backupWorker().close();
  }

  destroy(): void {
    // Nothing to end: a running restore finishes (see restore()).
  }
}
