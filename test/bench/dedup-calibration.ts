// Is the match probability calibrated at scale? (not a test): npx tsx test/bench/dedup-calibration.ts [N] [--names lists|long-tail]
// Scans N generated records (seed 7) with a low threshold and prints, per probability bucket, the
// pairs and the share of them that are true matches, then P/R/F1 at several thresholds.
import { loadavg } from 'node:os';
import { generateSynthetic, nameModeArg } from '../factories/synthetic';
import { drain, scanSteps } from '../../workers/dedup/engine';

const n = Number(process.argv[2] ?? 100_000);
const { records, entity } = generateSynthetic({ seed: 7, records: n, names: nameModeArg(process.argv) });
const bySize = new Map<number, number>();
for (const e of entity) bySize.set(e, (bySize.get(e) ?? 0) + 1);
let truePairs = 0;
for (const c of bySize.values()) truePairs += (c * (c - 1)) / 2;
const load = loadavg()[0]?.toFixed(1);
const r = drain(scanSteps(records, { explain: false, threshold: 0.05 }));
const edges = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.01];
const tot = new Array<number>(edges.length).fill(0);
const tp = new Array<number>(edges.length).fill(0);
for (const p of r.pairs) {
  let b = 0;
  while (b + 1 < edges.length && p.score >= (edges[b + 1] ?? 2)) b++;
  tot[b] = (tot[b] ?? 0) + 1;
  if (entity[p.a] === entity[p.b]) tp[b] = (tp[b] ?? 0) + 1;
}
process.stdout.write(`n=${records.length} lambda ${r.params.lambda.toFixed(5)} load ${load}\n`);
for (let b = 0; b + 1 < edges.length; b++)
  process.stdout.write(
    `[${edges[b]}, ${edges[b + 1]})  pairs ${String(tot[b]).padStart(7)}  true ${(((tp[b] ?? 0) / Math.max(1, tot[b] ?? 0)) * 100).toFixed(1)}%\n`,
  );
for (const t of [0.2, 0.3, 0.4, 0.5]) {
  let k = 0;
  let hit = 0;
  for (const p of r.pairs)
    if (p.score >= t) {
      k++;
      if (entity[p.a] === entity[p.b]) hit++;
    }
  const P = hit / Math.max(1, k);
  const R = hit / truePairs;
  process.stdout.write(`t=${t} P/R/F1 ${P.toFixed(4)}/${R.toFixed(4)}/${((2 * P * R) / (P + R)).toFixed(4)}\n`);
}
