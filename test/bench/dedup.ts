// npm run bench:dedup — duplicate-detection quality on the Febrl benchmark files and on the
// synthetic bilingual set. Febrl records are converted to the canonical customer columns with the
// mapping of the canonical columns and nothing else (address_2 and soc_sec_id are never read); the engine runs
// unsupervised (EM) with its one default threshold; labels are only used to score the output.
// Options: --only NAME (dataset1|dataset2|dataset4|synthetic), --write-csv DIR (the converted
// canonical CSVs, to check the CLI), --synthetic N (records, default 5000). After the files: the
// block cap's effect on pair completeness (synthetic 20,000, caps 10-160; --no-caps skips) and the
// scale series (dedup-scale.ts; sizes from DEDUP_SCALE_SIZES, default 100000,200000,500000,1000000;
// --no-scale skips), both written to the results file. --caps-only: the cap series alone.
// The Febrl files are in test/bench/data/febrl (BSD-3-Clause, see its README); env FEBRL_DIR overrides.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvObjects, serializeCsv } from '../../workers/dedup/csv';
import { DEFAULT_THRESHOLD, findDuplicates, type DedupInput, type DedupResult } from '../../workers/dedup/engine';
import { standardize } from '../../workers/dedup/standardize';
import { DEFAULT_BLOCKING, candidatePairs } from '../../workers/dedup/blocking';
import { scaleSeries } from './dedup-scale';
import { generateSynthetic } from '../factories/synthetic';
import { CANONICAL_COLUMNS } from '../../src/domain/customer-fields';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FEBRL_DIR = process.env.FEBRL_DIR ?? resolve(ROOT, 'test/bench/data/febrl');
const COLUMNS = CANONICAL_COLUMNS;
type Canonical = Record<(typeof COLUMNS)[number], string>;

/** Febrl YYYYMMDD → YYYY-MM-DD when it is a real calendar date, else the value as typed. */
export function febrlDate(raw: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  if (!m) return raw;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  const valid = t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
  return valid ? `${m[1] ?? ''}-${m[2] ?? ''}-${m[3] ?? ''}` : raw;
}

/** One Febrl row → canonical columns (canonical mapping) and its entity number. */
export function febrlToCanonical(row: Record<string, string>): { record: Canonical; entity: string } {
  const v = (k: string): string => (row[k] ?? '').trim();
  const record: Canonical = {
    givenName: v('given_name'),
    familyName: v('surname'),
    email: '',
    phone: '',
    company: '',
    street: [v('street_number'), v('address_1')].filter(Boolean).join(' '),
    city: v('suburb'),
    postcode: v('postcode'),
    region: v('state'),
    country: 'AU',
    birthDate: febrlDate(v('date_of_birth')),
    tags: '',
    notes: '',
  };
  const entity = /^rec-(\d+)-/.exec(v('rec_id'))?.[1] ?? v('rec_id');
  return { record, entity };
}

function loadFebrl(files: string[]): { records: Canonical[]; entity: string[] } {
  const records: Canonical[] = [];
  const entity: string[] = [];
  for (const f of files) {
    for (const row of csvObjects(readFileSync(join(FEBRL_DIR, f), 'utf8'))) {
      const c = febrlToCanonical(row);
      records.push(c.record);
      entity.push(c.entity);
    }
  }
  return { records, entity };
}

const toInput = (r: Canonical): DedupInput => {
  const { tags: _tags, notes: _notes, ...rest } = r;
  return rest;
};

interface Figures {
  records: number;
  truePairs: number;
  predictedPairs: number;
  precision: number;
  recall: number;
  f1: number;
  pairCompleteness: number;
  candidatePairs: number;
  candidatesPerRecord: number;
  groups: number;
  emIterations: number;
  lambda: number;
  engineMs: number;
  msBreakdown: DedupResult['stats']['ms'];
}

function truePairKeys(entity: readonly (string | number)[]): Set<number> {
  const n = entity.length;
  const byEntity = new Map<string | number, number[]>();
  entity.forEach((e, i) => {
    const l = byEntity.get(e);
    if (l) l.push(i);
    else byEntity.set(e, [i]);
  });
  const out = new Set<number>();
  for (const ids of byEntity.values()) {
    for (let x = 0; x < ids.length; x++)
      for (let y = x + 1; y < ids.length; y++) out.add((ids[x] ?? 0) * n + (ids[y] ?? 0));
  }
  return out;
}

const r4 = (x: number): number => Math.round(x * 10000) / 10000;

