// Dedup at scale in Chromium (issue 16), a hook for the bench page: N generated bilingual customers
// (test/factories/synthetic.ts, seed 7 as the node scale series) are handed to the app's dedup
// worker in batches (`scanBegin` / `scanAdd` / `scanRun`: standardized on arrival, the page drops
// each batch once sent), then scanned with progress. Measured: the scan's wall time from the first
// batch to the result, the engine's phase times, the page's peak JS heap (performance.memory; the
// worker's is sampled by the driver over the DevTools protocol, workers have no performance.memory), main-thread long tasks (> 50 ms)
// while it runs, progress events, P/R/F1 against the generator's entities; before it, a cancel:
// a scan of the first `cancelRecords` records cancelled once it reports the compare phase (it must
// resolve to null; the time from cancel() to that is reported).
// Driven by test/bench/dedup-chromium.mjs --scale.
import { dedupWorker, proxy, terminateWorker } from '../../../workers/client';
import { generateSynthetic } from '../../factories/synthetic';
import type { DedupInput, DedupProgress } from '../../../workers/dedup/contract';

export interface DedupScaleOptions {
  records: number;
  seed?: number;
  batch?: number;
  cancelRecords?: number;
  /**
   * How the page holds and hands over the records: 'json' (default) serializes each batch to a
   * string before the clock starts and drops the objects (the page then holds strings, not a
   * million objects, and posts one string a batch: `scanAddJson`); 'objects' posts slices of the
   * generated objects (`scanAdd`, structured clone).
   */
  feed?: 'json' | 'objects';
}

export interface DedupScaleResult {
  records: number;
  generateMs: number;
  scanMs: number;
  engineMs: Record<string, number>;
  candidatesPerRecord: number;
  pairs: number;
  groups: number;
  precision: number;
  recall: number;
  f1: number;
  progressEvents: number;
  phasesSeen: string[];
  peakPageHeapMB: number | null;
  feed: 'json' | 'objects';
  /** Long tasks (> 50 ms) while the records were handed over and while the worker scanned. */
  mainThread: {
    longTasks: number;
    maxMs: number;
    whileFeeding: number;
    maxFeedingMs: number;
    whileScanning: number;
    maxScanningMs: number;
  };
  feedMs: number;
  cancel: { resolvedToNull: boolean; afterCancelMs: number; records: number };
}

const longTasks: Array<{ start: number; duration: number }> = [];
let observing = false;
function observeLongTasks(): void {
  if (observing) return;
  observing = true;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
}

