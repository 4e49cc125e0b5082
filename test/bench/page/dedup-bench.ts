// Dedup speed in Chromium, a self-contained hook for the bench page: the app's dedup
// worker (started through workers/client.ts exactly as the app does) is fed N synthetic bilingual
// customers (test/factories/synthetic.ts, known duplicates) the way src/state/duplicates.svelte.ts
// feeds it (plain records, a few hundred per message), then:
// - full scan in the worker (`scanIndex`, with progress callbacks across comlink) — wall time, the
//   engine's own phase times, candidate pairs per record, pairwise precision/recall/F1 against the
//   generator's entity ids, and the longest main-thread task while it runs;
// - live check of single records against the index (`check`, as the form's panel calls it):
//   round-trip latency p50 / p95 / max as seen by the main thread;
// - the data-quality report over the same records.
// Wiring: `import { installDedupBench } from './dedup-bench'; installDedupBench();` in page/main.ts,
// then test/bench/dedup-run.mjs drives `window.fieldbookDedupBench.run(...)`.
import { dedupWorker, proxy, terminateWorker } from '../../../workers/client';
import { generateSynthetic } from '../../factories/synthetic';
import type { DedupInput, DedupProgress } from '../../../workers/dedup/contract';
import { Rng } from '../../../src/domain/random';

export interface DedupBenchOptions {
  records: number;
  seed?: number;
  /** Live checks to time (records drawn at random, each checked against the others). */
  checks?: number;
  batch?: number;
}

export interface DedupBenchResult {
  records: number;
  loadMs: number;
  scan: {
    ms: number;
    engineMs: Record<string, number>;
    candidatePairs: number;
    candidatesPerRecord: number;
    pairs: number;
    groups: number;
    precision: number;
    recall: number;
    f1: number;
    progressEvents: number;
  };
  /** Main-thread long tasks (> 50 ms) while the scan ran in the worker. */
  mainThreadDuringScan: { longTasks: number; maxMs: number };
  check: { n: number; p50: number; p95: number; max: number; withMatches: number };
  qualityMs: number;
}

const longTasks: Array<{ start: number; duration: number }> = [];
function observeLongTasks(): void {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
}

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? 0;
}
const r1 = (x: number): number => Math.round(x * 10) / 10;

function asInput(r: ReturnType<typeof generateSynthetic>['records'][number]): DedupInput {
  return {
    givenName: r.givenName,
    familyName: r.familyName,
    email: r.email,
    phone: r.phone,
    company: r.company,
    street: r.street,
    city: r.city,
    postcode: r.postcode,
    region: r.region,
    country: r.country,
    birthDate: r.birthDate,
  };
}

async function run(opts: DedupBenchOptions): Promise<DedupBenchResult> {
  const { records, entity } = generateSynthetic({ seed: opts.seed ?? 11, records: opts.records });
  const n = records.length;
  const ids = records.map((_, i) => `r${i}`);
  terminateWorker('dedup');
  const w = dedupWorker();

  // Load the index as the app does: batches of plain records, yielding between messages.
  const batch = opts.batch ?? 300;
  const t0 = performance.now();
  await w.load([]);
  for (let i = 0; i < n; i += batch) {
    await w.upsert(records.slice(i, i + batch).map((r, k) => ({ id: ids[i + k] ?? '', record: asInput(r) })));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const loadMs = performance.now() - t0;

  // Full scan in the worker.
  let progressEvents = 0;
  const s0 = performance.now();
  const out = await w.scanIndex(
    {},
    proxy((_: DedupProgress) => {
      progressEvents++;
    }),
  );
  const s1 = performance.now();
  if (!out) throw new Error('scan cancelled');
  const during = longTasks.filter((t) => t.start + t.duration >= s0 && t.start <= s1);
  const entityOf = new Map(ids.map((id, i) => [id, entity[i] ?? -1]));
  let tp = 0;
  for (let i = 0; i < out.score.length; i++)
    if (entityOf.get(out.pairIds[2 * i] ?? '') === entityOf.get(out.pairIds[2 * i + 1] ?? '')) tp++;
  const bySize = new Map<number, number>();
  for (const e of entity) bySize.set(e, (bySize.get(e) ?? 0) + 1);
  let truePairs = 0;
  for (const c of bySize.values()) truePairs += (c * (c - 1)) / 2;
  const precision = out.score.length ? tp / out.score.length : 1;
  const recall = truePairs ? tp / truePairs : 1;

  // Live checks of single records against the index (the record itself excluded).
  const rng = new Rng(7);
  const times: number[] = [];
  let withMatches = 0;
  for (let k = 0; k < (opts.checks ?? 500); k++) {
    const i = rng.int(0, n - 1);
    const c0 = performance.now();
    const matches = await w.check(asInput(records[i] ?? records[0]!), { excludeId: ids[i], limit: 5 });
    times.push(performance.now() - c0);
    if (matches.length) withMatches++;
  }

  const q0 = performance.now();
  await w.quality('');
  const qualityMs = performance.now() - q0;

  return {
    records: n,
    loadMs: r1(loadMs),
    scan: {
      ms: r1(s1 - s0),
      engineMs: out.stats.ms,
      candidatePairs: out.stats.candidatePairs,
      candidatesPerRecord: out.stats.candidatesPerRecord,
      pairs: out.score.length,
      groups: out.groups,
      precision: r1(precision * 1000) / 1000,
      recall: r1(recall * 1000) / 1000,
      f1: r1(((2 * precision * recall) / Math.max(1e-9, precision + recall)) * 1000) / 1000,
      progressEvents,
    },
    mainThreadDuringScan: { longTasks: during.length, maxMs: r1(Math.max(0, ...during.map((t) => t.duration))) },
    check: {
      n: times.length,
      p50: r1(percentile(times, 50)),
      p95: r1(percentile(times, 95)),
      max: r1(Math.max(...times)),
      withMatches,
    },
    qualityMs: r1(qualityMs),
  };
}

declare global {
  interface Window {
    fieldbookDedupBench: { run: (opts: DedupBenchOptions) => Promise<DedupBenchResult> };
  }
}

export function installDedupBench(): void {
  observeLongTasks();
  window.fieldbookDedupBench = { run };
}
