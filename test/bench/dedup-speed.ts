// Timing of the dedup engine in node (not a test): npx tsx test/bench/dedup-speed.ts [N] [--no-index] [--fit] [--profile FILE]
// Prints the scan's phase breakdown, the longest gap between scan yields, the live-index build
// time and live-check latency (p50/p95) over records of the set. `--fit` scans the way the
// worker's scanIndex does (DedupIndex.fitSteps over already standardized records).
// The machine is shared: next to wall time it prints the process CPU time per phase (between
// yields, attributed to the phase the yield reports), which is what changes of the code move.
// `--profile FILE` writes a V8 CPU profile of the scan alone (open in Chrome DevTools).
import { loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { scanSteps, type DedupProgress, type DedupResult } from '../../workers/dedup/engine';
import { DedupIndex } from '../../workers/dedup/live-index';
import { generateSynthetic } from '../factories/synthetic';

const args = process.argv.slice(2);
const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 10_000);
const withIndex = !args.includes('--no-index');
const fit = args.includes('--fit');
const profileAt = args.indexOf('--profile');
const profileFile = profileAt >= 0 ? args[profileAt + 1] : undefined;
const { records, entity } = generateSynthetic({ seed: 11, records: n });
process.stdout.write(
  `n=${records.length} load=${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}\n`,
);

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

let index: DedupIndex | undefined;
let build = 0;
if (withIndex || fit) {
  const t1 = performance.now();
  index = new DedupIndex();
  records.forEach((r, i) => index?.add(String(i), r));
  build = performance.now() - t1;
}

const session = profileFile === undefined ? undefined : new Session();
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 250 });
  await session.post('Profiler.start');
}
const t0 = performance.now();
const c0 = cpuMs();
const steps: Generator<DedupProgress, DedupResult> =
  fit && index
    ? (function* (ix: DedupIndex): Generator<DedupProgress, DedupResult> {
        return (yield* ix.fitSteps()).result;
      })(index)
    : scanSteps(records);
let last = performance.now();
let lastCpu = c0;
let maxGap = 0;
let gapPhase = '';
let prevStep = 'start';
const cpuByPhase: Record<string, number> = {};
let result: DedupResult;
for (;;) {
  const s = steps.next();
  const t = performance.now();
  const c = cpuMs();
  const phase = s.done === true ? 'cluster' : s.value.phase;
  cpuByPhase[phase] = (cpuByPhase[phase] ?? 0) + (c - lastCpu);
  lastCpu = c;
  const here = s.done === true ? 'end' : `${s.value.phase} ${s.value.done}/${s.value.total}`;
  if (t - last > maxGap) {
    maxGap = t - last;
    gapPhase = `${prevStep} → ${here}`;
  }
  prevStep = here;
  last = t;
  if (s.done === true) {
    result = s.value;
    break;
  }
}
const total = performance.now() - t0;
const cpuTotal = cpuMs() - c0;
if (session && profileFile !== undefined) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(profileFile, JSON.stringify(profile));
  session.disconnect();
}
let tp = 0;
for (const p of result.pairs) if (entity[p.a] === entity[p.b]) tp++;
const bySize = new Map<number, number>();
for (const e of entity) bySize.set(e, (bySize.get(e) ?? 0) + 1);
let truePairs = 0;
for (const c of bySize.values()) truePairs += (c * (c - 1)) / 2;
const precision = tp / Math.max(1, result.pairs.length);
const recall = tp / Math.max(1, truePairs);
const round = (x: number): number => Math.round(x);
process.stdout.write(`scan ${total.toFixed(0)} ms wall  ${JSON.stringify(result.stats.ms)}\n`);
process.stdout.write(
  `cpu ${cpuTotal.toFixed(0)} ms  ${JSON.stringify(Object.fromEntries(Object.entries(cpuByPhase).map(([k, v]) => [k, round(v)])))}\n`,
);
process.stdout.write(
  `candidates ${result.stats.candidatePairs} (${result.stats.candidatesPerRecord}/record), pairs ${result.pairs.length}, P/R/F1 ${precision.toFixed(4)} / ${recall.toFixed(4)} / ${((2 * precision * recall) / Math.max(1e-9, precision + recall)).toFixed(4)}, em iterations ${result.stats.emIterations}\n`,
);
process.stdout.write(`longest step between yields ${maxGap.toFixed(1)} ms (${gapPhase})\n`);

if (withIndex && index) {
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