const pageHeap = (): number | null =>
  (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null;
const r3 = (x: number): number => Math.round(x * 1000) / 1000;
const MB = (x: number | null): number | null => (x === null ? null : Math.round(x / 1e6));

async function run(opts: DedupScaleOptions): Promise<DedupScaleResult> {
  observeLongTasks();
  const g0 = performance.now();
  const generated = generateSynthetic({ seed: opts.seed ?? 7, records: opts.records });
  const records: (DedupInput | undefined)[] = generated.records;
  const entity = generated.entity;
  const generateMs = performance.now() - g0;
  const n = records.length;
  // Small batches: each is one structured clone on the main thread (1,000 records made 40 long
  // tasks at 200k under load); 250 keeps a batch's clone a few ms.
  const batch = opts.batch ?? 250;
  const feed = opts.feed ?? 'json';
  const cancelRecords = Math.min(n, opts.cancelRecords ?? 20_000);
  // The batches as JSON text, made before the clock starts; the objects are dropped (but the
  // first `cancelRecords`, which the cancel run posts as objects).
  const texts: (string | undefined)[] = [];
  if (feed === 'json')
    for (let i = 0; i < n; i += batch) {
      const end = Math.min(n, i + batch);
      texts.push(JSON.stringify(records.slice(i, end)));
      for (let k = Math.max(i, cancelRecords); k < end; k++) records[k] = undefined;
    }
  terminateWorker('dedup');
  const w = dedupWorker();

  // Cancel: a smaller scan stopped in its compare phase.
  await w.scanBegin('');
  for (let i = 0; i < cancelRecords; i += batch)
    await w.scanAdd(records.slice(i, Math.min(cancelRecords, i + batch)) as DedupInput[]);
  for (let k = 0; k < cancelRecords && feed === 'json'; k++) records[k] = undefined;
  let cancelAt = 0;
  const cancelled = await w.scanRun(
    {},
    proxy((p: DedupProgress) => {
      if (p.phase === 'compare' && cancelAt === 0) {
        cancelAt = performance.now();
        void w.cancel();
      }
    }),
  );
  const cancel = {
    resolvedToNull: cancelled === null,
    afterCancelMs: Math.round(performance.now() - cancelAt),
    records: cancelRecords,
  };

  // The full scan.
  let peakPage: number | null = pageHeap();
  const sample = (): void => {
    const p = pageHeap();
    if (p !== null) peakPage = Math.max(peakPage ?? 0, p);
  };
  let progressEvents = 0;
  const phases = new Set<string>();
  const s0 = performance.now();
  await w.scanBegin('');
  for (let i = 0; i < n; i += batch) {
    const end = Math.min(n, i + batch);
    if (feed === 'json') {
      await w.scanAddJson(texts[i / batch] ?? '[]');
      texts[i / batch] = undefined; // the page keeps no copy
    } else {
      await w.scanAdd(records.slice(i, end) as DedupInput[]);
      for (let k = i; k < end; k++) records[k] = undefined; // the page keeps no copy
    }
    if ((i / batch) % 100 === 0) sample();
  }
  const fed = performance.now();
  const out = await w.scanRun(
    {},
    proxy((p: DedupProgress) => {
      progressEvents++;
      phases.add(p.phase);
      if (progressEvents % 50 === 0) sample();
    }),
  );
  const s1 = performance.now();
  sample();
  if (!out) throw new Error('scan cancelled');
  const during = longTasks.filter((t) => t.start + t.duration >= s0 && t.start <= s1);
  let tp = 0;
  for (let i = 0; i < out.score.length; i++) if (entity[out.a[i] ?? 0] === entity[out.b[i] ?? 0]) tp++;
  const bySize = new Map<number, number>();
  for (const e of entity) bySize.set(e, (bySize.get(e) ?? 0) + 1);
  let truePairs = 0;
  for (const c of bySize.values()) truePairs += (c * (c - 1)) / 2;
  const precision = out.score.length ? tp / out.score.length : 1;
  const recall = truePairs ? tp / truePairs : 1;
  return {
    records: n,
    generateMs: Math.round(generateMs),
    scanMs: Math.round(s1 - s0),
    engineMs: out.stats.ms,
    candidatesPerRecord: out.stats.candidatesPerRecord,
    pairs: out.score.length,
    groups: out.groups,
    precision: r3(precision),
    recall: r3(recall),
    f1: r3((2 * precision * recall) / Math.max(1e-9, precision + recall)),
    progressEvents,
    phasesSeen: [...phases],
    peakPageHeapMB: MB(peakPage),
    mainThread: {
      longTasks: during.length,
      maxMs: Math.round(Math.max(0, ...during.map((t) => t.duration))),
      whileFeeding: during.filter((t) => t.start < fed).length,
      maxFeedingMs: Math.round(Math.max(0, ...during.filter((t) => t.start < fed).map((t) => t.duration))),
      whileScanning: during.filter((t) => t.start >= fed).length,
      maxScanningMs: Math.round(Math.max(0, ...during.filter((t) => t.start >= fed).map((t) => t.duration))),
    },
    feedMs: Math.round(fed - s0),
    feed,
    cancel,
  };
}

declare global {
  interface Window {
    fieldbookDedupScaleBench: { run: (opts: DedupScaleOptions) => Promise<DedupScaleResult> };
  }
}

export function installDedupScaleBench(): void {
  window.fieldbookDedupScaleBench = { run };
}
