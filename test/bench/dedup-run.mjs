// Node side of the dedup speed benchmark, for test/bench/run.mjs: drives
// `window.fieldbookDedupBench` on the bench page (page/dedup-bench.ts) and formats the rows.
//   import { runDedupBench, dedupRows } from './dedup-run.mjs';
//   const dedup = await runDedupBench(page, { records: o.customers });   // on the /bench/ page
//   results.dedup = dedup; table.push(...dedupRows(dedup));
// Targets: full scan of 100,000 ≤ 10 s; live check p95 ≤ 50 ms; no main-thread task
// > 50 ms during a scan; ≤ 50 candidate pairs per record.

/** @param {import('@playwright/test').Page} page */
export async function runDedupBench(page, { records = 100_000, seed = 11, checks = 500 } = {}) {
  await page.waitForFunction(() => !!window.fieldbookDedupBench);
  return page.evaluate((o) => window.fieldbookDedupBench.run(o), { records, seed, checks });
}

/** Markdown table rows: [what, result, target]. */
export function dedupRows(r) {
  const n = r.records.toLocaleString('en-US');
  return [
    [
      `Dedup: full scan of ${n} synthetic customers in the worker`,
      `${(r.scan.ms / 1000).toFixed(1)} s (engine ${JSON.stringify(r.scan.engineMs)})`,
      '≤ 10 s',
    ],
    ['Dedup: candidate pairs per record', String(r.scan.candidatesPerRecord), '≤ 50'],
    [
      'Dedup: pairwise P / R / F1 on the synthetic set',
      [r.scan.precision, r.scan.recall, r.scan.f1].map((x) => Number(x).toFixed(3)).join(' / '),
      'F1 ≥ 0.95',
    ],
    [
      'Dedup: main-thread long tasks during the scan',
      `${r.mainThreadDuringScan.longTasks} (max ${r.mainThreadDuringScan.maxMs} ms)`,
      'none > 50 ms',
    ],
    [
      `Dedup: live check of one record against ${n}: p50 / p95 / max`,
      `${r.check.p50} / ${r.check.p95} / ${r.check.max} ms`,
      'p95 ≤ 50 ms',
    ],
    ['Dedup: index load (batches of 300 from the main thread)', `${(r.loadMs / 1000).toFixed(1)} s`, '—'],
    ['Data quality report in the worker', `${(r.qualityMs / 1000).toFixed(1)} s`, '—'],
  ];
}
