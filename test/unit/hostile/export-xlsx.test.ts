// Hostile text through the .xlsx export (workers/export/xlsx.ts) and back through the importer's
// reader: markup, bidi overrides and zero-width characters come back exactly. The export once used
// write-excel-file 4.1.1, which looked shared strings up in a plain object and damaged a cell whose
// whole text is an Object.prototype name ("constructor", "toString", "__proto__" …); the writer now
// uses inline strings, and the test below guards that.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { tableXlsx } from '../../../workers/export/table';
import { openFile } from '../../../workers/import/source';
import { xlsxSafeText } from './arbitraries';

async function roundTrip(cells: string[]): Promise<string[]> {
  const blob = await tableXlsx({ columns: ['value'], rows: cells.map((c) => [c]) }, 'Export');
  const src = await openFile('export.xlsx', await blob.arrayBuffer());
  const rows: string[][] = [];
  await src.forEachChunk((chunk) => {
    rows.push(...chunk);
  });
  return rows.map((r) => r[0] ?? '');
}

describe('.xlsx export of hostile text', { timeout: 60_000 }, () => {
  test('markup, bidi overrides and zero-width characters come back exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(xlsxSafeText, { minLength: 1, maxLength: 5 }), async (cells) => {
        expect(await roundTrip(cells)).toEqual(cells);
      }),
      { numRuns: 25 },
    );
  });

  test('a cell whose text is an Object.prototype name survives the export', async () => {
    const names = ['constructor', 'toString', '__proto__', 'valueOf', 'hasOwnProperty'];
    expect(await roundTrip(names)).toEqual(names);
  });

  test("control characters and text that looks like OOXML's _xHHHH_ escape come back exactly", async () => {
    const cells = ['a\u0001b', 'x_x0041_y', 'tab\there', 'line\r\nbreak', '<b>&amp;</b>'];
    expect(await roundTrip(cells)).toEqual(cells);
  });
});
