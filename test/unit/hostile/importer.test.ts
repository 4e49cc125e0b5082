// Hostile input through the importer (workers/import, its pure modules as the worker runs them):
// CSV files whose cells are markup, bidi overrides, zero-width characters, lone surrogates (which
// UTF-8 cannot carry: the file holds U+FFFD), quotes, delimiters and line breaks, with columns named
// `__proto__` and `constructor`. Reading gives back exactly the cells that were written, every row
// is accepted with the form's normalization or rejected with a message in both languages, and
// nothing pollutes a prototype. A cell of 1 MB refuses the file with a message.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import writeXlsxFile from 'write-excel-file/node';
import { openFile, openText, type TableSource } from '../../../workers/import/source';
import { ImportFileError } from '../../../workers/import/limits';
import { ImportMatcher } from '../../../workers/import/matcher';
import { CustomerRun } from '../../../workers/import/customer-run';
import { validateImportRow } from '../../../workers/import/customers';
import { suggestMapping } from '../../../src/domain/import-mapping';
import { ensurePinyin } from '../../../src/domain/pinyin';
import { ensurePhoneMetadata } from '../../../src/domain/phone';
import { en } from '../../../src/i18n/en';
import { zhCN } from '../../../src/i18n/zh-CN';
import { assertNoPrototypePollution, hostileString, ONE_MB, xlsxSafeText } from './arbitraries';

await Promise.all([ensurePinyin(), ensurePhoneMetadata()]);

const OPTS = { defaultRegion: 'DE', today: '2026-06-15' };
const HEADERS = ['Name', 'Email', 'Phone', 'Company', 'City', 'Notes', 'Tags', '__proto__', 'constructor'];
const text = hostileString({ huge: false });
/** A row of the file; the name never empty, so no row is blank. */
const row = fc
  .tuple(text, text, text, text, text, text, text, text, text)
  .map(([name, ...rest]) => [`x${name}`, ...rest]);

/** What a UTF-8 file can hold of a JS string: lone surrogates become U+FFFD (a U+FEFF inside a cell stays). */
const asInFile = (s: string): string =>
  new TextDecoder('utf-8', { ignoreBOM: true }).decode(new TextEncoder().encode(s));

function expectReadable(key: string): void {
  const k = key === 'error.consentDate' ? 'record.error.consentDate' : key;
  expect(Object.hasOwn(en, k), `no English message for ${k}`).toBe(true);
  expect(Object.hasOwn(zhCN, k), `no Chinese message for ${k}`).toBe(true);
}

async function readAll(bytes: Uint8Array): Promise<{ headers: readonly string[]; rows: string[][] }> {
  return readSource(openText(bytes));
}

async function readSource(src: TableSource): Promise<{ headers: readonly string[]; rows: string[][] }> {
  const rows: string[][] = [];
  await src.forEachChunk((chunk) => {
    rows.push(...chunk);
  });
  return { headers: src.opened.headers, rows };
}

describe('a CSV file of hostile cells', () => {
  test('is read back cell for cell, and every row is accepted like the form would or rejected with a message', async () => {
    let readFiles = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 6 }), async (rows) => {
        const csv = Papa.unparse([HEADERS, ...rows], { newline: '\r\n' });
        const bytes = new TextEncoder().encode(csv);
        const expected = rows.map((r) => r.map(asInFile));
        let read: { headers: readonly string[]; rows: string[][] };
        try {
          read = await readAll(bytes);
        } catch (err) {
          // A file the importer refuses says why (e.g. control characters read as a binary file).
          if (!(err instanceof ImportFileError)) throw err;
          expectReadable(err.key);
          return;
        }
        readFiles++;
        expect(read.headers).toEqual(HEADERS);
        expect(read.rows).toEqual(expected);

        const mapping = suggestMapping(read.headers);
        expect(mapping.slice(-2)).toEqual(['ignore', 'ignore']);
        const matcher = new ImportMatcher({ defaultRegion: OPTS.defaultRegion });
        const run = new CustomerRun('hostile.csv', read.headers, mapping, OPTS, matcher);
        expect(await run.run(openText(bytes))).toBe(true);
        const direct = expected.map((cells, i) => validateImportRow(i + 1, cells, mapping, OPTS));
        const report = run.report();
        expect(report.rows).toBe(rows.length);
        expect(report.valid).toBe(direct.filter((d) => d.fields !== null).length);
        for (const issue of run.issuePage(0, 10_000)) expectReadable(issue.key);
        for (const d of direct) if (d.fields === null) expect(d.issues.some((i) => i.level === 'error')).toBe(true);
        const plan = run.plan('hostile', { run: 'create-and-review' });
        if (plan.kind !== 'customers') throw new Error('a customers plan was expected');
        for (const p of plan.rows) expect(p.fields).toEqual(direct[p.row - 1]?.fields);
        assertNoPrototypePollution();
      }),
      { numRuns: 60 },
    );
    // Most files are read (a refusal must stay the exception, or the property says little).
    expect(readFiles).toBeGreaterThan(30);
  }, 60_000);

  test('markup and invisible characters in the notes are stored exactly as the file has them', async () => {
    const notes = '<script>window.__pwned=1</script>\u202Egpj.exe\u200B<img src=x onerror=alert(1)>';
    const csv = Papa.unparse([HEADERS, ['Ada Lovelace', '', '', '', '', notes, '', '{}', '{}']]);
    const read = await readAll(new TextEncoder().encode(csv));
    const v = validateImportRow(1, read.rows[0] ?? [], suggestMapping(read.headers), OPTS);
    expect(v.fields?.notes).toBe(notes);
  });

  test('a 1 MB cell refuses the file with a message instead of reading it', async () => {
    const csv = Papa.unparse([HEADERS, ['Ada', '', '', '', '', '<'.repeat(ONE_MB), '', '', '']]);
    const err = await readAll(new TextEncoder().encode(csv)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ImportFileError);
    if (err instanceof ImportFileError) {
      expect(err.key).toBe('import.error.cellTooLarge');
      expectReadable(err.key);
    }
  });
});

describe('an .xlsx workbook of hostile cells', () => {
  // Headers without Object.prototype names: write-excel-file 4.1.1 damages such cells
  // (export-xlsx.test.ts); the reader itself handles them.
  const XLSX_HEADERS = HEADERS.slice(0, 7);
  test('is read back cell for cell as text', async () => {
    const xlsxRow = fc.array(xlsxSafeText, { minLength: XLSX_HEADERS.length, maxLength: XLSX_HEADERS.length });
    await fc.assert(
      fc.asyncProperty(fc.array(xlsxRow, { minLength: 1, maxLength: 4 }), async (rows) => {
        const book = await writeXlsxFile(
          [XLSX_HEADERS, ...rows].map((r) => r.map((value) => ({ value, type: String }))),
        ).toBuffer();
        const read = await readSource(await openFile('hostile.xlsx', new Uint8Array(book).buffer));
        expect(read.headers).toEqual(XLSX_HEADERS);
        expect(read.rows).toEqual(rows);
        assertNoPrototypePollution();
      }),
      { numRuns: 30 },
    );
  }, 60_000);
});
