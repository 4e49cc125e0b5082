// Where the candidate pairs come from and which true pairs a scan misses (not a test):
// npx tsx test/bench/dedup-diagnose.ts [N] [--maxBlock 40] [--emails provider|name-only|serial] [--names lists|long-tail]. Generated bilingual records (seed 7, as
// the scale series). Prints per blocking key kind the pairs it makes per record (blocks up to
// the cap in full, capped blocks as windows; kinds overlap) and the share of true pairs it
// covers; then the scan's missed true pairs: not candidates at all, or their comparison
// patterns (levels per field) and weights, the most common first.
import { loadavg } from 'node:os';
import { emailModeArg, generateSynthetic, nameModeArg, truePairsOf } from '../factories/synthetic';
import { standardize, type StdRecord } from '../../workers/dedup/standardize';
import { StringPool } from '../../workers/dedup/compare';
import {
  FIELDS,
  LEVELS,
  MISSING,
  RecordRows,
  TermFrequencies,
  scoreVector,
  weightTable,
  type TfValues,
} from '../../workers/dedup/model';
import { DEFAULT_BLOCKING, KeyParts, candidatePairs, numericKeys, windowPairCount } from '../../workers/dedup/blocking';
import { drain, scanSteps } from '../../workers/dedup/engine';

const args = process.argv.slice(2);
const n = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--maxBlock') ?? 100_000);
const capAt = args.indexOf('--maxBlock');
const maxBlockSize = capAt >= 0 ? Number(args[capAt + 1]) : DEFAULT_BLOCKING.maxBlockSize;
const KINDS = [
  '',
  'phone',
  'email',
  'name',
  'postcode',
  'birth+name',
  'nickname',
  'han',
  'birth',
  'street',
  'street+pc',
  'company',
  'birth date+name',
];

const { records, entity } = generateSynthetic({
  seed: 7,
  records: n,
  emails: emailModeArg(args),
  names: nameModeArg(args),
});
process.stdout.write(`n=${records.length} load ${loadavg()[0]?.toFixed(2)}\n`);
const std: StdRecord[] = records.map((r) => standardize(r, ''));
const tf = new TermFrequencies();
for (const s of std) tf.add(s);
const rows = new RecordRows(std, new StringPool());
for (let i = 0; i < std.length; i++) rows.fill(i);
const parts = new KeyParts(rows.pool);
// Blocks per kind: key → members.
const blocks = KINDS.map(() => new Map<string, number[]>());
for (let i = 0; i < std.length; i++) {
  numericKeys(std[i] as StdRecord, rows, i, parts, (kind, a, b, c) => {
    const m = blocks[kind] as Map<string, number[]>;
    const key = `${a},${b},${c}`;
    const list = m.get(key);
    if (list === undefined) m.set(key, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  });
}
// True pairs.
const truePairs = truePairsOf(entity);
// Keyed by the records generated (the last entity may overshoot the requested n).
const pairKey = (a: number, b: number): number => (a < b ? a * records.length + b : b * records.length + a);
const trueSet = new Set(truePairs.map(([a, b]) => pairKey(a, b)));
const coveredBy = new Map<number, number>();
const window = DEFAULT_BLOCKING.window;
for (let k = 1; k < KINDS.length; k++) {
  let pairs = 0;
  let capped = 0;
  let largest = 0;
  let covered = 0;
  for (const members of (blocks[k] as Map<string, number[]>).values()) {
    const s = members.length;
    largest = Math.max(largest, s);
    if (s <= maxBlockSize) {
      pairs += (s * (s - 1)) / 2;
      for (let x = 0; x < s; x++)
        for (let y = x + 1; y < s; y++) {
          const key = pairKey(members[x] ?? 0, members[y] ?? 0);
          if (trueSet.has(key)) {
            covered++;
            coveredBy.set(key, (coveredBy.get(key) ?? 0) | (1 << k));
          }
        }
    } else {
      capped++;
      pairs += windowPairCount(s, window);
    }
  }
  process.stdout.write(
    `${KINDS[k]?.padEnd(11)} blocks ${(blocks[k] as Map<string, number[]>).size}  pairs/record ${(pairs / n).toFixed(2)}  ` +
      `capped ${capped} (largest ${largest})  true pairs in full blocks ${(covered / truePairs.length).toFixed(4)}\n`,
  );
}
const only = new Map<number, number>();
for (const bits of coveredBy.values()) if ((bits & (bits - 1)) === 0) only.set(bits, (only.get(bits) ?? 0) + 1);
process.stdout.write(
  `true pairs ${truePairs.length}; found by one kind only: ${[...only].map(([b, c]) => `${KINDS[Math.log2(b)]} ${c}`).join(', ')}\n`,
);

// The scan's candidate pairs exactly (i·n + j, i < j, ascending: the scan's own blocking, in input order).
const candidates = candidatePairs(std, { maxBlockSize });
const isCandidate = (a: number, b: number): boolean => {
  const key = pairKey(a, b);
  let lo = 0;
  let hi = candidates.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((candidates[mid] ?? 0) < key) lo = mid + 1;
    else hi = mid;
  }
  return candidates[lo] === key;
};
let trueCandidates = 0;
for (const [a, b] of truePairs) if (isCandidate(a, b)) trueCandidates++;
process.stdout.write(
  `candidates ${candidates.length} (${(candidates.length / n).toFixed(2)}/record); pair completeness ${(trueCandidates / truePairs.length).toFixed(4)} (${truePairs.length - trueCandidates} true pairs never compared)\n`,
);
const t0 = performance.now();
const result = drain(scanSteps(records, { explain: false }));
process.stdout.write(
  `scan ${((performance.now() - t0) / 1000).toFixed(1)} s  cand/rec ${result.stats.candidatesPerRecord}  lambda ${result.params.lambda.toFixed(5)}  it ${result.params.iterations}\n`,
);
const found = new Set(result.pairs.map((p) => pairKey(p.a, p.b)));
let tp = 0;
for (const p of result.pairs) if (entity[p.a] === entity[p.b]) tp++;
const precision = tp / result.pairs.length;
const recall = tp / truePairs.length;
process.stdout.write(
  `P/R/F1 ${precision.toFixed(4)} / ${recall.toFixed(4)} / ${((2 * precision * recall) / (precision + recall)).toFixed(4)}\n`,
);
const weights = weightTable(result.params);
process.stdout.write(
  `weights: ${FIELDS.map((f, k) => `${f} ${(weights[k] ?? []).map((w) => w.toFixed(1)).join('/')}`).join('  ')}\n`,
);
const levels = new Uint8Array(FIELDS.length);
const tfv: TfValues = { given: '', family: '', company: '', streetName: '' };
const missed = new Map<string, { count: number; weight: number; cand: number }>();
let notCandidate = 0;
let notInFullBlock = 0;
const label = (lv: Uint8Array): string =>
  FIELDS.map((f, k) => {
    const l = lv[k] ?? MISSING;
    return l === MISSING ? '' : `${f}:${LEVELS[f][l]}`;
  })
    .filter((x) => x !== '')
    .join(' ');
