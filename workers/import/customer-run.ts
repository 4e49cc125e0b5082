// One validation run of a customers file: every row validated and matched, the report's counts,
// the rejected rows (kept as read, for the download), the duplicates, and the plan once the user
// has chosen. Rows are validated a chunk at a time as the source reads them.
import type { CustomerFields } from '../../src/domain/types';
import type { ColumnMapping } from '../../src/domain/import-mapping';
import type { ImportPlan } from '../../src/domain/import-plan';
import { csvLine, UTF8_BOM } from '../../src/domain/spreadsheet-cell';
import {
  NORMALIZATIONS,
  validateImportRow,
  type Normalization,
  type RowIssue,
  type ValidateOptions,
} from './customers';
import type { DuplicateHit, ImportMatcher } from './matcher';
import { buildCustomerPlan, type DuplicateChoices, type ValidRow } from './plan';
import type { TableSource } from './source';

export interface ImportReport {
  /** Data rows read. */
  rows: number;
  /** Rows that will be imported (with or without warnings). */
  valid: number;
  withWarnings: number;
  rejected: number;
  /** How many rows each normalization changes. */
  normalizations: Record<Normalization, number>;
  /** Rows matching a stored customer / an earlier row of the file. */
  duplicates: { stored: number; inFile: number };
  /** Messages of all rows (errors and warnings). */
  issueCount: number;
  ms: number;
}

export interface RunProgress {
  done: number;
  phase: 'validate';
}

/** A duplicate with both sides' values, for the duplicates step. */
export interface DuplicateView extends DuplicateHit {
  rowFields: CustomerFields;
  /** The earlier row's fields (in-file duplicates). */
  otherFields?: CustomerFields;
}

export class CustomerRun {
  private readonly valid: ValidRow[] = [];
  private readonly rejectedRows: { row: number; cells: string[]; issues: RowIssue[] }[] = [];
  private readonly issues: RowIssue[] = [];
  private readonly hits: DuplicateHit[] = [];
  private readonly validByRow = new Map<number, ValidRow>();
  private readonly counts: Record<Normalization, number> = Object.fromEntries(
    NORMALIZATIONS.map((n) => [n, 0]),
  ) as Record<Normalization, number>;
  private rows = 0;
  private withWarnings = 0;
  private ms = 0;

  constructor(
    readonly fileName: string,
    readonly headers: readonly string[],
    private readonly mapping: ColumnMapping,
    private readonly opts: ValidateOptions,
    private readonly matcher: ImportMatcher,
  ) {}

  /** Validate and match every row of the source. Resolves false when `cancelled()` turned true. */
  async run(
    source: TableSource,
    onProgress?: (p: RunProgress) => void,
    cancelled: () => boolean = () => false,
  ): Promise<boolean> {
    const t0 = performance.now();
    let stopped = false;
    await source.forEachChunk(async (rows, firstRow) => {
      for (let i = 0; i < rows.length; i++) this.add(firstRow + i, rows[i] ?? []);
      onProgress?.({ done: this.rows, phase: 'validate' });
      // Let a cancel message in between chunks.
      await new Promise((r) => setTimeout(r, 0));
      stopped = cancelled();
      return !stopped;
    });
    this.ms = performance.now() - t0;
    return !stopped;
  }

  /** Validate and match one row (exported for tests through `run`). */
  add(row: number, cells: string[]): void {
    this.rows++;
    const v = validateImportRow(row, cells, this.mapping, this.opts);
    for (const issue of v.issues) this.issues.push(issue);
    for (const n of v.normalizations) this.counts[n]++;
    if (v.fields === null) {
      this.rejectedRows.push({ row, cells, issues: v.issues });
      return;
    }
    if (v.issues.length > 0) this.withWarnings++;
    const hit = this.matcher.matchAndAdd(row, v.fields);
    if (hit) this.hits.push(hit);
    const valid = { row, fields: v.fields, hit };
    this.valid.push(valid);
    this.validByRow.set(row, valid);
  }

  report(): ImportReport {
    const inFile = this.hits.filter((h) => h.duplicateOfRow !== undefined).length;
    return {
      rows: this.rows,
      valid: this.valid.length,
      withWarnings: this.withWarnings,
      rejected: this.rejectedRows.length,
      normalizations: { ...this.counts },
      duplicates: { stored: this.hits.length - inFile, inFile },
      issueCount: this.issues.length,
      ms: Math.round(this.ms),
    };
  }

  /** A page of the messages, optionally errors or warnings only. */
  issuePage(offset: number, limit: number, level?: RowIssue['level']): RowIssue[] {
    const list = level ? this.issues.filter((i) => i.level === level) : this.issues;
    return list.slice(offset, offset + limit);
  }

  /** A page of the duplicates with both sides' values. */
  duplicatePage(offset: number, limit: number): DuplicateView[] {
    return this.hits.slice(offset, offset + limit).map((h) => ({
      ...h,
      rowFields: this.validByRow.get(h.row)?.fields as CustomerFields,
      otherFields: h.duplicateOfRow !== undefined ? this.validByRow.get(h.duplicateOfRow)?.fields : undefined,
    }));
  }

  /**
   * The rejected rows as a CSV to fix in a spreadsheet and import again: the file's own columns as
   * read, then a reason column. `label` turns a message key or field name into the user's language.
   */
  rejectedCsv(label: (keyOrField: string) => string = (k) => k, reasonHeader = 'reason'): string {
    const lines = [csvLine([...this.headers, reasonHeader])];
    for (const r of this.rejectedRows) {
      const reason = r.issues
        .filter((i) => i.level === 'error')
        .map((i) => `${label(i.field)}: ${label(i.key)}`)
        .join('; ');
      const cells = this.headers.map((_, c) => r.cells[c] ?? '');
      lines.push(csvLine([...cells, reason]));
    }
    return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
  }

  plan(importId: string, choices: DuplicateChoices): ImportPlan {
    return buildCustomerPlan(
      { importId, fileName: this.fileName, totalRows: this.rows, rejectedRows: this.rejectedRows.length },
      this.valid,
      choices,
    );
  }
}
