// Opening an imported file: text (CSV/TSV/TXT, any of the detected encodings and delimiters) or
// .xlsx (read-excel-file, loaded on first use), its header row and a preview; then its data rows
// in chunks. A text file is decoded once and parsed by papaparse a chunk at a time, so only one
// chunk of rows exists as arrays at any moment.
import Papa from 'papaparse';
import { decodeText, detectEncoding, notText, type DetectedEncoding, type FileEncoding } from './encoding';
import { detectDelimiter, detectHeaderRow, firstRows, headersOf, type Delimiter } from './sniff';
import { ImportFileError, MAX_ROWS, MAX_XLSX_UNPACKED, checkRows } from './limits';
import { zipSizes } from './zip-sizes';

/** How the file is read; the wizard may override what was detected. */
export interface ReadOptions {
  encoding?: FileEncoding;
  delimiter?: Delimiter;
  /** 0-based row of the header (rows above it are skipped). */
  headerRow?: number;
  hasHeader?: boolean;
  /** .xlsx: the sheet's name. */
  sheet?: string;
}

export interface OpenedFile {
  kind: 'text' | 'xlsx';
  encoding: FileEncoding | null;
  delimiter: Delimiter | null;
  sheets: string[];
  sheet: string | null;
  headerRow: number;
  hasHeader: boolean;
  headers: string[];
  /** The first data rows as they will be read. */
  preview: string[][];
}

export const PREVIEW_ROWS = 10;
/** Bytes decoded for detection and preview. */
const SNIFF_BYTES = 256 * 1024;
/** Characters papaparse reads per chunk (~5,000 customer rows). */
const CHUNK_CHARS = 1 << 20;

export const isXlsxName = (name: string): boolean => /\.xlsx$/i.test(name);

export type ChunkHandler = (rows: string[][], firstRow: number) => void | boolean | Promise<void | boolean>;

/** A readable table: how to get its data rows. */
export interface TableSource {
  opened: OpenedFile;
  /**
   * Calls `onChunk` with consecutive data rows (1-based data row number of the first); async
   * between chunks. `onChunk` returning false stops the reading.
   */
  forEachChunk(onChunk: ChunkHandler): Promise<void>;
}

function finishOpen(
  kind: OpenedFile['kind'],
  rows: string[][],
  opts: ReadOptions,
  extra: Pick<OpenedFile, 'encoding' | 'delimiter' | 'sheets' | 'sheet'>,
): OpenedFile {
  checkRows(rows, 1);
  if (rows.length === 0) throw new ImportFileError('import.error.empty');
  const detected = detectHeaderRow(rows);
  const headerRow = opts.headerRow ?? detected.headerRow;
  const hasHeader = opts.hasHeader ?? detected.hasHeader;
  const width = Math.max(...rows.slice(headerRow).map((r) => r.length));
  const first = headerRow + (hasHeader ? 1 : 0);
  const preview = rows.slice(first, first + PREVIEW_ROWS);
  if (hasHeader && rows.length <= first) throw new ImportFileError('import.error.headerOnly');
  return {
    kind,
    ...extra,
    headerRow,
    hasHeader,
    headers: headersOf(hasHeader ? rows[headerRow] : undefined, width),
    preview,
  };
}

/** A text file: encoding, delimiter, header; its rows are parsed in chunks on demand. */
export function openText(bytes: Uint8Array, opts: ReadOptions = {}): TableSource {
  const detected = detectEncoding(bytes);
  const enc: DetectedEncoding = opts.encoding
    ? { encoding: opts.encoding, bom: opts.encoding === detected.encoding ? detected.bom : 0 }
    : detected;
  const what = notText(bytes, enc);
  if (what === 'empty') throw new ImportFileError('import.error.empty');
  if (what === 'zip') throw new ImportFileError('import.error.zipNamedCsv');
  if (what === 'binary') throw new ImportFileError('import.error.binary');
  const sample = decodeText(bytes, enc, SNIFF_BYTES);
  const delimiter = opts.delimiter ?? detectDelimiter(sample);
  const sniffed = firstRows(sample, delimiter, 40);
  // Before the cut-off last row is dropped: a cell longer than the sample is itself too long.
  checkRows(sniffed, 1);
  // The sample's last row may be cut off mid-way (unless the sample is the whole file).
  const whole = bytes.length <= SNIFF_BYTES;
  const rows = whole || sniffed.length < 2 ? sniffed : sniffed.slice(0, -1);
  const opened = finishOpen('text', rows, opts, { encoding: enc.encoding, delimiter, sheets: [], sheet: null });
  const skip = opened.headerRow + (opened.hasHeader ? 1 : 0);
  return {
    opened,
    forEachChunk: (onChunk) => parseTextChunks(decodeText(bytes, enc), delimiter, skip, onChunk),
  };
}

