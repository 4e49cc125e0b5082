// npm run dedup -- <file.csv> [--threshold T] [--region CC] [--threads N] [--stats] [--quiet]
// Reads canonical customer columns and prints the predicted duplicate pairs as CSV
// `row_a,row_b,score` (0-based data rows, row_a < row_b, every pair inside a predicted group).
// Runs the same engine code as the worker. The file is read a chunk at a time and each row is
// standardized as it arrives (a million-row file is never held as text or as row objects);
// progress (phase, percent, elapsed) goes to stderr about once a second unless --quiet. The
// standardize and comparison phases use one helper thread per further core (--threads N: N
// helpers each, 0: none); the result is the same either way.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { CsvReader, serializeCsv } from './csv';
import { nodeCompareThreads } from './compare-threads';
import { nodeStandardizeThreads } from './standardize-threads';
import { DEFAULT_THRESHOLD, scanInputSteps, type DedupInput, type DedupProgress, type DedupResult } from './engine';

/** Canonical CSV row → engine input (tags and notes are not matched on). */
export function rowToInput(row: Record<string, string>): DedupInput {
  const v = (k: string): string => (row[k] ?? '').trim();
  return {
    givenName: v('givenName'),
    familyName: v('familyName'),
    email: v('email'),
    phone: v('phone'),
    company: v('company'),
    street: v('street'),
    city: v('city'),
    postcode: v('postcode'),
    region: v('region'),
    country: v('country'),
    birthDate: v('birthDate'),
  };
}

function usage(): never {
  process.stderr.write(
    'usage: npm run dedup -- <file.csv> [--threshold T] [--region CC] [--threads N] [--stats] [--quiet]\n',
  );
  process.exit(2);
}

/** The file's data rows as engine inputs, read 1 MB at a time; `read()` tells the bytes consumed. */
function* fileInputs(path: string, read: { bytes: number }): Generator<DedupInput> {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(1 << 20);
  const decoder = new TextDecoder('utf-8');
  const csv = new CsvReader();
  let keys: string[] | null = null;
  const toInputs = function* (rows: string[][]): Generator<DedupInput> {
    for (const r of rows) {
      if (keys === null) {
        keys = r.map((h) => h.trim());
        continue;
      }
      if (!r.some((c) => c.trim() !== '')) continue;
      const obj: Record<string, string> = {};
      keys.forEach((k, i) => (obj[k] = r[i] ?? ''));
      yield rowToInput(obj);
    }
  };
  try {
    for (;;) {
      const got = readSync(fd, buf, 0, buf.length, null);
      if (got === 0) break;
      read.bytes += got;
      yield* toInputs(csv.push(decoder.decode(buf.subarray(0, got), { stream: true })));
    }
    yield* toInputs(csv.push(decoder.decode()));
    yield* toInputs(csv.end());
  } finally {
    closeSync(fd);
  }
}

/** "compare 43% 12.3 s": percent of the phase (the file's bytes while reading and standardizing). */
export function progressLine(p: DedupProgress, fraction: number, elapsedMs: number): string {
  const pct = Math.max(0, Math.min(100, Math.floor(fraction * 100)));
  return `dedup: ${p.phase.padEnd(11)} ${String(pct).padStart(3)}%  ${(elapsedMs / 1000).toFixed(1)} s`;
}

function main(argv: string[]): void {
  let file: string | undefined;
  let threshold = DEFAULT_THRESHOLD;
  let region = '';
  let stats = false;
  let quiet = false;
  let threads: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--threshold') threshold = Number(argv[++i]);
    else if (a === '--region') region = argv[++i] ?? '';
    else if (a === '--stats') stats = true;
    else if (a === '--quiet') quiet = true;
    else if (a === '--threads') threads = Number(argv[++i]);
    else if (a !== undefined && !a.startsWith('--') && file === undefined) file = a;
    else usage();
  }
  if (file === undefined || !(threshold > 0 && threshold < 1)) usage();
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 0)) usage();
  const size = statSync(file).size;
  const read = { bytes: 0 };
  // Standardize and comparison helper threads: one per further core unless --threads says otherwise (0: none).
  const compareThreads = threads === 0 ? undefined : nodeCompareThreads(threads);
  const standardizeThreads = threads === 0 ? undefined : nodeStandardizeThreads(threads);
  const steps = scanInputSteps(fileInputs(file, read), 0, {
    threshold,
    defaultRegion: region,
    explain: false,
    compareThreads,
    standardizeThreads,
  });
  const t0 = performance.now();
  let shown = -Infinity;
  let phase = '';
  let result: DedupResult;
  for (;;) {
    const step = steps.next();
    if (step.done === true) {
      result = step.value;
      break;
    }
    const p = step.value;
    const t = performance.now();
    if (quiet || (t - shown < 1000 && p.phase === phase)) continue;
    shown = t;
    phase = p.phase;
    const fraction = p.phase === 'standardize' ? read.bytes / Math.max(1, size) : p.done / Math.max(1, p.total);
    process.stderr.write(`${progressLine(p, fraction, t - t0)}\n`);
  }
  if (!quiet)
    process.stderr.write(
      `dedup: done ${result.stats.records} records, ${result.pairs.length} pairs  ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );
  const rows = result.pairs
    .map((p) => [p.a, p.b, p.score] as const)
    .sort((x, y) => x[0] - y[0] || x[1] - y[1])
    .map(([a, b, s]) => [a, b, s.toFixed(4)]);
  process.stdout.write(serializeCsv([['row_a', 'row_b', 'score'], ...rows]));
  if (stats) process.stderr.write(`${JSON.stringify(result.stats)}\n`);
}

main(process.argv.slice(2));
