import { describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { openFile, openText, type TableSource } from '../../../workers/import/source';
import { ImportFileError, MAX_COLUMNS } from '../../../workers/import/limits';

const enc = (s: string): ArrayBuffer => new TextEncoder().encode(s).buffer;

async function allRows(src: TableSource): Promise<string[][]> {
  const out: string[][] = [];
  await src.forEachChunk((rows) => {
    out.push(...rows);
  });
  return out;
}

async function failure(p: Promise<unknown>): Promise<{ key: string; params: Record<string, unknown> }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ImportFileError) return { key: err.key, params: err.params };
    throw err;
  }
  throw new Error('expected an ImportFileError');
}

describe('openText', () => {
  it('detects delimiter and header and previews the first data rows as read', async () => {
    const src = await openFile(
      'c.csv',
      enc('客户名单\n姓名;手机;备注\n张伟;13800138000;"a;b"\n李娜;13912345678;=1+1\n'),
    );
    expect(src.opened).toMatchObject({
      kind: 'text',
      encoding: 'utf-8',
      delimiter: ';',
      headerRow: 1,
      hasHeader: true,
      headers: ['姓名', '手机', '备注'],
      preview: [
        ['张伟', '13800138000', 'a;b'],
        ['李娜', '13912345678', '=1+1'],
      ],
    });
    expect(await allRows(src)).toEqual(src.opened.preview);
  });

  it('names header-less columns by position and reads the first row as data', async () => {
    const src = openText(new TextEncoder().encode('Anna,anna@example.com\nBob,bob@example.com\n'));
    expect(src.opened.headers).toEqual(['Column 1', 'Column 2']);
    expect(await allRows(src)).toHaveLength(2);
  });

  it('reads 60,000 rows in several chunks, in order', async () => {
    const lines = ['name,email'];
    for (let i = 0; i < 60_000; i++) lines.push(`Person ${i},p${i}@example.com`);
    const src = openText(new TextEncoder().encode(lines.join('\n')));
    const chunks: number[] = [];
    const firsts: number[] = [];
    let last = '';
    await src.forEachChunk((rows, first) => {
      chunks.push(rows.length);
      firsts.push(first);
      last = rows[rows.length - 1]?.[0] ?? '';
    });
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.reduce((a, b) => a + b, 0)).toBe(60_000);
    expect(firsts[1]).toBe((chunks[0] ?? 0) + 1);
    expect(last).toBe('Person 59999');
  });
});

describe('hostile files get a clear message', () => {
  it('an empty file', async () => {
    expect(await failure(openFile('e.csv', new ArrayBuffer(0)))).toMatchObject({ key: 'import.error.empty' });
    expect(await failure(openFile('e.csv', enc('\n\n  \n')))).toMatchObject({ key: 'import.error.empty' });
  });

  it('a header-only file', async () => {
    expect(await failure(openFile('h.csv', enc('name,email,phone\n')))).toMatchObject({
      key: 'import.error.headerOnly',
    });
  });

  it('a binary file renamed .csv, and an .xlsx renamed .csv', async () => {
    const bin = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    expect(await failure(openFile('x.csv', bin.buffer))).toMatchObject({ key: 'import.error.binary' });
    const xlsx = await writeXlsxFile([['a']]).toBuffer();
    expect(await failure(openFile('x.csv', new Uint8Array(xlsx).buffer))).toMatchObject({
      key: 'import.error.zipNamedCsv',
    });
  });

  it('a 10 MB cell', async () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    expect(await failure(openFile('big.csv', enc(`name,notes\nAnna,"${big}"\n`)))).toMatchObject({
      key: 'import.error.cellTooLarge',
    });
    // Beyond the preview: the first rows are fine, the 10 MB cell comes later.
    const rows = Array.from({ length: 40_000 }, (_, i) => `P${i},ok`).join('\n');
    const src = openText(new TextEncoder().encode(`name,notes\n${rows}\nAnna,"${big}"\n`));
    expect(await failure(allRows(src))).toMatchObject({
      key: 'import.error.cellTooLarge',
      params: { row: 40_002, column: 2 },
    });
  });

  it('2,000 columns', async () => {
    const header = Array.from({ length: 2000 }, (_, i) => `c${i}`).join(',');
    const row = Array.from({ length: 2000 }, () => 'v').join(',');
    expect(await failure(openFile('wide.csv', enc(`${header}\n${row}\n`)))).toMatchObject({
      key: 'import.error.tooManyColumns',
      params: { columns: 2000, max: MAX_COLUMNS },
    });
  });

  it('a truncated .xlsx', async () => {
    const full = new Uint8Array(await writeXlsxFile([['name'], ['Anna']]).toBuffer());
    const cut = full.slice(0, Math.floor(full.length / 2));
    expect(await failure(openFile('t.xlsx', cut.buffer))).toMatchObject({ key: 'import.error.xlsxDamaged' });
  });
});

describe('openXlsx', () => {
  it('lists the sheets, reads the first with data or the chosen one, and gives cells as text', async () => {
    const book = await writeXlsxFile([
      { sheet: 'Notes', data: [] },
      {
        sheet: '客户',
        data: [
          ['姓名', '手机', '生日', '编号'],
          [
            '张伟',
            { value: '+8613800138000', type: String },
            { value: new Date(Date.UTC(1990, 4, 17)), type: Date, format: 'yyyy-mm-dd' },
            7,
          ],
        ],
      },
      { sheet: 'Other', data: [['name'], ['Bob']] },
    ]).toBuffer();
    const buffer = new Uint8Array(book).buffer;
    const src = await openFile('book.xlsx', buffer);
    expect(src.opened.sheets).toEqual(['Notes', '客户', 'Other']);
    expect(src.opened.sheet).toBe('客户');
    expect(src.opened.headers).toEqual(['姓名', '手机', '生日', '编号']);
    expect(await allRows(src)).toEqual([['张伟', '+8613800138000', '1990-05-17', '7']]);
    const other = await openFile('book.xlsx', buffer, { sheet: 'Other' });
    expect(await allRows(other)).toEqual([['Bob']]);
  });
});
