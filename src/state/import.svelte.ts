// Import history and the commit / resume / undo of an import, for the import wizard and the
// history list. The wizard (src/features/import) builds an ImportPlan in the import worker and
// hands it here; everything written goes through the bulk-write path (src/data/repos/bulk.ts).
//
// One ImportState lives as long as the app (App.svelte puts it in the app context): an import runs
// on while the user goes to other screens, and the header shows its progress.
//
// API (docs/ARCHITECTURE.md, "Bulk writes"):
//   const imports = new ImportState(db, () => userId);  // the app's one; destroy() when the app goes
//   imports.history: ImportDoc[]                        // newest first, live after the first refresh();
//                                                       // stale 'running' → 'unfinished' (re-checked while one shows)
//   imports.running: { importId: string; job: 'commit' | 'resume' | 'undo'; fileName: string } | null
//   imports.progress: BulkProgress | null               // rows done, total, rows/s, ms left (after each chunk)
//   imports.lastRun: ImportDoc | null                   // the entry of the last commit/resume (its summary), until dismissed
//   imports.lastUndo: UndoResult | null                 // { removed, restored, kept: customer ids edited since }
//   imports.error: string | null                        // the last failure's message
//   imports.dismissLastRun(): void
//   await imports.commit(plan: ImportPlan | PlanSource, { onStaged? }): Promise<ImportDoc>
//                                                       // 'finished', or 'unfinished' after cancel(); a PlanSource
//                                                       // (the import worker's, page by page) is staged a page at a
//                                                       // time; onStaged: the whole plan is stored, the source is done
//   await imports.resume(importId: string): Promise<ImportDoc>
//   await imports.undo(importId: string): Promise<UndoResult>
//   imports.cancel(): void                              // stops between two chunks (nothing half-written)
//   await imports.refresh(): Promise<void>              // re-reads the history, marking dead imports unfinished
//   await imports.reviewPairs(importId): Promise<Array<[createdId, otherId]>>  // other: the matched customer, or the
//                                                       // customer created from the earlier row it duplicates
//   await imports.reviewQueue(): Promise<Array<[string, string]>>  // the pairs of every import not undone
//   await imports.keptCustomers(ids): Promise<KeptCustomer[]>  // an undo's kept customers by name (those still stored)
// Only one job runs at a time per state object; a second call while one runs rejects.
import type { Subscription } from 'rxjs';
import type { FieldbookDatabase } from '../data/db/database';
import type { ImportDoc, ImportRunOptions, UndoResult } from '../data/repos/imports';
import type { BulkProgress, ImportPlan, PlanSource } from '../domain/import-plan';
import { customersByIds } from '../data/repos/customers';
import { displayName } from '../domain/names';
import { keysWorker } from '../../workers/client';

export type { BulkProgress, ImportDoc, ImportPlan, PlanSource, UndoResult };
export type ImportJob = 'commit' | 'resume' | 'undo';
/** A customer an undo kept (edited after the import), as the history lists it. */
export interface KeptCustomer {
  id: string;
  name: string;
}
export interface RunningImport {
  importId: string;
  job: ImportJob;
  fileName: string;
}

/** How long after its last move a 'running' entry of another tab is checked again (see STALE_MS). */
const RECHECK_MS = 5_000;

export class ImportState {
  history = $state.raw<ImportDoc[]>([]);
  running = $state<RunningImport | null>(null);
  progress = $state<BulkProgress | null>(null);
  lastRun = $state.raw<ImportDoc | null>(null);
  lastUndo = $state.raw<UndoResult | null>(null);
  error = $state<string | null>(null);
  #abort: AbortController | null = null;
  #sub: Subscription | null = null;
  #destroyed = false;
  #recheck: ReturnType<typeof setTimeout> | null = null;

  /** `by`: who writes (read at each job: the signed-in sync user may change). Nothing loads until first use. */
  constructor(
    private readonly db: FieldbookDatabase,
    private readonly by: () => string,
  ) {}

  /** The repository loads with the first use (it is not part of start-up). */
  #repo = () => import('../data/repos/imports');

