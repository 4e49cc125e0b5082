// What the importer refuses, with the message key the wizard shows. A hostile or broken file gets
// one clear message and produces no plan.

/** Longest cell (UTF-16 units). The longest stored field (notes) is 5,000; a 10 MB cell is not a customer. */
export const MAX_CELL = 32_768;
/** Most columns (a customer has ~20 fields; 2,000 columns is not a customer list). */
export const MAX_COLUMNS = 500;
/** Most data rows in one file. */
export const MAX_ROWS = 250_000;
/**
 * Most bytes an .xlsx may declare once unpacked (all its files). A 250,000-row, 20-column sheet
 * is ~200 MB of XML; the workbook reader allocates what the archive declares before inflating.
 */
export const MAX_XLSX_UNPACKED = 256 * 1024 * 1024;

export type ImportErrorKey =
  | 'import.error.empty'
  | 'import.error.binary'
  | 'import.error.zipNamedCsv'
  | 'import.error.headerOnly'
  | 'import.error.cellTooLarge'
  | 'import.error.tooManyColumns'
  | 'import.error.tooManyRows'
  | 'import.error.xlsxDamaged'
  | 'import.error.xlsxTooLarge'
  | 'import.error.xlsOld'
  | 'import.error.noSheet'
  | 'import.error.noFile';

/** A file the importer will not read: `key` is an i18n key, `params` fill it in. */
export class ImportFileError extends Error {
  constructor(
    readonly key: ImportErrorKey,
    readonly params: Record<string, number | string> = {},
  ) {
    super(`${key} ${JSON.stringify(params)}`);
    this.name = 'ImportFileError';
  }
}

/** Throws when a chunk of rows breaks a limit; `firstRow` is the 1-based file row of rows[0]. */
export function checkRows(rows: readonly (readonly string[])[], firstRow: number): void {
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] ?? [];
    if (row.length > MAX_COLUMNS)
      throw new ImportFileError('import.error.tooManyColumns', { columns: row.length, max: MAX_COLUMNS });
    for (let c = 0; c < row.length; c++) {
      if ((row[c]?.length ?? 0) > MAX_CELL) {
        throw new ImportFileError('import.error.cellTooLarge', { row: firstRow + r, column: c + 1, max: MAX_CELL });
      }
    }
  }
}
