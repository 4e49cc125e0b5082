// One imported row → a validated, normalized customer, with the messages and normalizations the
// validation report shows. The rules are the customer form's (validateCustomer); this module only
// adds what a file has and a form has not: whole-name columns, day-first and Excel serial dates,
// extra phone and email columns, a job title, and a note on cells that look like formulas.
import type { CustomerFields, CustomerFormInput } from '../../src/domain/types';
import { emptyCustomerInput, validateCustomer } from '../../src/domain/customer';
import { mapRow, type ColumnMapping, type ImportField } from '../../src/domain/import-mapping';
import { parseImportDate } from '../../src/domain/import-values';
import { normalizeEmail } from '../../src/domain/email';
import { normalizePhone } from '../../src/domain/phone';
import { couldRunAsFormula } from '../../src/domain/spreadsheet-cell';
import { collapseSpaces } from '../../src/domain/text';

export interface ValidateOptions {
  /** ISO region for phone numbers written without a country code (the customer's country wins). */
  defaultRegion: string;
  /** 'YYYY-MM-DD': birth dates after it are rejected. */
  today: string;
  /** How 01/02/2024 reads: day first (default) or month first. */
  dateOrder?: 'DMY' | 'MDY';
}

/** A message about one field of one row; `key` is an i18n key. */
export interface RowIssue {
  row: number;
  field: ImportField;
  level: 'error' | 'warning';
  key: string;
  value: string;
}

/** A change the import makes to a value, counted in the report. */
export type Normalization =
  'phoneE164' | 'emailDomainLowercased' | 'countryIso' | 'nameSplit' | 'nameCase' | 'dateIso' | 'formulaAsText';

export const NORMALIZATIONS: readonly Normalization[] = [
  'phoneE164',
  'emailDomainLowercased',
  'countryIso',
  'nameSplit',
  'nameCase',
  'dateIso',
  'formulaAsText',
];

export interface ValidatedRow {
  row: number;
  /** null when the row is rejected (an error on any field). */
  fields: CustomerFields | null;
  issues: RowIssue[];
  normalizations: Normalization[];
}

const JOB_TITLE_MAX = 200;

/**
 * The form's fields a file does not fill (aliases, consent, owner …) as a new form has them. Built
 * once: validateCustomer only reads its input, and a fresh empty form per row was a measurable share
 * of a 100,000-row validation (objects to build and collect).
 */
let emptyInput: CustomerFormInput | undefined;

export function validateImportRow(
  row: number,
  cells: readonly string[],
  mapping: ColumnMapping,
  opts: ValidateOptions,
): ValidatedRow {
  const mapped = mapRow(cells, mapping);
  const input = mapped.input;
  const issues: RowIssue[] = [];
  const norm = new Set<Normalization>();
  const issue = (field: ImportField, level: RowIssue['level'], key: string, value: string): void => {
    issues.push({ row, field, level, key, value });
  };

  const rawDate = input.birthDate;
  if (rawDate !== '') {
    const iso = parseImportDate(rawDate, opts.dateOrder);
    if (iso !== null) {
      input.birthDate = iso;
      if (iso !== rawDate.trim()) norm.add('dateIso');
    }
  }

  for (let i = 0; i < mapping.length; i++) {
    const f = mapping[i];
    const v = cells[i] ?? '';
    if (f !== undefined && f !== 'ignore' && f !== 'phone' && couldRunAsFormula(v.trim())) {
      norm.add('formulaAsText');
      issue(f, 'warning', 'import.warning.formulaAsText', v);
    }
  }

  emptyInput ??= emptyCustomerInput();
  const result = validateCustomer({ ...emptyInput, ...input }, opts);
  const nameField: ImportField = mapped.nameSplit ? 'fullName' : 'givenName';
  if (!result.ok) {
    for (const [field, key] of Object.entries(result.errors) as [keyof typeof input, string][]) {
      const f: ImportField = field === 'givenName' || field === 'familyName' ? nameField : field;
      issue(f, 'error', key, field === 'givenName' && mapped.nameSplit ? '' : input[field]);
    }
  }
  const jobTitle = collapseSpaces(mapped.jobTitle);
  if (jobTitle.length > JOB_TITLE_MAX) issue('jobTitle', 'error', 'error.tooLong', mapped.jobTitle);
  if (!result.ok || jobTitle.length > JOB_TITLE_MAX) return { row, fields: null, issues, normalizations: [...norm] };

  const fields = result.value;
  const region = fields.country || opts.defaultRegion;
  const otherPhones: string[] = [];
  for (const p of mapped.otherPhones) {
    const n = normalizePhone(p, region);
    if (n === null) issue('phone', 'warning', 'import.warning.otherPhoneKeptInNotes', p);
    else if (n.e164 !== fields.phone && !otherPhones.includes(n.e164)) otherPhones.push(n.e164);
  }
  const otherEmails: string[] = [];
  for (const e of mapped.otherEmails) {
    const n = normalizeEmail(e);
    if (n === null) issue('email', 'warning', 'import.warning.otherEmailKeptInNotes', e);
    else if (n.toLowerCase() !== fields.email.toLowerCase() && !otherEmails.includes(n)) otherEmails.push(n);
  }
  // An extra number or address that is not valid is kept, in the notes, rather than dropped.
  const kept = issues.filter((i) => i.key.endsWith('KeptInNotes')).map((i) => i.value);
  const notes = kept.length > 0 ? [fields.notes, ...kept].filter(Boolean).join('\n') : fields.notes;

  if (fields.phone !== '' && fields.phone !== input.phone.trim()) norm.add('phoneE164');
  if (fields.email !== '' && fields.email !== input.email.trim()) norm.add('emailDomainLowercased');
  if (fields.country !== '' && fields.country !== input.country.trim()) norm.add('countryIso');
  if (mapped.nameSplit) norm.add('nameSplit');
  else if (
    fields.givenName !== collapseSpaces(input.givenName) ||
    fields.familyName !== collapseSpaces(input.familyName)
  ) {
    norm.add('nameCase');
  }
  if (fields.email === '' && fields.phone === '') issue(nameField, 'warning', 'import.warning.noContact', '');

  // `fields` is validateCustomer's fresh object: set in place rather than spread into a copy.
  fields.jobTitle = jobTitle;
  fields.otherPhones = otherPhones;
  fields.otherEmails = otherEmails;
  fields.notes = notes;
  fields.source = 'import';
  return {
    row,
    fields,
    issues,
    normalizations: [...norm],
  };
}
