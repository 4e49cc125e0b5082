// npm run dedup -- <file.csv> [--threshold T] [--stats]
// Reads canonical customer columns and prints the predicted duplicate pairs as CSV
// `row_a,row_b,score` (0-based data rows, row_a < row_b, every pair inside a predicted group).
// Runs the same engine code as the worker.
import { readFileSync } from 'node:fs';
import { csvObjects, serializeCsv } from './csv';
import { DEFAULT_THRESHOLD, findDuplicates, type DedupInput } from './engine';

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
  process.stderr.write('usage: npm run dedup -- <file.csv> [--threshold T] [--region CC] [--stats]\n');
  process.exit(2);
}

function main(argv: string[]): void {
  let file: string | undefined;
  let threshold = DEFAULT_THRESHOLD;
  let region = '';
  let stats = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--threshold') threshold = Number(argv[++i]);
    else if (a === '--region') region = argv[++i] ?? '';
    else if (a === '--stats') stats = true;
    else if (a !== undefined && !a.startsWith('--') && file === undefined) file = a;
    else usage();
  }
  if (file === undefined || !(threshold > 0 && threshold < 1)) usage();
  const records = csvObjects(readFileSync(file, 'utf8')).map(rowToInput);
  const result = findDuplicates(records, { threshold, defaultRegion: region });
  const rows = result.pairs
    .map((p) => [p.a, p.b, p.score] as const)
    .sort((x, y) => x[0] - y[0] || x[1] - y[1])
    .map(([a, b, s]) => [a, b, s.toFixed(4)]);
  process.stdout.write(serializeCsv([['row_a', 'row_b', 'score'], ...rows]));
  if (stats) process.stderr.write(`${JSON.stringify(result.stats)}\n`);
}

main(process.argv.slice(2));
