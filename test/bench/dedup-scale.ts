// The dedup scale series (part of `npm run bench:dedup`; alone: npx tsx test/bench/dedup-scale.ts
// [--sizes 100000,200000,500000,1000000] [--emails provider|name-only|serial] [--threads N] [--child N]). Each size runs in a fresh node process:
// generated bilingual records (test/factories/synthetic.ts, seed 7, as the quality benchmark),
// the engine's scan as `npm run dedup` runs it (records handed over one by one, no explanations),
// memory sampled at every step of the scan. Prints per size: time per phase, peak RSS, peak JS
// memory (V8 heap + typed arrays), bytes per record, candidate pairs per record, the block cap's
// report, pairwise P/R/F1 against the generator's entities; the load average is recorded with each run.
// `--emails`: the generator's address mode (default `provider`; `name-only` reproduces the series
// before session 9, where namesakes shared addresses; `serial` shares none).
// `--names lists|long-tail`: the generator's names (default `lists`, the fixed lists; `long-tail`:
// real-shaped name frequencies, see docs/research/dedup-at-scale.md, seventh round).
// `--threads N`: standardize and comparison helper threads next to the scan's own (default: one per
// further core, as `npm run dedup`; 0 = the one-thread scan, the baseline). Recorded in each figure.
// `--child N --max-block K`: one size in this process with another block cap (what the cap costs in recall).
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { emailModeArg, generateSynthetic, nameModeArg, type EmailMode } from '../factories/synthetic';
import { nodeCompareThreads } from '../../workers/dedup/compare-threads';
import { nodeStandardizeThreads } from '../../workers/dedup/standardize-threads';
import { scanInputSteps, type DedupInput, type DedupResult } from '../../workers/dedup/engine';

export interface ScaleFigures {
  records: number;
  /** Comparison helper threads (0: one thread). */
  threads: number;
  ms: DedupResult['stats']['ms'];
  /** CPU time of the process during the scan (user + system): less dependent on the machine's load than wall time. */
  cpuMs: number;
  peakRssMB: number;
  peakJsMB: number;
  /** Peak RSS minus the process's RSS before the records were generated, per record. */
  bytesPerRecord: number;
  candidatesPerRecord: number;
  cappedBlocks: DedupResult['stats']['cappedBlocks'];
  lambda: number;
  emIterations: number;
  predictedPairs: number;
  precision: number;
  recall: number;
  f1: number;
  load: [number, number];
}

const r4 = (x: number): number => Math.round(x * 10000) / 10000;

function child(n: number, emails: EmailMode, threads = defaultThreads()): ScaleFigures {
  const load0 = loadavg()[0] ?? 0;
  const base = process.memoryUsage.rss();
  const { records, entity } = generateSynthetic({ seed: 7, records: n, emails, names: nameModeArg(process.argv) });
  const total = records.length;
  let peakRss = 0;
  let peakJs = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakJs = Math.max(peakJs, m.heapUsed + m.arrayBuffers);
  };
  // Hand the records over one by one and drop each once read (as the CLI reads a file).
  const inputs = (function* (): Generator<DedupInput> {
    for (let i = 0; i < total; i++) {
      const r = records[i] as DedupInput;
      (records as (DedupInput | undefined)[])[i] = undefined;
      yield r;
    }
  })();
  const cpu0 = process.cpuUsage();
  const maxBlockAt = process.argv.indexOf('--max-block');
  const blocking = maxBlockAt >= 0 ? { maxBlockSize: Number(process.argv[maxBlockAt + 1]) } : undefined;
  const steps = scanInputSteps(inputs, total, {
    explain: false,
    compareThreads: threads === 0 ? undefined : nodeCompareThreads(threads),
    standardizeThreads: threads === 0 ? undefined : nodeStandardizeThreads(threads),
    ...(blocking ? { blocking } : {}),
  });
  let result: DedupResult;
  let phase = '';
  const started = performance.now();
  for (;;) {
    const s = steps.next();
    sample();
    // Phase changes on stderr (a long run shows how far it got).
    if (s.done !== true && s.value.phase !== phase) {
      phase = s.value.phase;
      const at = ((performance.now() - started) / 1000).toFixed(1);
      process.stderr.write(`n=${n} ${phase} from ${at} s, peak RSS so far ${Math.round(peakRss / 1e6)} MB\n`);
    }
    if (s.done === true) {
      result = s.value;
      break;
    }
  }
  const cpu = process.cpuUsage(cpu0);
  const bySize = new Map<number, number>();
  for (const e of entity) bySize.set(e, (bySize.get(e) ?? 0) + 1);
  let truePairs = 0;
  for (const c of bySize.values()) truePairs += (c * (c - 1)) / 2;
  let tp = 0;
  for (const p of result.pairs) if (entity[p.a] === entity[p.b]) tp++;
  const precision = result.pairs.length === 0 ? 1 : tp / result.pairs.length;
  const recall = truePairs === 0 ? 1 : tp / truePairs;
  return {
    records: total,
    threads,
    ms: result.stats.ms,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    peakRssMB: Math.round(peakRss / 1e6),
    peakJsMB: Math.round(peakJs / 1e6),
    bytesPerRecord: Math.round((peakRss - base) / total),
    candidatesPerRecord: result.stats.candidatesPerRecord,
    cappedBlocks: result.stats.cappedBlocks,
    lambda: r4(result.params.lambda),
    emIterations: result.params.iterations,
    predictedPairs: result.pairs.length,
    precision: r4(precision),
    recall: r4(recall),
    f1: r4(precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)),
    load: [Number(load0.toFixed(2)), Number((loadavg()[0] ?? 0).toFixed(2))],
  };
}

