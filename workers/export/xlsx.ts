// A one-sheet .xlsx written as rows arrive: the sheet XML is built a page at a time and deflated
// into the zip stream at once, so the file is ready soon after the last page is in, memory holds
// the compressed bytes only, and no step waits for the whole table. Pure (no I/O; a Blob at the end).
// fflate lays out the zip (headers, central directory); the sheet itself is deflated by the
// platform's CompressionStream (native zlib), about ten times faster than deflate in JavaScript,
// which was most of the .xlsx export's time.
//
// Cells are typed: text as inline-string cells (`t="inlineStr"`: shown and kept as text, never run
// as a formula, so no apostrophe is added and phone numbers keep their '+'), numbers as number
// cells, empty cells left out. Inline strings need no shared-string table, so nothing is looked up
// by a cell's text (write-excel-file 4.1.1 looked shared strings up in a plain object and damaged
// cells whose text is "constructor" or "toString"). The header row is bold and frozen.
import { Zip, ZipPassThrough, type AsyncFlateStreamHandler, type ZipInputFile } from 'fflate';

/** One cell of an export row: text, a number, or empty. */
export type Cell = string | number | null;

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** Bytes of the gzip header CompressionStream writes (no name, no extra field) and of its trailer. */
const GZIP_HEADER = 10;
const GZIP_TRAILER = 8;

/**
 * A zip entry deflated by the platform: fflate's Zip takes any ZipInputFile (its documented
 * extension point) and needs the entry's CRC-32 and size only with the last chunk. The data goes
 * through CompressionStream('gzip'), whose output is a 10-byte header, the raw deflate stream a zip
 * entry holds, then the CRC-32 and size of the input: so the CRC is computed natively too (in
 * JavaScript it cost as much as the deflate). The header is skipped, the trailer held back and read.
 */
class NativeDeflateEntry implements ZipInputFile {
  size = 0;
  crc = 0;
  readonly compression = 8;
  ondata: AsyncFlateStreamHandler = () => undefined;
  readonly done: Promise<void>;
  readonly #writer: WritableStreamDefaultWriter<BufferSource>;
  #written: Promise<void> = Promise.resolve();

  constructor(readonly filename: string) {
    const stream = new CompressionStream('gzip');
    this.#writer = stream.writable.getWriter();
    this.done = this.#pump(stream.readable.getReader());
  }

  /** Uncompressed bytes, in order; `final` with the last. */
  push(chunk: Uint8Array<ArrayBuffer>, final: boolean): void {
    this.size += chunk.length;
    this.#written = this.#writer.write(chunk);
    if (final) void this.#writer.close();
  }

  /** Resolves when the last chunk pushed has gone into the compressor (backpressure). */
  written(): Promise<void> {
    return this.#written;
  }

  async #pump(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    let skip = GZIP_HEADER;
    let held: Uint8Array = new Uint8Array(0);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let chunk = value;
      if (skip > 0) {
        if (skip === GZIP_HEADER && chunk[3] !== 0) throw new Error('unexpected gzip header flags');
        const n = Math.min(skip, chunk.length);
        chunk = chunk.subarray(n);
        skip -= n;
      }
      const all = held.length === 0 ? chunk : concat(held, chunk);
      const cut = Math.max(0, all.length - GZIP_TRAILER);
      if (cut > 0) this.ondata(null, all.subarray(0, cut) as Uint8Array<ArrayBuffer>, false);
      held = all.slice(cut);
    }
    if (held.length !== GZIP_TRAILER) throw new Error('gzip trailer missing');
    this.crc = new DataView(held.buffer, held.byteOffset).getUint32(0, true);
    this.ondata(null, new Uint8Array(0), true);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

// Characters XML 1.0 cannot hold (C0 controls but tab/LF/CR) are written in OOXML's `_xHHHH_`
// form, which Excel and the importer read back; a literal `_xHHHH_` in the text is escaped as
// `_x005F_xHHHH_` so it is not decoded. CR is a character reference (a parser turns a raw CR into LF).
// eslint-disable-next-line no-control-regex -- matching the control characters is the point
const NEEDS_ESCAPE_RE = /[&<>\r\u0000-\u0008\u000b\u000c\u000e-\u001f]|_x[0-9A-Fa-f]{4}_/;
// eslint-disable-next-line no-control-regex -- as above
const ESCAPE_RE = /[&<>\r\u0000-\u0008\u000b\u000c\u000e-\u001f]|_(?=x[0-9A-Fa-f]{4}_)/g;
const hex4 = (c: string): string => c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
function escapeChar(c: string): string {
  switch (c) {
    case '&':
      return '&amp;';
    case '<':
      return '&lt;';
    case '>':
      return '&gt;';
    case '\r':
      return '&#13;';
    case '_':
      return '_x005F_';
    default:
      return `_x${hex4(c)}_`;
  }
}

