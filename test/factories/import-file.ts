// A generated customers file for import tests and the import benchmark: bilingual people from the
// dedup generator (with its typed duplicates, ~5%), Chinese and English headers, and ~5% of rows
// made invalid the way real lists are (no name, a broken email, a phone number too short, an
// unknown country). Seeded: the same options give the same file.
import { Rng } from '../../src/domain/random';
import { csvLine } from '../../src/domain/spreadsheet-cell';
import { generateSynthetic } from './synthetic';

export const IMPORT_FILE_HEADERS = [
  '姓名',
  'Mobile',
  '邮箱',
  'Company',
  '城市',
  'Postcode',
  '国家',
  'Birthday',
  '标签',
  '备注',
];

export interface ImportFile {
  csv: string;
  rows: number;
  /** Rows made invalid on purpose. */
  invalid: number;
}

export function generateImportFile(opts: {
  rows: number;
  seed?: number;
  invalidRate?: number;
  duplicateRate?: number;
}): ImportFile {
  const rng = new Rng(opts.seed ?? 12);
  const set = generateSynthetic({
    seed: opts.seed ?? 12,
    records: opts.rows,
    duplicateRate: opts.duplicateRate ?? 0.05,
    // The import benchmarks' pinned figures were measured with addresses from the name alone.
    emails: 'name-only',
  });
  const lines = [csvLine(IMPORT_FILE_HEADERS)];
  let invalid = 0;
  const records = set.records.slice(0, opts.rows);
  for (const r of records) {
    const name = /\p{Script=Han}/u.test(r.familyName + r.givenName)
      ? `${r.familyName}${r.givenName}`
      : `${r.givenName} ${r.familyName}`.trim();
    const cells = [name, r.phone, r.email, r.company, r.city, r.postcode, r.country, r.birthDate, r.tags, r.notes];
    if (rng.next() < (opts.invalidRate ?? 0.05)) {
      invalid++;
      const k = Math.floor(rng.next() * 4);
      if (k === 0) cells[0] = '';
      else if (k === 1) cells[2] = 'no-at-sign.example.com';
      else if (k === 2) cells[1] = '12';
      else cells[6] = 'Atlantis';
    }
    lines.push(csvLine(cells));
  }
  return { csv: lines.join('\r\n') + '\r\n', rows: records.length, invalid };
}