function parseTextChunks(text: string, delimiter: Delimiter, skip: number, onChunk: ChunkHandler): Promise<void> {
  let seen = 0;
  let dataRows = 0;
  let failed = false;
  // papaparse calls `complete` right after the last chunk's callback, while that chunk's (async)
  // work is still running: completion waits for it.
  let pending: Promise<void> = Promise.resolve();
  return new Promise((resolve, reject) => {
    const fail = (err: unknown): void => {
      failed = true;
      reject(err instanceof Error ? err : new Error(String(err)));
    };
    Papa.parse<string[]>(text, {
      delimiter,
      chunkSize: CHUNK_CHARS,
      skipEmptyLines: 'greedy',
      chunk(results: Papa.ParseResult<string[]>, parser: Papa.Parser) {
        let rows = results.data;
        const before = seen;
        seen += rows.length;
        if (before < skip) rows = rows.slice(skip - before);
        const firstRow = dataRows + 1;
        dataRows += rows.length;
        parser.pause();
        pending = (async () => {
          try {
            if (dataRows > MAX_ROWS) throw new ImportFileError('import.error.tooManyRows', { max: MAX_ROWS });
            checkRows(rows, skip + firstRow);
            if (rows.length > 0 && (await onChunk(rows, firstRow)) === false) {
              parser.abort();
              resolve();
              return;
            }
            parser.resume();
          } catch (err) {
            parser.abort();
            fail(err);
          }
        })();
      },
      complete: () => {
        void pending.then(() => {
          if (!failed) resolve();
        });
      },
      error: (err: Error) => fail(err),
    });
  });
}

type CellValue = string | number | boolean | Date | null;

/** An .xlsx cell as text: dates as YYYY-MM-DD (with the time when it has one), numbers as written. */
export function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

/** An .xlsx workbook: every sheet's name, the chosen sheet's rows (a workbook is read whole). */
export async function openXlsx(buffer: ArrayBuffer, opts: ReadOptions = {}): Promise<TableSource> {
  if (buffer.byteLength === 0) throw new ImportFileError('import.error.empty');
  // Before the reader sees it: it allocates each file's declared unpacked size up front.
  const sizes = zipSizes(new Uint8Array(buffer));
  if (sizes === null) throw new ImportFileError('import.error.xlsxDamaged');
  if (sizes.uncompressed > MAX_XLSX_UNPACKED) {
    const mb = (b: number): number => Math.ceil(b / (1024 * 1024));
    throw new ImportFileError('import.error.xlsxTooLarge', {
      size: mb(sizes.uncompressed),
      max: mb(MAX_XLSX_UNPACKED),
    });
  }
  const { default: readXlsxFile } = await import('read-excel-file/web-worker');
  let sheets: { sheet: string; data: CellValue[][] }[];
  try {
    sheets = (await readXlsxFile(buffer)) as unknown as { sheet: string; data: CellValue[][] }[];
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new ImportFileError(code === 'XLS_FILE_NOT_SUPPORTED' ? 'import.error.xlsOld' : 'import.error.xlsxDamaged');
  }
  const names = sheets.map((s) => s.sheet);
  const chosen = sheets.find((s) => s.sheet === opts.sheet) ?? sheets.find((s) => s.data.length > 0) ?? sheets[0];
  if (!chosen) throw new ImportFileError('import.error.noSheet');
  const all = chosen.data.map((r) => r.map(cellText)).filter((r) => r.some((c) => c.trim() !== ''));
  const opened = finishOpen('xlsx', all.slice(0, 40), opts, {
    encoding: null,
    delimiter: null,
    sheets: names,
    sheet: chosen.sheet,
  });
  const start = opened.headerRow + (opened.hasHeader ? 1 : 0);
  return {
    opened,
    async forEachChunk(onChunk) {
      if (all.length - start > MAX_ROWS) throw new ImportFileError('import.error.tooManyRows', { max: MAX_ROWS });
      const size = 5000;
      for (let i = start; i < all.length; i += size) {
        const rows = all.slice(i, i + size);
        checkRows(rows, i + 1);
        if ((await onChunk(rows, i - start + 1)) === false) return;
      }
    },
  };
}

/** Open by file name: .xlsx by the workbook reader, everything else as delimited text. */
export async function openFile(name: string, buffer: ArrayBuffer, opts: ReadOptions = {}): Promise<TableSource> {
  return isXlsxName(name) ? openXlsx(buffer, opts) : openText(new Uint8Array(buffer), opts);
}