/** Text as the content of an XML element, with OOXML's escapes. */
export function xmlText(s: string): string {
  return NEEDS_ESCAPE_RE.test(s) ? s.replace(ESCAPE_RE, escapeChar) : s;
}

const OUTER_SPACE_RE = /^\s|\s$/;

function cellXml(ref: string, v: Cell, style: string): string {
  if (v === null || v === '') return '';
  if (typeof v === 'number') return Number.isFinite(v) ? `<c r="${ref}"${style}><v>${v}</v></c>` : '';
  const space = OUTER_SPACE_RE.test(v) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}"${style} t="inlineStr"><is><t${space}>${xmlText(v)}</t></is></c>`;
}

/** `<row>` elements for `rows`, the first numbered `first`; `refs` are the column letters. */
export function rowsXml(
  rows: readonly (readonly Cell[])[],
  first: number,
  refs: readonly string[],
  style = '',
): string {
  const out: string[] = [];
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k] ?? [];
    const n = first + k;
    let cells = '';
    for (let i = 0; i < r.length; i++) cells += cellXml(`${refs[i] ?? columnLetters(i)}${n}`, r[i] ?? null, style);
    out.push(`<row r="${n}">${cells}</row>`);
  }
  return out.join('');
}

const STATIC_PARTS = (sheet: string): Record<string, string> => ({
  '[Content_Types].xml':
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    '</Types>',
  '_rels/.rels':
    `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">` +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
    '</Relationships>',
  'xl/workbook.xml':
    `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
    `<sheets><sheet name="${xmlText(sheet).replace(/"/g, '&quot;')}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  'xl/_rels/workbook.xml.rels':
    `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">` +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
    '</Relationships>',
  'xl/styles.xml':
    `${XML_HEAD}<styleSheet xmlns="${NS_MAIN}">` +
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
    '</styleSheet>',
});

/** Writes one sheet: `header` once, then `rows` as often as pages arrive, then `finish`. */
export class XlsxWriter {
  readonly #parts: Uint8Array[] = [];
  readonly #zip: Zip;
  readonly #sheet: NativeDeflateEntry;
  readonly #encoder = new TextEncoder();
  readonly #refs: string[];
  #row = 0;

  constructor(
    readonly columns: readonly string[],
    readonly sheetName: string,
  ) {
    this.#zip = new Zip((err, data) => {
      if (err) throw err;
      this.#parts.push(data);
    });
    this.#refs = columns.map((_, i) => columnLetters(i));
    const statics = STATIC_PARTS(sheetName);
    for (const [name, xml] of Object.entries(statics)) {
      const part = new ZipPassThrough(name);
      this.#zip.add(part);
      part.push(this.#encoder.encode(xml), true);
    }
    this.#sheet = new NativeDeflateEntry('xl/worksheets/sheet1.xml');
    this.#zip.add(this.#sheet);
    this.#push(
      `${XML_HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
        '<sheetData>',
    );
    this.#rows([columns], ' s="1"');
  }

  #push(xml: string, final = false): void {
    this.#sheet.push(this.#encoder.encode(xml), final);
  }

  #rows(rows: readonly (readonly Cell[])[], style: string): void {
    this.#push(rowsXml(rows, this.#row + 1, this.#refs, style));
    this.#row += rows.length;
  }

  /** More rows, in order; resolves when they are in the compressor. */
  rows(rows: readonly (readonly Cell[])[]): Promise<void> {
    this.#rows(rows, '');
    return this.#sheet.written();
  }

  /** The file. */
  async finish(): Promise<Blob> {
    this.#push('</sheetData></worksheet>', true);
    await this.#sheet.done;
    this.#zip.end();
    return new Blob(this.#parts as BlobPart[], { type: XLSX_TYPE });
  }
}
