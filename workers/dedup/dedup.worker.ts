// The dedup Web Worker: full scans (with progress and cancel) and the live duplicate check over
// an in-memory index that the app keeps in sync from the customers change stream. Thin by design:
// all logic lives in engine.ts. Inputs are plain structured-clone-safe objects.
import { expose } from 'comlink';
import {
  DedupIndex, scanSteps,
  type CheckOptions, type DedupInput, type DedupMatch, type DedupOptions, type DedupProgress, type DedupResult, type ModelParams,
} from './engine';
import { qualitySteps, type QualityReport } from './quality';
import type { QualityInput } from '../../src/domain/quality';

const index = new DedupIndex();
/** The indexed records as given (the quality scan reads the raw values, not the standardized ones). */
const raw = new Map<string, DedupInput>();
let scanId = 0;
let cancelled = -1;

/** Run the scan generator, yielding to the event loop every ~20 ms so cancel() gets through. */
async function runScan(records: readonly DedupInput[], opts: DedupOptions, onProgress?: (p: DedupProgress) => unknown): Promise<DedupResult | null> {
  return runSteps(scanSteps(records, opts), onProgress);
}

async function runSteps<P, R>(steps: Generator<P, R>, onProgress?: (p: P) => unknown): Promise<R | null> {
  const id = ++scanId;
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
  /**
   * Full scan of the indexed records (with progress; null when cancelled); its EM weights are
   * used by later live checks. Pair/group indices refer to `ids`.
   */
  scanIndex(opts: Omit<DedupOptions, 'params'> = {}, onProgress?: (p: DedupProgress) => unknown): Promise<{ ids: string[]; result: DedupResult } | null> {
    return runSteps(index.fitSteps(opts), onProgress);
  },
  /** Data-quality report over the indexed records (null when cancelled). */
  quality(defaultRegion = '', onProgress?: (done: number, total: number) => unknown): Promise<QualityReport | null> {
    const total = raw.size;
    const rows = (function* (): Generator<[string, QualityInput]> {
      for (const [id, r] of raw) yield [id, asQualityInput(r)];
    })();
    return runSteps(qualitySteps(rows, total, defaultRegion), onProgress ? (done: number) => onProgress(done, total) : undefined);
  },
  /** Replace the index content (initial load from the collection). */
  load(entries: { id: string; record: DedupInput }[]): number {
    index.clear();
    raw.clear();
    for (const e of entries) {
      index.add(e.id, e.record);
      raw.set(e.id, e.record);
    }
    return index.size;
  },
  /** Apply changes from the change stream. */
  upsert(entries: { id: string; record: DedupInput }[]): number {
    for (const e of entries) {
      index.update(e.id, e.record);
      raw.set(e.id, e.record);
    }
    return index.size;
  },
  remove(ids: string[]): number {
    for (const id of ids) {
      index.remove(id);
      raw.delete(id);
    }
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

function asQualityInput(r: DedupInput): QualityInput {
  return {
    givenName: r.givenName ?? '', familyName: r.familyName ?? '', email: r.email ?? '', phone: r.phone ?? '', company: r.company ?? '',
    street: r.street ?? '', city: r.city ?? '', postcode: r.postcode ?? '', region: r.region ?? '', country: r.country ?? '', birthDate: r.birthDate ?? '',
  };
}

expose(api);

export type DedupApi = typeof api;