  async refresh(): Promise<void> {
    const repo = await this.#repo();
    this.history = await repo.listImports(this.db);
    if (this.#destroyed) return;
    this.#sub ??= repo.imports$(this.db).subscribe((h) => {
      this.history = h;
      this.#scheduleRecheck();
    });
    this.#scheduleRecheck();
  }

  /**
   * A 'running' entry this tab does not run is either another tab's or one whose tab closed: it is
   * marked unfinished once it stops moving (repos/imports.ts, STALE_MS), so look again meanwhile.
   */
  #scheduleRecheck(): void {
    const elsewhere = this.history.some((h) => h.state === 'running' && h.id !== this.running?.importId);
    if (!elsewhere || this.#recheck !== null || this.#destroyed) return;
    this.#recheck = setTimeout(() => {
      this.#recheck = null;
      void this.refresh();
    }, RECHECK_MS);
  }

  /** True while a 'running' entry is not this tab's (another tab's, or stopped and not yet marked). */
  runsElsewhere(entry: ImportDoc): boolean {
    return entry.state === 'running' && entry.id !== this.running?.importId;
  }

  dismissLastRun(): void {
    this.lastRun = null;
  }

  async #job<T>(
    importId: string,
    job: ImportJob,
    fileName: string,
    work: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    if (this.running) throw new Error('another import job is running');
    const abort = new AbortController();
    this.#abort = abort;
    this.running = { importId, job, fileName };
    if (job !== 'undo') this.lastRun = null;
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
      by: this.by(),
      signal,
      onProgress: (p: BulkProgress) => (this.progress = p),
      // Pinyin and phone parsing for the search keys run in the search-key worker.
      deriveKeys: (rows) => keysWorker().searchKeys(rows),
    };
  }

  commit(plan: ImportPlan | PlanSource, hooks: { onStaged?: () => void } = {}): Promise<ImportDoc> {
    const head = 'head' in plan ? plan.head : plan;
    return this.#job(head.importId, 'commit', head.fileName, async (signal) => {
      const options = { ...this.#options(signal), ...(hooks.onStaged ? { onStaged: hooks.onStaged } : {}) };
      const entry = await (await this.#repo()).commitImport(this.db, plan, options);
      this.lastRun = entry;
      return entry;
    });
  }

  resume(importId: string): Promise<ImportDoc> {
    return this.#job(importId, 'resume', this.#fileName(importId), async (signal) => {
      const entry = await (await this.#repo()).resumeImport(this.db, importId, this.#options(signal));
      this.lastRun = entry;
      return entry;
    });
  }

  #fileName(importId: string): string {
    return this.history.find((h) => h.id === importId)?.fileName ?? '';
  }

  undo(importId: string): Promise<UndoResult> {
    return this.#job(importId, 'undo', this.#fileName(importId), async (signal) => {
      const result = await (await this.#repo()).undoImport(this.db, importId, this.#options(signal));
      this.lastUndo = result;
      return result;
    });
  }

  async reviewPairs(importId: string): Promise<Array<[string, string]>> {
    return (await this.#repo()).reviewPairs(this.db, importId);
  }

  /** Every pair queued for review by imports not undone (the duplicates screen's review list). */
  async reviewQueue(): Promise<Array<[string, string]>> {
    return (await this.#repo()).reviewQueue(this.db);
  }

  /** The customers of `ids` still stored (not in the trash), by name, in the order given. */
  async keptCustomers(ids: readonly string[]): Promise<KeptCustomer[]> {
    const found = await customersByIds(this.db, [...ids]);
    return found.filter((c) => !c.trashedAt && !c.mergedInto).map((c) => ({ id: c.id, name: displayName(c) }));
  }

  cancel(): void {
    this.#abort?.abort();
  }

  destroy(): void {
    this.#destroyed = true;
    this.cancel();
    if (this.#recheck !== null) clearTimeout(this.#recheck);
    this.#sub?.unsubscribe();
    this.#sub = null;
  }
}
