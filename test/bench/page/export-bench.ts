// The export benchmark on the bench page (driven by test/bench/export-run.mjs through
// `window.fieldbookExport`): a database filled once with demo customers (and their orders,
// interactions, surveys, so the measures exist), then the customer list's Export of everything as
// CSV and .xlsx through the app's path (src/state/customer-export-run.ts), next to the previous
// path (pages of 1,000 read by the list's query, handed to the worker as objects, the file written
// by write-excel-file) in the same page and run. Long tasks per export, bytes, progress reports.
import type { FieldbookDatabase } from '../../../src/data/db/database';
import { startBackgroundWork } from '../../../src/data/derived/background';
import { loadDemoData } from '../../../src/data/repos/demo';
import { pageCustomers, type PageCursor } from '../../../src/data/repos/customers';
import type { CustomerDoc } from '../../../src/data/db/schemas';
import { CUSTOMER_FIELD_NAMES } from '../../../src/domain/customer-fields';
import { ensurePinyin } from '../../../src/domain/pinyin';
import { ensurePhoneMetadata } from '../../../src/domain/phone';
import { exportCustomers } from '../../../src/state/customer-export-run';
import { terminateWorker } from '../../../workers/client';
import { customerTable } from '../../../workers/export/customers';
import { csvLine, UTF8_BOM } from '../../../src/domain/spreadsheet-cell';
import type { ExportCustomer, ExportFormat } from '../../../workers/export/contract';
import { deriveKeys, freshDb, longTasks } from './bulk-bench';

const log = (s: string) => console.log(`[bench] ${s}`);

let db: FieldbookDatabase | null = null;

/** A fresh database with `count` demo customers and their activity; the derived data caught up. */
async function fill(opts: { count: number; seed: number; now: number; name: string }) {
  await Promise.all([ensurePinyin(), ensurePhoneMetadata()]);
  if (db) await db.remove();
  db = await freshDb(opts.name);
  const background = startBackgroundWork(db);
  const t0 = performance.now();
  let last = 0;
  await loadDemoData(db, {
    count: opts.count,
    seed: opts.seed,
    now: opts.now,
    deriveKeys,
    onProgress: (p) => {
      if (p.done - last >= opts.count / 10 || p.done === p.total) log(`fill ${(last = p.done)}/${p.total}`);
    },
  });
  await background.idle();
  background.stop();
  return { ms: performance.now() - t0, customers: await db.customers.count().exec() };
}

/** What the previous export handed the worker of a customer. */
const previousRecord = (c: CustomerDoc): ExportCustomer => {
  const out = { id: c.id, createdAt: c.createdAt, updatedAt: c.updatedAt } as Record<string, unknown>;
  for (const k of CUSTOMER_FIELD_NAMES) out[k] = c[k];
  return out as unknown as ExportCustomer;
};

/**
 * The previous path (main 3a9e809), for a same-run baseline: pages of 1,000 customers read by the
 * list's query and copied, the table built, then CSV lines joined or the whole table handed to
 * write-excel-file. It ran in the export worker; here it runs on the page (same work, one thread
 * fewer), so only its wall time is compared.
 */
async function previous(d: FieldbookDatabase, format: ExportFormat) {
  const records: ExportCustomer[] = [];
  let after: PageCursor | null = null;
  do {
    const page = await pageCustomers(d, { sort: 'name', after, limit: 1000 });
    for (const c of page.rows) if (!c.mergedInto) records.push(structuredClone(previousRecord(c)));
    after = page.next;
  } while (after !== null);
  const table = customerTable(records);
  let bytes: number;
  if (format === 'csv') {
    const lines = [csvLine(table.columns), ...table.rows.map((r) => csvLine(r))];
    bytes = new Blob([`${UTF8_BOM}${lines.join('\r\n')}\r\n`]).size;
  } else {
    const { default: writeXlsxFile } = await import('write-excel-file/universal');
    const data = [
      table.columns.map((c) => ({ value: c, type: String })),
      ...table.rows.map((r) =>
        r.map((v) =>
          v === null || v === ''
            ? null
            : typeof v === 'number'
              ? { value: v, type: Number }
              : { value: v, type: String },
        ),
      ),
    ];
    bytes = (await writeXlsxFile(data, { sheet: 'Customers', stickyRowsCount: 1 }).toBlob()).size;
  }
  return { rows: records.length, bytes, progressCalls: 0 };
}

async function app(d: FieldbookDatabase, format: ExportFormat, withMeasures: boolean) {
  let progressCalls = 0;
  const file = await exportCustomers(
    d,
    { query: '', tag: '', sort: 'name' },
    format,
    { withMeasures, ownerName: (id) => id },
    { onProgress: () => void progressCalls++, cancelled: () => false },
  );
  if (!file) throw new Error('export returned nothing');
  return { rows: file.rows, bytes: file.blob.size, progressCalls };
}

/** One export of every customer; `path` picks the app's or the previous one. */
async function exportOnce(opts: { format: ExportFormat; path: 'app' | 'previous'; withMeasures?: boolean }) {
  if (!db) throw new Error('fill first');
  const t0 = performance.now();
  const r =
    opts.path === 'app' ? await app(db, opts.format, opts.withMeasures ?? false) : await previous(db, opts.format);
  const t1 = performance.now();
  terminateWorker('export');
  return { ...r, ms: t1 - t0, longTasks: longTasks(t0, t1) };
}

async function done() {
  if (db) await db.remove();
  db = null;
}

const api = { fill, exportOnce, done };
export type ExportBenchApi = typeof api;
declare global {
  interface Window {
    fieldbookExport: ExportBenchApi;
  }
}
export function installExportBench(): void {
  window.fieldbookExport = api;
}
