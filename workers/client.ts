// The app's handle on its Web Workers: each worker starts lazily on first use, is wrapped with
// comlink (types come from the worker's own `typeof api`, never copied), and can be terminated.
// To add a worker: one line in `FACTORIES` (Vite only bundles a worker when it sees the literal
// `new Worker(new URL('…', import.meta.url), …)` pattern, so each factory spells it out) and one
// line in `WorkerApis`.
import { proxy, releaseProxy, transfer, wrap, type Remote } from 'comlink';
import type { DedupApi } from './dedup/contract';
import type { StatsApi } from './stats/contract';
import type { KeysApi } from './keys/contract';
import type { DuplicateChoices, ImportApi } from './import/contract';
import type { ImportPlan, PlanSource } from '../src/domain/import-plan';
import type { ExportApi } from './export/contract';
import type { BackupApi } from './backup/contract';

/** Worker name → the api type its module exports. */
export interface WorkerApis {
  dedup: DedupApi;
  stats: StatsApi;
  keys: KeysApi;
  import: ImportApi;
  export: ExportApi;
  backup: BackupApi;
}
export type WorkerName = keyof WorkerApis;

const FACTORIES: { [K in WorkerName]: () => Worker } = {
  dedup: () => new Worker(new URL('./dedup/dedup.worker.ts', import.meta.url), { type: 'module', name: 'dedup' }),
  stats: () => new Worker(new URL('./stats/stats.worker.ts', import.meta.url), { type: 'module', name: 'stats' }),
  keys: () => new Worker(new URL('./keys/keys.worker.ts', import.meta.url), { type: 'module', name: 'keys' }),
  import: () => new Worker(new URL('./import/import.worker.ts', import.meta.url), { type: 'module', name: 'import' }),
  export: () => new Worker(new URL('./export/export.worker.ts', import.meta.url), { type: 'module', name: 'export' }),
  backup: () => new Worker(new URL('./backup/backup.worker.ts', import.meta.url), { type: 'module', name: 'backup' }),
};

interface Running {
  worker: Worker;
  api: Remote<unknown>;
}
const running = new Map<WorkerName, Running>();

/** The worker's api, starting the worker on first use. */
export function workerApi<K extends WorkerName>(name: K): Remote<WorkerApis[K]> {
  let r = running.get(name);
  if (!r) {
    const worker = FACTORIES[name]();
    r = { worker, api: wrap<WorkerApis[K]>(worker) };
    running.set(name, r);
  }
  return r.api as Remote<WorkerApis[K]>;
}

/** True when the worker has been started (and not terminated). */
export function isRunning(name: WorkerName): boolean {
  return running.has(name);
}

/** Stop a worker (e.g. to abort a runaway job, or when a screen no longer needs it). Its state is lost. */
export function terminateWorker(name: WorkerName): void {
  const r = running.get(name);
  if (!r) return;
  running.delete(name);
  (r.api as Remote<object>)[releaseProxy]();
  r.worker.terminate();
}

export function terminateAll(): void {
  for (const name of [...running.keys()]) terminateWorker(name);
}

/** Shorthand for the dedup worker. */
export const dedupWorker = (): Remote<DedupApi> => workerApi('dedup');

/** Shorthand for the stats (Insights) worker. */
export const statsWorker = (): Remote<StatsApi> => workerApi('stats');

/** Shorthand for the search-key worker (bulk writes derive keys there). */
export const keysWorker = (): Remote<KeysApi> => workerApi('keys');

/** Shorthand for the import worker (reading, validating and matching an imported file). */
export const importWorker = (): Remote<ImportApi> => workerApi('import');

/** Shorthand for the export worker (CSV and .xlsx files of customers, orders, interactions, surveys). */
export const exportWorker = (): Remote<ExportApi> => workerApi('export');

/**
 * `proxy` wraps a callback (e.g. progress) so a worker can call it across the boundary; `transfer`
 * hands an ArrayBuffer over instead of copying it (a backup's pages).
 */
export { proxy, transfer };

/** Shorthand for the backup worker (encrypting a backup, verifying a file before a restore). */
export const backupWorker = (): Remote<BackupApi> => workerApi('backup');
/**
 * Plan rows per message from the import worker. A 1,000-row page took 10–40 ms to deserialize on a
 * quiet machine and became a long task under load; 250 rows stay well under 50 ms.
 */
const PLAN_PAGE = 250;

/**
 * The import worker's plan (a customers run with its duplicate choices, or the orders file
 * without) as a PlanSource: the rows stay in the worker and come a page of PLAN_PAGE rows per
 * message (each reply is a task of its own) when the writer asks for them, so the page never
 * holds the whole plan. The worker lets the plan go once its last page was asked for.
 */
export async function importPlanSource(importId: string, choices?: DuplicateChoices): Promise<PlanSource | null> {
  const w = importWorker();
  const head = await w.planHead(importId, choices);
  if (!head) return null;
  return {
    head,
    async rows(offset, limit) {
      const end = Math.min(offset + limit, head.rowCount);
      const out: unknown[] = [];
      for (let from = offset; from < end; from += PLAN_PAGE) {
        for (const r of await w.planRows(from, Math.min(PLAN_PAGE, end - from))) out.push(r);
      }
      return out as ImportPlan['rows'];
    },
  };
}

/** The whole plan on the page (the bench's baselines need its rows; the app streams it instead). */
export async function fetchImportPlan(importId: string, choices?: DuplicateChoices): Promise<ImportPlan | null> {
  const source = await importPlanSource(importId, choices);
  if (!source) return null;
  const { rowCount, ...rest } = source.head;
  return { ...rest, rows: await source.rows(0, rowCount) } as ImportPlan;
}
