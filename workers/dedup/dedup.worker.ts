// The dedup Web Worker: full scans (with progress and cancel) and the live duplicate check over
// an in-memory index that the app keeps in sync from the customers change stream. Thin by design:
// all logic lives in engine.ts. Inputs are plain structured-clone-safe objects.
import { expose } from 'comlink';
import {
  DedupIndex, scanSteps,
  type CheckOptions, type DedupInput, type DedupMatch, type DedupOptions, type DedupProgress, type DedupResult, type ModelParams,
} from './engine';

const index = new DedupIndex();
let scanId = 0;
let cancelled = -1;

/** Run the scan generator, yielding to the event loop every ~20 ms so cancel() gets through. */
async function runScan(records: readonly DedupInput[], opts: DedupOptions, onProgress?: (p: DedupProgress) => unknown): Promise<DedupResult | null> {
  const id = ++scanId;
  const steps = scanSteps(records, opts);
  let last = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    if (performance.now() - last > 20) {
      if (onProgress) void onProgress(step.value);
      await new Promise((resolve) => setTimeout(resolve, 0));
      last = performance.now();
      if (cancelled === id) return null;
    }
  }
}

const api = {
  /** Full scan of the given records (indices in the result refer to this array); null when cancelled. */
  scan(records: DedupInput[], opts: DedupOptions = {}, onProgress?: (p: DedupProgress) => unknown): Promise<DedupResult | null> {
    return runScan(records, opts, onProgress);
  },
  /** Cancel the running scan (it resolves to null). */
  cancel(): void {
    cancelled = scanId;
  },
  /** Full scan of the indexed records; uses its EM weights for later live checks. */
  scanIndex(opts: Omit<DedupOptions, 'params'> = {}): { ids: string[]; result: DedupResult } {
    return index.fit(opts);
  },
  /** Replace the index content (initial load from the collection). */
  load(entries: { id: string; record: DedupInput }[]): number {
    index.clear();
    for (const e of entries) index.add(e.id, e.record);
    return index.size;
  },
  /** Apply changes from the change stream. */
  upsert(entries: { id: string; record: DedupInput }[]): number {
    for (const e of entries) index.update(e.id, e.record);
    return index.size;
  },
  remove(ids: string[]): number {
    for (const id of ids) index.remove(id);
    return index.size;
  },
  /** Likely duplicates of a record being created or edited. */
  check(record: DedupInput, opts: CheckOptions = {}): DedupMatch[] {
    return index.check(record, opts);
  },
  setParams(params: ModelParams): void {
    index.setParams(params);
  },
  size(): number {
    return index.size;
  },
};

expose(api);

export type DedupApi = typeof api;
