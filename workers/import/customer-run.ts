// One validation run of a customers file: every row validated and matched, the report's counts,
// the rejected rows (kept as read, for the download), the duplicates, and the plan once the user
// has chosen. Rows are validated a chunk at a time as the source reads them.
import type { CustomerFields } from '../../src/domain/types';
import type { ColumnMapping } from '../../src/domain/import-mapping';
import type { ImportPlan } from '../../src/domain/import-plan';
import { rejectedRowsCsv } from '../../src/domain/rejected-rows';
import {
  NORMALIZATIONS,
  validateImportRow,
  type Normalization,
  type RowIssue,
  type ValidateOptions,
} from './customers';
import type { DuplicateHit, ImportMatcher } from './matcher';
import type { StdRecord } from '../dedup/standardize';
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
  /** Where `ms` went (see ImportPhases). */
  phases: ImportPhases;
}

/**
 * Time per phase of a validation run (ms of the run's clock: wall time in the worker, CPU time
 * where the caller passes one, test/bench/import-node.ts). Each phase runs over a whole chunk of
 * rows at a time, so the clock is read a few times per chunk, not per row.
 */
export interface ImportPhases {
  /** Decoding the text and parsing it into rows (all the time outside the other phases). */
  parse: number;
  /** Validation and normalization of every row (validateImportRow). */
  validate: number;
  /** Standardizing valid rows for matching (shared by both matches). */
  standardize: number;
  /** Matching valid rows against the stored customers. */
  matchStored: number;
  /** Matching rows without a stored match against earlier rows of the file. */
  matchInFile: number;
  /** Waiting between chunks (a cancel message gets in): not work of the import. */
  yield: number;
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
  private readonly phases: ImportPhases = {
    parse: 0,
    validate: 0,
    standardize: 0,
    matchStored: 0,
    matchInFile: 0,
    yield: 0,
  };

  constructor(
    readonly fileName: string,
    readonly headers: readonly string[],
    private readonly mapping: ColumnMapping,
    private readonly opts: ValidateOptions,
    private readonly matcher: ImportMatcher,
    /** The clock phases are measured with (the node bench passes CPU time). */
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Validate and match every row of the source. Resolves false when `cancelled()` turned true. */
  async run(
    source: TableSource,
    onProgress?: (p: RunProgress) => void,
    cancelled: () => boolean = () => false,
  ): Promise<boolean> {
    const t0 = performance.now();
    const c0 = this.now();
    let stopped = false;
    await source.forEachChunk(async (rows, firstRow) => {
      this.addChunk(firstRow, rows);
      onProgress?.({ done: this.rows, phase: 'validate' });
      // Let a cancel message in between chunks.
      const y0 = this.now();
      await new Promise((r) => setTimeout(r, 0));
      this.phases.yield += this.now() - y0;
      stopped = cancelled();
      return !stopped;
    });
    this.ms = performance.now() - t0;
    const p = this.phases;
    p.parse = Math.max(0, this.now() - c0 - p.validate - p.standardize - p.matchStored - p.matchInFile - p.yield);
    return !stopped;
  }

  /**
   * Validate, then match one chunk of rows, a phase at a time over the chunk (timed per phase).
   * Same results as row by row: the stored match depends on the row only, the in-file match runs
   * in file order.
   */
  private addChunk(firstRow: number, rows: string[][]): void {
    const t0 = this.now();
    const valid: { row: number; fields: CustomerFields }[] = [];
    for (let i = 0; i < rows.length; i++) {
      const row = firstRow + i;
      const cells = rows[i] ?? [];
      this.rows++;
      const v = validateImportRow(row, cells, this.mapping, this.opts);
      for (const issue of v.issues) this.issues.push(issue);
      for (const n of v.normalizations) this.counts[n]++;
      if (v.fields === null) {
        this.rejectedRows.push({ row, cells, issues: v.issues });
        continue;
      }
      if (v.issues.length > 0) this.withWarnings++;
      valid.push({ row, fields: v.fields });
    }
    const t1 = this.now();
    const std = valid.map((v) => this.matcher.standardize(v.fields));
    const t2 = this.now();
    const stored = valid.map((v, i) => this.matcher.matchStored(v.row, std[i] as StdRecord));
    const t3 = this.now();
    for (let i = 0; i < valid.length; i++) {
      const { row, fields } = valid[i] as { row: number; fields: CustomerFields };
      const hit = this.matcher.matchInFileAndAdd(row, std[i] as StdRecord, stored[i] ?? null);
      if (hit) this.hits.push(hit);
      const entry = { row, fields, hit };
      this.valid.push(entry);
      this.validByRow.set(row, entry);
    }
    const t4 = this.now();
    this.phases.validate += t1 - t0;
    this.phases.standardize += t2 - t1;
    this.phases.matchStored += t3 - t2;
    this.phases.matchInFile += t4 - t3;
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
      phases: { ...this.phases },
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
    const rows = this.rejectedRows.map((r) => ({
      cells: r.cells,
      reasons: r.issues.filter((i) => i.level === 'error').map((i) => `${label(i.field)}: ${label(i.key)}`),
    }));
    return rejectedRowsCsv(this.headers, rows, reasonHeader);
  }

  plan(importId: string, choices: DuplicateChoices): ImportPlan {
    return buildCustomerPlan(
      { importId, fileName: this.fileName, totalRows: this.rows, rejectedRows: this.rejectedRows.length },
      this.valid,
      choices,
    );
  }
}