// A missed pair: a candidate of the scan or not (exact), and whether any full block holds it (per key kind, above).
for (const [a, b] of truePairs) {
  if (found.has(pairKey(a, b))) continue;
  rows.compare(a, b, levels);
  const w = scoreVector(levels, weights, rows.tfValues(a, b, tfv), tf);
  const key = label(levels);
  const e = missed.get(key) ?? { count: 0, weight: w, cand: 0 };
  e.count++;
  if (!coveredBy.has(pairKey(a, b))) notInFullBlock++;
  if (isCandidate(a, b)) e.cand++;
  else notCandidate++;
  missed.set(key, e);
}
process.stdout.write(
  `missed ${truePairs.length - tp}: never candidates ${notCandidate}, compared and scored below the threshold (or split by clustering) ${truePairs.length - tp - notCandidate}; in no full block ${notInFullBlock}\n`,
);
// Precision: the false pairs by comparison pattern, the most common first.
const falsePatterns = new Map<string, { count: number; weight: number }>();
for (const p of result.pairs) {
  if (entity[p.a] === entity[p.b]) continue;
  rows.compare(p.a, p.b, levels);
  const key = label(levels);
  const e = falsePatterns.get(key) ?? {
    count: 0,
    weight: scoreVector(levels, weights, rows.tfValues(p.a, p.b, tfv), tf),
  };
  e.count++;
  falsePatterns.set(key, e);
}
process.stdout.write(`false pairs ${result.pairs.length - tp}\n`);
for (const [k, e] of [...falsePatterns].sort((x, y) => y[1].count - x[1].count).slice(0, 15))
  process.stdout.write(`${String(e.count).padStart(6)} w≈${e.weight.toFixed(1)}  ${k}\n`);
for (const [k, e] of [...missed].sort((x, y) => y[1].count - x[1].count).slice(0, 25))
  process.stdout.write(`${String(e.count).padStart(6)} (${e.cand} candidates) w≈${e.weight.toFixed(1)}  ${k}\n`);
