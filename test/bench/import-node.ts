// npm run bench:import — the import worker's parse + validate + match path and the export writer,
// in node (the same modules the workers run). A generated 100,000-row bilingual file with ~5%
// invalid rows and ~5% duplicates (test/factories/import-file.ts). Reports rows/s, the JS heap
// (peak sampled between chunks, minus the heap before the file existed) and the export time of
// the imported customers as CSV and .xlsx. Medians of --runs (default 3).
// Stored customers to match against: --stored N demo customers (default 20000, as the Chromium bench).
// Options: --rows N (default 100000), --runs N, --stored N, --no-export (profile the validation only:
// node --cpu-prof --import tsx test/bench/import-node.ts --runs 1 --no-export).
import { openText } from '../../workers/import/source';
import { ImportMatcher } from '../../workers/import/matcher';
import { CustomerRun } from '../../workers/import/customer-run';
import { suggestMapping } from '../../src/domain/import-mapping';
import { exportCustomersCsv, exportCustomersXlsx, type ExportCustomer } from '../../workers/export/customers';
import { generateImportFile } from '../factories/import-file';
import { demoChunks } from '../../src/domain/demo';
import { ensurePinyin } from '../../src/domain/pinyin';
import { ensurePhoneMetadata } from '../../src/domain/phone';
import type { DedupInput } from '../../workers/dedup/standardize';
import Papa from 'papaparse';
import { cpus, loadavg } from 'node:os';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const ROWS = arg('rows', 100_000);
const RUNS = arg('runs', 3);
const STORED = arg('stored', 20_000);
const EXPORT = !process.argv.includes('--no-export');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const mb = (b: number): number => Math.round(b / 1e5) / 10;

await Promise.all([ensurePinyin(), ensurePhoneMetadata()]);
// What the wizard sends of a stored customer (src/state/duplicates.svelte.ts, toDedupInput).
const stored: { id: string; record: DedupInput }[] = [];
for (const chunk of demoChunks({ seed: 13, total: STORED, now: Date.UTC(2026, 0, 1) })) {
  for (const c of chunk.customers) stored.push({ id: c.id, record: c });
}
const file = generateImportFile({ rows: ROWS });
const bytes = new TextEncoder().encode(file.csv);
console.log(
  `file: ${file.rows} rows, ${file.invalid} made invalid, ${mb(bytes.length)} MB; ${STORED} stored customers`,
);

// Same-run baseline: papaparse alone over the same text (what any CSV import costs at least).
const baselineMs: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const t0 = performance.now();
  let rows = 0;
  Papa.parse<string[]>(new TextDecoder().decode(bytes), {
    chunkSize: 1 << 20,
    chunk: (r: Papa.ParseResult<string[]>) => void (rows += r.data.length),
    complete: () => undefined,
  });
  baselineMs.push(performance.now() - t0);
  if (rows < ROWS) throw new Error('baseline parsed too few rows');
}

const validateMs: number[] = [];
const validateCpuMs: number[] = [];
/** CPU ms per phase per run (CustomerRun's phases on a CPU-time clock; indexing the stored customers). */
const phaseRuns: Record<string, number>[] = [];
const cpuNow = (): number => process.cpuUsage().user / 1000;
const heapPeaks: number[] = [];
let lastRun: CustomerRun | null = null;
for (let run = 0; run < RUNS; run++) {
  lastRun = null;
  globalThis.gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const src = openText(bytes);
  const matcher = new ImportMatcher({ defaultRegion: 'CN' });
  const s0 = cpuNow();
  matcher.addStored(stored);
  const indexStored = cpuNow() - s0;
  const r = new CustomerRun(
    'bench.csv',
    src.opened.headers,
    suggestMapping(src.opened.headers),
    { defaultRegion: 'CN', today: '2026-01-01' },
    matcher,
    cpuNow,
  );
  await r.run(src, () => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  });
  validateMs.push(performance.now() - t0);
  validateCpuMs.push(process.cpuUsage(cpu0).user / 1000);
  heapPeaks.push(peak - base);
  lastRun = r;
  const rep = r.report();
  phaseRuns.push({ ...rep.phases, indexStored });
  if (run === 0) console.log('report:', JSON.stringify({ ...rep, normalizations: undefined, phases: undefined }));
}
const ms = median(validateMs);
const cpuMs = median(validateCpuMs);
const baseMs = median(baselineMs);
console.log(
  `papaparse alone (same-run baseline): median ${Math.round(baseMs)} ms = ${Math.round((ROWS / baseMs) * 1000)} rows/s`,
);
console.log(
  `parse+validate+match: median ${Math.round(ms)} ms wall = ${Math.round((ROWS / ms) * 1000)} rows/s (runs: ${validateMs.map(Math.round).join(', ')}); ` +
    `CPU ${Math.round(cpuMs)} ms = ${Math.round((ROWS / cpuMs) * 1000)} rows/s of one core; ${(ms / baseMs).toFixed(1)}x the baseline`,
);
console.log(
  `load average: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} (on ${cpus().length} cores)`,
);
console.log(`peak JS heap above baseline during the run: median ${mb(median(heapPeaks))} MB`);
// Phases, CPU time (medians over runs): each on its own line, the stored-customer match included.
const ph = (k: string): number => median(phaseRuns.map((p) => p[k] ?? 0));
const rate = (rows: number, ms: number): string =>
  `${Math.round((rows / Math.max(ms, 1e-3)) * 1000).toLocaleString('en-US')} rows/s`;
const phaseLine = (label: string, ms: number, rows = ROWS): void =>
  console.log(`  ${label}: ${Math.round(ms)} ms CPU = ${rate(rows, ms)}`);
console.log('phases (CPU time of one core, medians):');
phaseLine('parse (decode + papaparse)', ph('parse'));
phaseLine('validate + normalize', ph('validate'));
phaseLine("parse + validate (the issue's figure, no duplicate matching)", ph('parse') + ph('validate'));
phaseLine('standardize for matching', ph('standardize'));
phaseLine(`match against ${STORED} stored customers`, ph('matchStored'));
phaseLine('duplicates within the file', ph('matchInFile'));
phaseLine(`index the ${STORED} stored customers (once per import)`, ph('indexStored'));
const preCommit = ['parse', 'validate', 'standardize', 'matchStored', 'matchInFile', 'indexStored'].reduce(
  (a, k) => a + ph(k),
  0,
);
phaseLine('whole pre-commit (all of the above)', preCommit);
if (!EXPORT) process.exit(0);

// Export the imported customers (as stored records would be).
const plan = lastRun?.plan('bench', { run: 'create-and-review' });
const now = Date.now();
const customers: ExportCustomer[] = (plan?.kind === 'customers' ? plan.rows : []).map((r, i) => ({
  ...r.fields,
  id: `id-${i}`,
  createdAt: now,
  updatedAt: now,
}));
const csvMs: number[] = [];
const xlsxMs: number[] = [];
for (let run = 0; run < RUNS; run++) {
  let t0 = performance.now();
  const csv = exportCustomersCsv(customers, {});
  csvMs.push(performance.now() - t0);
  // The export worker builds the Blob from that string too.
  new Blob([csv]);
  t0 = performance.now();
  const xlsx = await exportCustomersXlsx(customers, {});
  xlsxMs.push(performance.now() - t0);
  if (run === 0)
    console.log(`export sizes: csv ${mb(csv.length)} M chars, xlsx ${mb(xlsx.size)} MB, ${customers.length} customers`);
}
console.log(`export CSV: median ${Math.round(median(csvMs))} ms; .xlsx: median ${Math.round(median(xlsxMs))} ms`);
