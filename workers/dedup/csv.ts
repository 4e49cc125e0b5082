// Minimal RFC 4180 CSV: quoted fields with "" escapes, embedded commas and line breaks, CRLF or
// LF line ends, a leading BOM ignored. Enough for the canonical customer columns.

/** Rows of fields. A trailing line break does not produce an empty last row. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  for (; i < n; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Header + rows → objects keyed by (trimmed) header; missing cells are ''. */
export function csvObjects(text: string): Record<string, string>[] {
  const [header = [], ...rows] = parseCsv(text);
  const keys = header.map((h) => h.trim());
  return rows
    .filter((r) => r.some((c) => c.trim() !== ''))
    .map((r) => Object.fromEntries(keys.map((k, i) => [k, r[i] ?? ''])));
}

function quote(v: string): string {
  return /[",\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Rows → CSV text with CRLF-free LF line ends and a final line break. */
export function serializeCsv(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map((r) => r.map((v) => quote(String(v))).join(',')).join('\n') + (rows.length > 0 ? '\n' : '');
}

/**
 * `parseCsv` fed in pieces (a file read a chunk at a time): `push` returns the rows completed so
 * far, `end` the last one. Same rows as `parseCsv` of the whole text.
 */
export class CsvReader {
  private row: string[] = [];
  private field = '';
  private quoted = false;
  /** Trailing '"'s or a '\r' of a piece: their meaning depends on the next character. */
  private carry = '';
  private first = true;

  push(piece: string): string[][] {
    let text = this.carry + piece;
    this.carry = '';
    if (this.first && text.length > 0) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let keep = text.length;
    if (text[keep - 1] === '\r') keep--;
    else while (keep > 0 && text[keep - 1] === '"') keep--;
    this.carry = text.slice(keep);
    text = text.slice(0, keep);
    return this.scan(text);
  }

  end(): string[][] {
    const rows = this.scan(this.carry);
    this.carry = '';
    if (this.field !== '' || this.row.length > 0) {
      this.row.push(this.field);
      rows.push(this.row);
      this.row = [];
      this.field = '';
    }
    return rows;
  }

  private scan(text: string): string[][] {
    const rows: string[][] = [];
    let { row, field, quoted } = this;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const ch = text[i];
      if (quoted) {
        if (ch === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else quoted = false;
        } else field += ch;
        continue;
      }
      if (ch === '"' && field === '') quoted = true;
      else if (ch === ',') {
        row.push(field);
        field = '';
      } else if (ch === '\n' || ch === '\r') {
        if (ch === '\r' && text[i + 1] === '\n') i++;
        row.push(field);
        rows.push(row);
        row = [];
        field = '';
      } else field += ch;
    }
    this.row = row;
    this.field = field;
    this.quoted = quoted;
    return rows;
  }
}
