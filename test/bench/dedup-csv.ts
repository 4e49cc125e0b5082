// A generated bilingual customer file for `npm run dedup` at scale (not a test):
// npx tsx test/bench/dedup-csv.ts N OUT.csv [--emails provider|name-only|serial]
// Writes the seed-7 generator's N records (as the scale series) in the canonical CSV columns,
// 10,000 rows at a time, and the entity id per row to OUT.csv.entity (one a line, for P/R/F1).
// Then e.g.: /usr/bin/time -v npm run dedup -- OUT.csv --stats > pairs.csv (peak RSS: "Maximum resident set size").
import { closeSync, openSync, writeSync } from 'node:fs';
import { emailModeArg, generateSynthetic } from '../factories/synthetic';
import { serializeCsv } from '../../workers/dedup/csv';
import { CANONICAL_COLUMNS } from '../../src/domain/customer-fields';

const args = process.argv.slice(2);
const [count, out] = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--emails');
if (count === undefined || out === undefined) {
  process.stderr.write('usage: npx tsx test/bench/dedup-csv.ts N OUT.csv [--emails provider|name-only|serial]\n');
  process.exit(2);
}
const { records, entity } = generateSynthetic({
  seed: 7,
  records: Number(count),
  emails: emailModeArg(args),
});
/** A field as the CSV cell the import reads (tags joined by ';'; the CLI ignores them). */
const cell = (v: unknown): string =>
  typeof v === 'string' ? v : Array.isArray(v) ? v.join(';') : typeof v === 'number' ? String(v) : '';
const fd = openSync(out, 'w');
writeSync(fd, serializeCsv([[...CANONICAL_COLUMNS]]));
for (let i = 0; i < records.length; i += 10_000) {
  const rows = records.slice(i, i + 10_000).map((r) => {
    const fields: Record<string, unknown> = { ...r };
    return CANONICAL_COLUMNS.map((c) => cell(fields[c]));
  });
  writeSync(fd, serializeCsv(rows));
}
closeSync(fd);
const fe = openSync(`${out}.entity`, 'w');
writeSync(fe, `${entity.join('\n')}\n`);
closeSync(fe);
process.stdout.write(`${records.length} rows → ${out}\n`);
