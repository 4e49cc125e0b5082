// Data-quality rules for customers: completeness per field, invalid or non-standard values with
// the fix we would propose, and a 0–100 score per record. Pure; the dedup worker runs it over the
// whole database (workers/dedup/quality.ts) and the data layer applies the chosen fixes.
import { normalizeEmail } from './email';
import { normalizePhone, phoneCountryOf } from './phone';
import { normalizeCountry } from './country';
import { collapseSpaces, hasInvisible, isCjk, stripInvisible } from './text';
import type { CustomerInput } from './types';

/** What quality reads of a customer: its single-valued text fields (stored or as typed). */
export type QualityInput = Omit<CustomerInput, 'tags' | 'notes'>;
export type QualityField = keyof QualityInput;

/** Fields whose completeness is reported, with their weight in the record score. */
export const COMPLETENESS_WEIGHTS: Readonly<Record<QualityField, number>> = {
  givenName: 3,
  familyName: 3,
  email: 3,
  phone: 3,
  company: 1,
  street: 1,
  city: 1,
  postcode: 1,
  region: 0.5,
  country: 2,
  birthDate: 0.5,
};
export const QUALITY_FIELDS = Object.keys(COMPLETENESS_WEIGHTS) as QualityField[];

export const ISSUE_KINDS = [
  'invisibleChars',
  'phoneInvalid',
  'phoneFormat',
  'emailInvalid',
  'emailDomainTypo',
  'nameCaps',
  'padded',
  'countryMissing',
  'countryFormat',
] as const;
export type IssueKind = (typeof ISSUE_KINDS)[number];

export interface Issue {
  kind: IssueKind;
  field: QualityField;
  value: string;
  /** The proposed value; null when it cannot be fixed automatically (a person must look). */
  fix: string | null;
}

export interface QualityOptions {
  /** Region for phone numbers without a country code when the record has no country. */
  defaultRegion: string;
  /** The intended email domain when a domain is an obvious typo (gmial.com → gmail.com), else null. */
  domainTypo?: (domain: string) => string | null;
}

/** "JOHN" → "John", "MARY-ANN O'NEIL" → "Mary-Ann O'Neil" (letters after a separator capitalized). */
export function titleCase(s: string): string {
  return s.toLowerCase().replace(/(^|[\s\-'’.])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** True for a Latin name typed in capitals ("ZHANG", "MÜLLER"); 2+ letters, no CJK. */
export function isAllCaps(s: string): boolean {
  const letters = s.replace(/[^\p{L}]/gu, '');
  return letters.length >= 2 && !isCjk(s) && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

const PADDABLE: readonly QualityField[] = [
  'givenName',
  'familyName',
  'company',
  'street',
  'city',
  'postcode',
  'region',
];

/** Fields where an invisible character is flagged: what search and lists show of a customer. */
const INVISIBLE_CHECKED: readonly QualityField[] = ['givenName', 'familyName', 'company', 'email', 'phone'];

/** Every issue of one record, at most one per field (the most serious first). */
export function recordIssues(r: QualityInput, opts: QualityOptions): Issue[] {
  const out: Issue[] = [];
  const seen = new Set<QualityField>();
  const add = (i: Issue): void => {
    if (seen.has(i.field)) return;
    seen.add(i.field);
    out.push(i);
  };
  const country = normalizeCountry(r.country);
  const region = country || opts.defaultRegion;

  // Zero-width and bidi control characters (text.ts stripInvisible): first, because they also make
  // a value look invalid or padded, and the fix is the value without them, normalized as on input.
  for (const f of INVISIBLE_CHECKED) {
    const v = r[f];
    if (!hasInvisible(v)) continue;
    const fix =
      f === 'email'
        ? normalizeEmail(v)
        : f === 'phone'
          ? (normalizePhone(v, region)?.e164 ?? null)
          : collapseSpaces(stripInvisible(v));
    add({ kind: 'invisibleChars', field: f, value: v, fix });
  }

  if (r.phone.trim()) {
    const p = normalizePhone(r.phone, region);
    if (!p) add({ kind: 'phoneInvalid', field: 'phone', value: r.phone, fix: null });
    else if (p.e164 !== r.phone) add({ kind: 'phoneFormat', field: 'phone', value: r.phone, fix: p.e164 });
  }
  if (r.email.trim()) {
    const e = normalizeEmail(r.email);
    if (e === null) add({ kind: 'emailInvalid', field: 'email', value: r.email, fix: null });
    else {
      const at = e.lastIndexOf('@');
      const typo = opts.domainTypo?.(e.slice(at + 1)) ?? null;
      if (typo) add({ kind: 'emailDomainTypo', field: 'email', value: r.email, fix: `${e.slice(0, at)}@${typo}` });
      else if (e !== r.email) add({ kind: 'padded', field: 'email', value: r.email, fix: e });
    }
  }
  for (const f of ['givenName', 'familyName'] as const) {
    if (isAllCaps(r[f])) add({ kind: 'nameCaps', field: f, value: r[f], fix: titleCase(collapseSpaces(r[f])) });
  }
  for (const f of PADDABLE) {
    const v = r[f];
    if (v && collapseSpaces(v) !== v) add({ kind: 'padded', field: f, value: v, fix: collapseSpaces(v) });
  }
  if (!r.country.trim()) {
    // A stored international number tells the country (+86 … → CN); otherwise a person decides.
    const fix = r.phone.startsWith('+') ? phoneCountryOf(r.phone) : null;
    add({ kind: 'countryMissing', field: 'country', value: '', fix });
  } else if (country !== r.country) {
    add({ kind: 'countryFormat', field: 'country', value: r.country, fix: country });
  }
  return out;
}

/** Penalty per issue kind in score points (of 100). */
const PENALTY: Record<IssueKind, number> = {
  invisibleChars: 10,
  phoneInvalid: 20,
  emailInvalid: 20,
  emailDomainTypo: 15,
  phoneFormat: 5,
  nameCaps: 5,
  padded: 3,
  countryMissing: 5,
  countryFormat: 3,
};
const TOTAL_WEIGHT = QUALITY_FIELDS.reduce((s, f) => s + COMPLETENESS_WEIGHTS[f], 0);

/** 0–100: completeness (weighted, 70 %) and the absence of issues (30 %, penalties subtracted). */
export function recordScore(r: QualityInput, issues: readonly Issue[]): number {
  let have = 0;
  for (const f of QUALITY_FIELDS) if (r[f].trim()) have += COMPLETENESS_WEIGHTS[f];
  const penalty = issues.reduce((s, i) => s + PENALTY[i.kind], 0);
  return Math.round((70 * have) / TOTAL_WEIGHT + Math.max(0, 30 - penalty));
}
