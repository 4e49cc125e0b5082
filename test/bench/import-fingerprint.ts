// npx tsx test/bench/import-fingerprint.ts [rows] [stored]: a hash of everything the import worker's validation
// run produces for the generated bilingual file (report, every message, every duplicate with its
// explanation, the plan, the rejected-rows CSV), and its CPU time. A speed change in the parse →
// map → validate → match path must not change the hash (20,000 rows: 97121f42826f88e8; 100,000: c6a8bac9334ab04a).
// With `stored` demo customers to match against (the matches against stored customers hashed too):
// 20,000 rows and 5,000 stored: 884a3eecf56f1d3d.
import { openText } from '../../workers/import/source';
import { ImportMatcher } from '../../workers/import/matcher';
import { CustomerRun } from '../../workers/import/customer-run';
import { suggestMapping } from '../../src/domain/import-mapping';
import { generateImportFile } from '../factories/import-file';
import { demoChunks } from '../../src/domain/demo';
import { ensurePinyin } from '../../src/domain/pinyin';
import { ensurePhoneMetadata } from '../../src/domain/phone';
import { createHash } from 'node:crypto';
const ROWS = Number(process.argv[2] ?? 20000);
const STORED = Number(process.argv[3] ?? 0);
await Promise.all([ensurePinyin(), ensurePhoneMetadata()]);
const file = generateImportFile({ rows: ROWS });
const src = openText(new TextEncoder().encode(file.csv));
const m = new ImportMatcher({ defaultRegion: 'CN' });
for (const chunk of demoChunks({ seed: 13, total: STORED, now: Date.UTC(2026, 0, 1) })) {
  m.addStored(chunk.customers.map((c) => ({ id: c.id, record: c })));
}
const r = new CustomerRun(
  'f.csv',
  src.opened.headers,
  suggestMapping(src.opened.headers),
  { defaultRegion: 'CN', today: '2026-01-01' },
  m,
);
const c = process.cpuUsage();
await r.run(src);
const cpu = process.cpuUsage(c).user / 1000;
const h = createHash('sha256');
// Times (ms and the phases) are not results.
h.update(JSON.stringify(r.report(), (k, v: unknown) => (k === 'ms' ? 0 : k === 'phases' ? undefined : v)));
h.update(JSON.stringify(r.issuePage(0, 1e9)));
h.update(JSON.stringify(r.duplicatePage(0, 1e9)));
const plan = r.plan('x', { run: 'create-and-review' } as never);
h.update(JSON.stringify(plan));
h.update(r.rejectedCsv());
console.log(
  'fingerprint',
  h.digest('hex').slice(0, 16),
  'cpu',
  Math.round(cpu),
  'ms',
  Math.round((ROWS / cpu) * 1000),
  'rows/s',
);
