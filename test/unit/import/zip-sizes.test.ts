// An .xlsx whose central directory declares more than the cap is refused before the workbook
// reader (which allocates the declared sizes) sees it.
import { describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { zipSizes } from '../../../workers/import/zip-sizes';
import { openFile } from '../../../workers/import/source';
import { ImportFileError, MAX_XLSX_UNPACKED } from '../../../workers/import/limits';

async function workbook(): Promise<Uint8Array> {
  return new Uint8Array(
    await writeXlsxFile([
      ['name', 'phone'],
      ['Anna', '13800138000'],
    ]).toBuffer(),
  );
}

/** Offsets of the central directory headers (signature PK\1\2). */
function centralHeaders(bytes: Uint8Array): number[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i++) if (v.getUint32(i, true) === 0x02014b50) out.push(i);
  return out;
}

/** The workbook with one file claiming `size` unpacked bytes (its central directory entry). */
function claiming(bytes: Uint8Array, size: number): Uint8Array {
  const out = bytes.slice();
  const at = centralHeaders(out)[0] as number;
  new DataView(out.buffer).setUint32(at + 24, size, true);
  return out;
}

async function refusal(bytes: Uint8Array): Promise<{ key: string; params: Record<string, unknown> } | null> {
  try {
    await openFile('book.xlsx', bytes.slice().buffer);
    return null;
  } catch (err) {
    if (err instanceof ImportFileError) return { key: err.key, params: err.params };
    throw err;
  }
}

describe('zipSizes', () => {
  it('reads the entries and their declared unpacked sizes of a real workbook', async () => {
    const bytes = await workbook();
    const sizes = zipSizes(bytes);
    expect(sizes?.entries).toBe(centralHeaders(bytes).length);
    expect(sizes?.entries).toBeGreaterThan(3);
    expect(sizes?.uncompressed).toBeGreaterThan(500);
    // One file's claim changes the sum by exactly its difference.
    const first = centralHeaders(bytes)[0] as number;
    const before = new DataView(bytes.buffer).getUint32(first + 24, true);
    expect(zipSizes(claiming(bytes, before + 1000))?.uncompressed).toBe((sizes?.uncompressed ?? 0) + 1000);
  });

  it('null for bytes without a central directory (not a zip, or cut off)', async () => {
    expect(zipSizes(new TextEncoder().encode('name,phone\nAnna,1\n'))).toBeNull();
    const bytes = await workbook();
    expect(zipSizes(bytes.slice(0, bytes.length - 30))).toBeNull();
  });
});

describe('openFile (.xlsx) and the unpacked-size cap', () => {
  it('refuses a workbook that claims ~4 GB unpacked, with the sizes in the message', async () => {
    const bomb = claiming(await workbook(), 0xfffffff0);
    const r = await refusal(bomb);
    expect(r?.key).toBe('import.error.xlsxTooLarge');
    expect(r?.params.max).toBe(MAX_XLSX_UNPACKED / 1024 / 1024);
    expect(r?.params.size).toBeGreaterThan(4000);
  });

  it('reads a workbook under the cap', async () => {
    const src = await openFile('book.xlsx', (await workbook()).slice().buffer);
    expect(src.opened.headers).toEqual(['name', 'phone']);
  });
});