function evaluate(records: readonly DedupInput[], entity: readonly (string | number)[]): Figures {
  const n = records.length;
  const truth = truePairKeys(entity);
  const t0 = performance.now();
  const result = findDuplicates(records, { threshold: DEFAULT_THRESHOLD });
  const engineMs = performance.now() - t0;
  let tp = 0;
  for (const p of result.pairs) if (truth.has(p.a * n + p.b)) tp++;
  const precision = result.pairs.length === 0 ? 1 : tp / result.pairs.length;
  const recall = truth.size === 0 ? 1 : tp / truth.size;
  // Pair completeness: share of true pairs the blocking proposes (same code path as the scan).
  const cands = candidatePairs(records.map((r) => standardize(r)));
  let covered = 0;
  for (const c of cands) if (truth.has(c)) covered++;
  return {
    records: n,
    truePairs: truth.size,
    predictedPairs: result.pairs.length,
    precision: r4(precision),
    recall: r4(recall),
    f1: r4(precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)),
    pairCompleteness: r4(truth.size === 0 ? 1 : covered / truth.size),
    candidatePairs: result.stats.candidatePairs,
    candidatesPerRecord: result.stats.candidatesPerRecord,
    groups: result.groups.length,
    emIterations: result.stats.emIterations,
    lambda: r4(result.params.lambda),
    engineMs: Math.round(engineMs),
    msBreakdown: result.stats.ms,
  };
}

/** Pair completeness and candidates per record of the synthetic set at several block caps. */
function capSeries(n: number): { maxBlockSize: number; pairCompleteness: number; candidatesPerRecord: number }[] {
  const { records, entity } = generateSynthetic({ seed: 7, records: n });
  const truth = truePairKeys(entity);
  const std = records.map((r) => standardize(r));
  const out = [];
  for (const maxBlockSize of [10, 20, DEFAULT_BLOCKING.maxBlockSize, 80, 160]) {
    const cands = candidatePairs(std, { maxBlockSize });
    let covered = 0;
    for (const c of cands) if (truth.has(c)) covered++;
    const row = {
      maxBlockSize,
      pairCompleteness: r4(covered / truth.size),
      candidatesPerRecord: Math.round((cands.length / std.length) * 100) / 100,
    };
    out.push(row);
    process.stdout.write(
      `block cap ${String(maxBlockSize).padStart(3)} (synthetic ${std.length}): pairCompleteness=${row.pairCompleteness.toFixed(4)} candidates/record=${row.candidatesPerRecord}\n`,
    );
  }
  return out;
}

function main(): void {
  const args = process.argv.slice(2);
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
  const csvDir = args.includes('--write-csv') ? args[args.indexOf('--write-csv') + 1] : undefined;
  if (args.includes('--caps-only')) {
    capSeries(20_000);
    return;
  }
  const synthN = args.includes('--synthetic') ? Number(args[args.indexOf('--synthetic') + 1]) : 5000;
  const sets: { name: string; load: () => { records: Canonical[] | DedupInput[]; entity: (string | number)[] } }[] = [
    { name: 'dataset1', load: () => loadFebrl(['dataset1.csv']) },
    { name: 'dataset2', load: () => loadFebrl(['dataset2.csv']) },
    { name: 'dataset4', load: () => loadFebrl(['dataset4a.csv', 'dataset4b.csv']) },
    {
      name: 'synthetic',
      load: () => {
        const s = generateSynthetic({ seed: 7, records: synthN });
        return { records: s.records, entity: s.entity };
      },
    },
  ];
  if (!existsSync(FEBRL_DIR))
    process.stderr.write(`Febrl files not found in ${FEBRL_DIR} (set FEBRL_DIR); only the synthetic set runs.\n`);
  const results: Record<string, Figures> = {};
  for (const set of sets) {
    if (only !== undefined && only !== set.name) continue;
    if (set.name !== 'synthetic' && !existsSync(FEBRL_DIR)) continue;
    const { records, entity } = set.load();
    if (csvDir !== undefined) {
      mkdirSync(csvDir, { recursive: true });
      const rows = (records as Partial<Canonical>[]).map((r) => COLUMNS.map((c) => r[c] ?? ''));
      writeFileSync(join(csvDir, `${set.name}.csv`), serializeCsv([[...COLUMNS], ...rows]));
      writeFileSync(
        join(csvDir, `${set.name}.truth.csv`),
        serializeCsv([['row', 'entity'], ...entity.map((e, i) => [i, e])]),
      );
    }
    const fig = evaluate(
      records.map((r) => toInput({ tags: '', notes: '', ...(r as Partial<Canonical>) } as Canonical)),
      entity,
    );
    results[set.name] = fig;
    process.stdout.write(
      `${set.name.padEnd(10)} n=${String(fig.records).padStart(6)}  P=${fig.precision.toFixed(4)} R=${fig.recall.toFixed(4)} F1=${fig.f1.toFixed(4)}  ` +
        `pairCompleteness=${fig.pairCompleteness.toFixed(4)} candidates/record=${fig.candidatesPerRecord.toFixed(2)}  engine=${fig.engineMs} ms (node)\n`,
    );
  }
  const caps = only === undefined && !args.includes('--no-caps') ? capSeries(20_000) : undefined;
  const sizes = (process.env.DEDUP_SCALE_SIZES ?? '100000,200000,500000,1000000').split(',').map(Number);
  const scale = only === undefined && !args.includes('--no-scale') ? scaleSeries(sizes) : undefined;
  const out = {
    threshold: DEFAULT_THRESHOLD,
    node: process.version,
    date: new Date().toISOString(),
    results,
    caps,
    scale,
  };
  if (only === undefined)
    writeFileSync(join(ROOT, 'test/bench/dedup-results.json'), `${JSON.stringify(out, null, 2)}\n`);
}

main();
