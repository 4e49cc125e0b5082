// The dedup Web Worker: full scans (with progress and cancel) and the live duplicate check over
// an in-memory index that the app keeps in sync from the customers change stream. Thin by design:
// all logic lives in engine.ts. Inputs are plain structured-clone-safe objects.
import { expose, transfer } from 'comlink';
import { DedupIndex, type CheckOptions, type DedupMatch } from './live-index';
import {
  ScanFeed,
  scanSteps,
  type DedupInput,
  type DedupOptions,
  type DedupProgress,
  type DedupResult,
  type DedupStats,
  type DuplicatePair,
  type ModelParams,
} from './engine';
import { qualitySteps, type QualityFix, type QualityReport } from './quality';
import type { IssueKind, QualityInput } from '../../src/domain/quality';
import { afterQueuedTasks } from '../../src/lib/next-task';

/** A full scan's result for the app: pair i is (pairIds[2i], pairIds[2i+1]) with score[i]. */
export interface CompactScan {
  pairIds: string[];
  score: Float64Array;
  groups: number;
  stats: DedupStats;
}

/** A one-shot scan's result for large inputs: pair i is (a[i], b[i]) (input indices) with score[i]. */
export interface PackedScan {
  a: Int32Array;
  b: Int32Array;
  score: Float64Array;
  groups: number;
  stats: DedupStats;
}

const index = new DedupIndex();
/** The records of the next `scanRun`, standardized as `scanAdd` hands them over. */
let feed: ScanFeed | null = null;
/** The last full quality report (its fix lists are paged out with `qualityFixes`). */
let lastQuality: QualityReport | null = null;
const PREVIEW = 20;
/** The indexed records as given (the quality scan reads the raw values, not the standardized ones). */
const raw = new Map<string, DedupInput>();
let scanId = 0;
let cancelled = -1;

/** Run the scan generator, yielding to the event loop every ~20 ms so cancel() gets through. */
async function runScan(
  records: readonly DedupInput[],
  opts: DedupOptions,
  onProgress?: (p: DedupProgress) => unknown,
): Promise<DedupResult | null> {
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
      await afterQueuedTasks();
      last = performance.now();
      if (cancelled === id) return null;
    }
  }
}

const api = {
  /** Full scan of the given records (indices in the result refer to this array); null when cancelled. */
  scan(
    records: DedupInput[],
    opts: DedupOptions = {},
    onProgress?: (p: DedupProgress) => unknown,
  ): Promise<DedupResult | null> {
    return runScan(records, opts, onProgress);
  },
  /**
   * A one-shot scan of records handed over in batches (a million customers in one message would
   * be a copy of them all on both sides): `scanBegin`, `scanAdd` per batch (standardized on
   * arrival, nothing kept of the batch), then `scanRun` (progress, cancel; null when cancelled).
   */
  scanBegin(defaultRegion = ''): void {
    feed = new ScanFeed(defaultRegion);
  },
  /** Add a batch to the scan begun with `scanBegin`; returns the records added so far. */
  scanAdd(records: DedupInput[]): number {
    if (!feed) throw new Error('scanAdd before scanBegin');
    for (const r of records) feed.add(r);
    return feed.size;
  },
  /**
   * `scanAdd` with the batch as JSON text (an array of `DedupInput`): a string crosses to the
   * worker as one copy, and the sender can keep its batches as strings instead of a million
   * objects the main thread's garbage collector has to mark.
   */
  scanAddJson(json: string): number {
    return api.scanAdd(JSON.parse(json) as DedupInput[]);
  },
  /** Run the scan begun with `scanBegin` over the records added; pairs as typed columns, no explanations. */
  async scanRun(
    opts: Omit<DedupOptions, 'explain'> = {},
    onProgress?: (p: DedupProgress) => unknown,
  ): Promise<PackedScan | null> {
    const f = feed;
    feed = null;
    if (!f) throw new Error('scanRun before scanBegin');
    const out = await runSteps(f.steps({ ...opts, explain: false }), onProgress);
    if (!out) return null;
    const k = out.pairs.length;
    const a = new Int32Array(k);
    const b = new Int32Array(k);
    const score = new Float64Array(k);
    out.pairs.forEach((p, i) => {
      a[i] = p.a;
      b[i] = p.b;
      score[i] = p.score;
    });
    return transfer({ a, b, score, groups: out.groups.length, stats: out.stats }, [a.buffer, b.buffer, score.buffer]);
  },
  /** Cancel the running scan (it resolves to null). */
  cancel(): void {
    cancelled = scanId;
  },
  /**
   * Full scan of the indexed records (with progress; null when cancelled); its EM weights are
   * used by later live checks. Compact on purpose: the pairs come back as ids and typed arrays
   * (explanations on demand with `explain`), so receiving tens of thousands of pairs costs the
   * main thread no long task.
   */
  async scanIndex(
    opts: Omit<DedupOptions, 'params'> = {},
    onProgress?: (p: DedupProgress) => unknown,
  ): Promise<CompactScan | null> {
    // No explanations: the app asks for the few it shows (`explain`); ~0.5 KB a pair saved.
    const out = await runSteps(index.fitSteps({ explain: false, ...opts }), onProgress);
    if (!out) return null;
    const { pairs, groups, stats } = out.result;
    const pairIds: string[] = new Array<string>(pairs.length * 2);
    const score = new Float64Array(pairs.length);
    pairs.forEach((p, i) => {
      pairIds[2 * i] = out.ids[p.a] ?? '';
      pairIds[2 * i + 1] = out.ids[p.b] ?? '';
      score[i] = p.score;
    });
    return transfer({ pairIds, score, groups: groups.length, stats }, [score.buffer]);
  },
  /** Scores and explanations of pairs of indexed records (null where a record is not indexed). */
  explain(pairs: [string, string][]): (Omit<DuplicatePair, 'a' | 'b'> | null)[] {
    return pairs.map(([a, b]) => index.explain(a, b));
  },
  /**
   * Data-quality report over the indexed records (null when cancelled). Each issue carries a
   * preview of its fixes (`fixes`, at most PREVIEW) and the total (`fixable`); the full list stays
   * here and is read a page at a time with `qualityFixes`, so no big message reaches the page.
   */
  async quality(
    defaultRegion = '',
    onProgress?: (done: number, total: number) => unknown,
  ): Promise<QualityReport | null> {
    const total = raw.size;
    const rows = (function* (): Generator<[string, QualityInput]> {
      for (const [id, r] of raw) yield [id, asQualityInput(r)];
    })();
    const report = await runSteps(
      qualitySteps(rows, total, defaultRegion),
      onProgress ? (done: number) => onProgress(done, total) : undefined,
    );
    lastQuality = report;
    if (!report) return null;
    const issues = { ...report.issues };
    for (const k of Object.keys(issues) as (keyof typeof issues)[])
      issues[k] = { ...issues[k], fixes: issues[k].fixes.slice(0, PREVIEW) };
    return { ...report, issues };
  },
  /** A page of the last quality report's fixes of one kind. */
  qualityFixes(kind: IssueKind, offset: number, limit: number): QualityFix[] {
    return lastQuality?.issues[kind].fixes.slice(offset, offset + limit) ?? [];
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
    givenName: r.givenName ?? '',
    familyName: r.familyName ?? '',
    email: r.email ?? '',
    phone: r.phone ?? '',
    company: r.company ?? '',
    street: r.street ?? '',
    city: r.city ?? '',
    postcode: r.postcode ?? '',
    region: r.region ?? '',
    country: r.country ?? '',
    birthDate: r.birthDate ?? '',
  };
}

expose(api);

export type DedupApi = typeof api;
