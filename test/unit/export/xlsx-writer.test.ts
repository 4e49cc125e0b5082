// The streaming .xlsx writer (workers/export/xlsx.ts): rows written over many pages come back in
// order through the importer's reader; numbers are number cells, text is inline text, the header
// is bold and frozen; the zip holds what a spreadsheet needs.
import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { XlsxWriter, columnLetters, xmlText } from '../../../workers/export/xlsx';
import { openFile } from '../../../workers/import/source';

describe('xlsx writer', () => {
  it('column letters', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });

  it('escapes markup, CR and control characters, and a literal _xHHHH_', () => {
    expect(xmlText('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
    expect(xmlText('x\r\ny')).toBe('x&#13;\ny');
    expect(xmlText('a\u0001b')).toBe('a_x0001_b');
    expect(xmlText('_x0041_')).toBe('_x005F_x0041_');
    expect(xmlText('plain 张伟')).toBe('plain 张伟');
  });

  it('12,000 rows over 13 pages come back in order; numbers typed, header bold and frozen', async () => {
    const w = new XlsxWriter(['name', 'count'], 'Customers');
    const all: Array<[string, number]> = [];
    for (let page = 0; page < 13; page++) {
      const rows: Array<[string, number]> = [];
      for (let i = 0; i < 1000 && all.length + rows.length < 12_000; i++) {
        const n = all.length + rows.length;
        rows.push([`客户 ${n}`, n]);
      }
      all.push(...rows);
      await w.rows(rows);
    }
    const blob = await w.finish();
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const files = unzipSync(bytes);
    expect(Object.keys(files).sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml'] ?? new Uint8Array());
    expect(sheet).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
    expect(sheet).toContain('<row r="1"><c r="A1" s="1" t="inlineStr"><is><t>name</t></is></c>');
    expect(sheet).toContain(
      '<row r="12001"><c r="A12001" t="inlineStr"><is><t>客户 11999</t></is></c><c r="B12001"><v>11999</v></c></row>',
    );

    const src = await openFile('export.xlsx', bytes.buffer);
    expect(src.opened.headers).toEqual(['name', 'count']);
    const rows: string[][] = [];
    await src.forEachChunk((chunk) => {
      rows.push(...chunk);
    });
    expect(rows).toHaveLength(12_000);
    expect(rows[0]).toEqual(['客户 0', '0']);
    expect(rows[11_999]).toEqual(['客户 11999', '11999']);
  });
});
