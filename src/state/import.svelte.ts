// Import history and the commit / resume / undo of an import, for the import wizard and the
// history list. The wizard (src/features/import) builds an ImportPlan in the import worker and
// hands it here; everything written goes through the bulk-write path (src/data/repos/bulk.ts).
//
// API (docs/ARCHITECTURE.md, "Bulk writes"):
//   const imports = new ImportState(db, userId);        // one per screen; destroy() when it goes
//   imports.history: ImportDoc[]                        // newest first, live; stale 'running' → 'unfinished' on refresh()
//   imports.running: { importId: string; job: 'commit' | 'resume' | 'undo' } | null
//   imports.progress: BulkProgress | null               // rows done, total, rows/s, ms left (after each chunk)
//   imports.lastUndo: UndoResult | null                 // { removed, restored, kept: customer ids edited since }
//   imports.error: string | null                        // the last failure's message
//   await imports.commit(plan: ImportPlan): Promise<ImportDoc>   // 'finished', or 'unfinished' after cancel()
//   await imports.resume(importId: string): Promise<ImportDoc>
//   await imports.undo(importId: string): Promise<UndoResult>
//   imports.cancel(): void                              // stops between two chunks (nothing half-written)
//   await imports.refresh(): Promise<void>              // re-reads the history, marking dead imports unfinished
//   await imports.reviewPairs(importId): Promise<Array<[createdId, matchedId]>>
// Only one job runs at a time per state object; a second call while one runs rejects.
import type { Subscription } from 'rxjs';
import type { FieldbookDatabase } from '../data/db/database';
import type { ImportDoc, ImportRunOptions, UndoResult } from '../data/repos/imports';
import type { BulkProgress, ImportPlan } from '../domain/import-plan';
import { keysWorker } from '../../workers/client';

export type { BulkProgress, ImportDoc, ImportPlan, UndoResult };
export type ImportJob = 'commit' | 'resume' | 'undo';

export class ImportState {
  history = $state.raw<ImportDoc[]>([]);
  running = $state<{ importId: string; job: ImportJob } | null>(null);
  progress = $state<BulkProgress | null>(null);
  lastUndo = $state.raw<UndoResult | null>(null);
  error = $state<string | null>(null);
  #abort: AbortController | null = null;
  #sub: Subscription | null = null;
  #destroyed = false;

  constructor(
    private readonly db: FieldbookDatabase,
    private readonly by: string,
  ) {
    void this.refresh();
  }

  /** The repository loads with the first use (it is not part of start-up). */
  #repo = () => import('../data/repos/imports');

  async refresh(): Promise<void> {
    const repo = await this.#repo();
    this.history = await repo.listImports(this.db);
    if (!this.#sub && !this.#destroyed) this.#sub = repo.imports$(this.db).subscribe((h) => (this.history = h));
  }

  async #job<T>(importId: string, job: ImportJob, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.running) throw new Error('another import job is running');
    const abort = new AbortController();
    this.#abort = abort;
    this.running = { importId, job };
    this.progress = null;
    this.error = null;
    try {
      return await work(abort.signal);
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
      throw err;
    } finally {
      this.#abort = null;
      this.running = null;
      void this.refresh();
    }
  }

  #options(signal: AbortSignal): ImportRunOptions {
    return {
      by: this.by,
      signal,
      onProgress: (p: BulkProgress) => (this.progress = p),
      // Pinyin and phone parsing for the search keys run in the search-key worker.
      deriveKeys: (rows) => keysWorker().searchKeys(rows),
    };
  }

  commit(plan: ImportPlan): Promise<ImportDoc> {
    return this.#job(plan.importId, 'commit', async (signal) =>
      (await this.#repo()).commitImport(this.db, plan, this.#options(signal)),
    );
  }

  resume(importId: string): Promise<ImportDoc> {
    return this.#job(importId, 'resume', async (signal) =>
      (await this.#repo()).resumeImport(this.db, importId, this.#options(signal)),
    );
  }

  undo(importId: string): Promise<UndoResult> {
    return this.#job(importId, 'undo', async (signal) => {
      const result = await (await this.#repo()).undoImport(this.db, importId, this.#options(signal));
      this.lastUndo = result;
      return result;
    });
  }

  async reviewPairs(importId: string): Promise<Array<[string, string]>> {
    return (await this.#repo()).reviewPairs(this.db, importId);
  }

  cancel(): void {
    this.#abort?.abort();
  }

  destroy(): void {
    this.#destroyed = true;
    this.cancel();
    this.#sub?.unsubscribe();
    this.#sub = null;
  }
}
