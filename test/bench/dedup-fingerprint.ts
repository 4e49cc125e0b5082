// Fingerprint of the dedup engine's output: npx tsx test/bench/dedup-fingerprint.ts [N]
// Hashes the candidate pairs, every candidate pair's comparison levels and the final pairs with
// scores and explanations on N synthetic records (seed 11), so a speed or memory change can be
// checked to give exactly the same result. test/unit/dedup/fingerprint.test.ts pins the 20,000-record one.
import { createHash } from 'node:crypto';
import { generateSynthetic } from '../factories/synthetic';
import { standardize } from '../../workers/dedup/standardize';
import { FIELDS, RecordRows } from '../../workers/dedup/model';
import { StringPool } from '../../workers/dedup/compare';
import { candidatePairSteps } from '../../workers/dedup/blocking';
import { findDuplicates } from '../../workers/dedup/engine';

export interface Fingerprint {
  n: number;
  candidates: number;
  candidatesHash: string;
  levelsHash: string;
  pairs: number;
  pairsHash: string;
}

export function fingerprint(n: number): Fingerprint {
  const { records } = generateSynthetic({ seed: 11, records: n });
  const std = records.map((r) => standardize(r));
  const steps = candidatePairSteps(std);
  let s = steps.next();
  while (s.done !== true) s = steps.next();
  const { start, cols } = s.value;
  const candidatesHash = createHash('sha256')
    .update(new Uint8Array(start.buffer))
    .update(new Uint8Array(cols.buffer, 0, cols.length * 4))
    .digest('hex')
    .slice(0, 16);
  const rows = new RecordRows(std, new StringPool());
  for (let i = 0; i < n; i++) rows.fill(i);
  const levels = new Uint8Array(FIELDS.length);
  const all = new Uint8Array(cols.length * (FIELDS.length + 1));
  let x = 0;
  for (let i = 0; i < n; i++) {
    for (; x < (start[i + 1] ?? 0); x++) {
      const swapped = rows.compare(i, cols[x] ?? 0, levels);
      all.set(levels, x * (FIELDS.length + 1));
      all[x * (FIELDS.length + 1) + FIELDS.length] = swapped ? 1 : 0;
    }
  }
  const levelsHash = createHash('sha256').update(all).digest('hex').slice(0, 16);
  const result = findDuplicates(records);
  const pairsHash = createHash('sha256')
    .update(JSON.stringify(result.pairs.map((p) => [p.a, p.b, p.score, p.fields])))
    .digest('hex')
    .slice(0, 16);
  return { n, candidates: cols.length, candidatesHash, levelsHash, pairs: result.pairs.length, pairsHash };
}

if (process.argv[1] !== undefined && new URL(import.meta.url).pathname === process.argv[1]) {
  const n = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 20_000);
  const f = fingerprint(n);
  process.stdout.write(
    `n=${f.n} candidates ${f.candidates} ${f.candidatesHash}  levels ${f.levelsHash}  pairs ${f.pairs} ${f.pairsHash}\n`,
  );
}
