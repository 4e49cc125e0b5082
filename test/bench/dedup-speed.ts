// Timing of the dedup engine in node (not a test): npx tsx test/bench/dedup-speed.ts [N] [--no-index]
// Prints the scan's phase breakdown, the longest gap between scan yields, the live-index build
// time and live-check latency (p50/p95) over records of the set.
import { loadavg } from 'node:os';
import { DedupIndex, scanSteps, type DedupResult } from '../../workers/dedup/engine';
import { generateSynthetic } from '../../workers/dedup/synthetic';

const args = process.argv.slice(2);
const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 10_000);
const withIndex = !args.includes('--no-index');
const { records, entity } = generateSynthetic({ seed: 11, records: n });
process.stdout.write(`n=${records.length} load=${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);

const t0 = performance.now();
const steps = scanSteps(records);
let last = performance.now();
let maxGap = 0;
let gapPhase = '';
let result: DedupResult;
for (;;) {
  const s = steps.next();
  const t = performance.now();
  if (t - last > maxGap) {
    maxGap = t - last;
    gapPhase = s.done === true ? 'end' : s.value.phase;
  }
  last = t;
  if (s.done === true) {
    result = s.value;
    break;
  }
}
const total = performance.now() - t0;
let tp = 0;
for (const p of result.pairs) if (entity[p.a] === entity[p.b]) tp++;
process.stdout.write(`scan ${total.toFixed(0)} ms  ${JSON.stringify(result.stats.ms)}\n`);
process.stdout.write(`candidates ${result.stats.candidatePairs} (${result.stats.candidatesPerRecord}/record), pairs ${result.pairs.length}, precision ${(tp / Math.max(1, result.pairs.length)).toFixed(4)}, em iterations ${result.stats.emIterations}\n`);
process.stdout.write(`longest step between yields ${maxGap.toFixed(1)} ms (${gapPhase})\n`);

if (withIndex) {
  const t1 = performance.now();
  const index = new DedupIndex();
  records.forEach((r, i) => index.add(String(i), r));
  const build = performance.now() - t1;
  index.setParams(result.params);
  const lat: number[] = [];
  for (let k = 0; k < 300; k++) {
    const i = (k * 7919) % records.length;
    const t = performance.now();
    index.check(records[i] ?? {}, { excludeId: String(i) });
    lat.push(performance.now() - t);
  }
  lat.sort((a, b) => a - b);
  const q = (p: number): string => (lat[Math.floor(p * (lat.length - 1))] ?? 0).toFixed(2);
  process.stdout.write(`index build ${build.toFixed(0)} ms; check p50 ${q(0.5)} ms p95 ${q(0.95)} ms max ${q(1)} ms\n`);
}