/** Run the series, one child process per size; returns the figures (a failed size is reported, not thrown). */
export function scaleSeries(
  sizes: readonly number[],
  emails: EmailMode = 'provider',
  threads = defaultThreads(),
): (ScaleFigures | { records: number; error: string })[] {
  const out: (ScaleFigures | { records: number; error: string })[] = [];
  for (const n of sizes) {
    const r = spawnSync(
      process.execPath,
      [
        ...process.execArgv,
        new URL(import.meta.url).pathname,
        '--child',
        String(n),
        '--emails',
        emails,
        '--threads',
        String(threads),
        '--names',
        nameModeArg(process.argv),
      ],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      },
    );
    const line = r.stdout.trim().split('\n').pop() ?? '';
    try {
      const fig = JSON.parse(line) as ScaleFigures;
      out.push(fig);
      process.stdout.write(`${formatScale(fig)}\n`);
    } catch {
      const error = (r.stderr || `exit ${String(r.status)}`).trim().split('\n').slice(-3).join(' ');
      out.push({ records: n, error });
      process.stdout.write(`scale n=${n}: failed: ${error}\n`);
    }
  }
  return out;
}

export function formatScale(f: ScaleFigures): string {
  const s = (ms: number): string => (ms / 1000).toFixed(1);
  return (
    `scale n=${String(f.records).padStart(7)} threads ${f.threads + 1}  total ${s(f.ms.total)} s, CPU ${s(f.cpuMs)} s (std ${s(f.ms.standardize)}, block ${s(f.ms.blocking)}, ` +
    `compare ${s(f.ms.compare)}, EM ${s(f.ms.estimate)}, cluster ${s(f.ms.cluster)})  peak RSS ${f.peakRssMB} MB, JS ${f.peakJsMB} MB, ` +
    `${f.bytesPerRecord} B/record  cand/rec ${f.candidatesPerRecord}  capped ${f.cappedBlocks.blocks} blocks  ` +
    `lambda ${f.lambda}  P/R/F1 ${f.precision.toFixed(4)}/${f.recall.toFixed(4)}/${f.f1.toFixed(4)}  load ${f.load.join('→')}`
  );
}

function defaultThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

const argv = process.argv.slice(2);
const threadsAt = argv.indexOf('--threads');
const threadsArg = threadsAt >= 0 ? Number(argv[threadsAt + 1]) : defaultThreads();
if (argv[0] === '--child') {
  process.stdout.write(`${JSON.stringify(child(Number(argv[1]), emailModeArg(argv), threadsArg))}\n`);
} else if (process.argv[1] !== undefined && new URL(import.meta.url).pathname === process.argv[1]) {
  const at = argv.indexOf('--sizes');
  const sizes = (at >= 0 ? (argv[at + 1] ?? '') : '100000,200000,500000,1000000').split(',').map(Number);
  scaleSeries(sizes, emailModeArg(argv), threadsArg);
}
