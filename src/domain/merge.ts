// Merge rules for duplicate customers: which value survives per field, and why. Pure: the data
// layer (src/data/merge/merge.ts) does the I/O, the merge dialog shows the choices and their reasons.
// Nothing is dropped silently: emails, phones and tags of every record are unioned (extra ones go
// to otherEmails / otherPhones), distinct notes are kept one after the other.
import { fold } from './text';
import type { CustomerFields } from './types';
import { emptyCustomerFields } from './customer-fields';

/** Fields where one record's value is chosen (the rest are unioned): a rule's own list, not every field. */
export const CHOICE_FIELDS = [
  'givenName',
  'familyName',
  'email',
  'phone',
  'company',
  'jobTitle',
  'street',
  'city',
  'postcode',
  'region',
  'country',
  'birthDate',
  'preferredLanguage',
  'ownerId',
  'source',
] as const satisfies readonly (keyof CustomerFields)[];
export type ChoiceField = (typeof CHOICE_FIELDS)[number];

/** What the merge reads of a record. */
export type MergeRecord = CustomerFields & { id: string; updatedAt: number };

/** Per field: the id of the record whose value survives. Fields left out take the default. */
export type MergeChoices = Partial<Record<ChoiceField, string>>;

/**
 * Why a value was picked by default: the only record with a value; every record agrees; the value
 * contains the others' (e.g. "Wei" ⊂ "Wei Jun", same folded text with accents); the most recently
 * updated record; or the user chose it.
 */
export type ChoiceReason = 'only' | 'same' | 'moreComplete' | 'newer' | 'chosen' | 'empty';

export interface FieldChoice {
  field: ChoiceField;
  /** Record id whose value survives ('' when every record is empty). */
  from: string;
  value: string;
  reason: ChoiceReason;
  /** True when at least two records hold different non-empty values (the dialog highlights it). */
  conflict: boolean;
}

/** Number of non-empty fields: how complete a record is. */
export function completeness(r: CustomerFields): number {
  let n = 0;
  for (const f of CHOICE_FIELDS) if (r[f].trim() !== '') n++;
  return (
    n +
    (r.otherEmails.length > 0 ? 1 : 0) +
    (r.otherPhones.length > 0 ? 1 : 0) +
    (r.tags.length > 0 ? 1 : 0) +
    (r.notes.trim() ? 1 : 0)
  );
}

/** Records best first: most recently updated, then most complete, then id (deterministic). */
function ranked(records: readonly MergeRecord[]): MergeRecord[] {
  return [...records].sort(
    (a, b) =>
      b.updatedAt - a.updatedAt || completeness(b) - completeness(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** The default choice for one field. */
export function defaultChoice(field: ChoiceField, records: readonly MergeRecord[]): FieldChoice {
  const withValue = ranked(records).filter((r) => r[field].trim() !== '');
  const distinct = new Set(withValue.map((r) => fold(r[field])));
  const conflict = distinct.size > 1;
  const best = withValue[0];
  if (!best) return { field, from: '', value: '', reason: 'empty', conflict: false };
  if (withValue.length === 1) return { field, from: best.id, value: best[field], reason: 'only', conflict };
  if (!conflict) return { field, from: best.id, value: best[field], reason: 'same', conflict };
  // A value that contains every other one (folded) is the more complete one: "Wei Jun" over "Wei".
  const folded = withValue.map((r) => fold(r[field]));
  const containing = withValue.filter((_, i) => folded.every((o) => (folded[i] ?? '').includes(o)));
  const longest = containing.sort((a, b) => b[field].length - a[field].length)[0];
  if (longest) return { field, from: longest.id, value: longest[field], reason: 'moreComplete', conflict };
  return { field, from: best.id, value: best[field], reason: 'newer', conflict };
}

/** Every field's choice: the user's where given (and the record exists), the default otherwise. */
export function resolveChoices(records: readonly MergeRecord[], choices: MergeChoices = {}): FieldChoice[] {
  return CHOICE_FIELDS.map((field) => {
    const def = defaultChoice(field, records);
    const picked = choices[field];
    const rec = picked === undefined ? undefined : records.find((r) => r.id === picked);
    if (!rec || rec.id === def.from) return def;
    return { field, from: rec.id, value: rec[field], reason: 'chosen', conflict: def.conflict };
  });
}

/** Distinct non-empty values by a key, first spelling kept, in the order given. */
function unionBy(values: readonly string[], key: (s: string) => string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of values) {
    const k = key(v.trim());
    if (!k || seen.has(k)) continue;
    seen.add(k);
    out.push(v.trim());
  }
  return out;
}

const emailKey = (s: string): string => s.toLowerCase();
const phoneKey = (s: string): string => s.replace(/[^\d+]/g, '');

/**
 * The survivor's fields after merging `records` (the survivor first, then the others). Chosen
 * values per field; every email, phone and tag kept; distinct notes joined; `mergedInto` cleared.
 */
export function mergeFields(
  survivorId: string,
  records: readonly MergeRecord[],
  choices: MergeChoices = {},
): CustomerFields {
  const survivor = records.find((r) => r.id === survivorId);
  if (!survivor) throw new Error(`survivor ${survivorId} is not among the records`);
  // Survivor first so its spellings win among equal values.
  const ordered = [survivor, ...ranked(records.filter((r) => r.id !== survivorId))];
  const picked = resolveChoices(records, choices);
  const out = emptyCustomerFields();
  for (const c of picked) out[c.field] = c.value;
  const emails = unionBy(
    ordered.flatMap((r) => [r.email, ...r.otherEmails]),
    emailKey,
  );
  const phones = unionBy(
    ordered.flatMap((r) => [r.phone, ...r.otherPhones]),
    phoneKey,
  );
  out.otherEmails = emails.filter((e) => emailKey(e) !== emailKey(out.email));
  out.otherPhones = phones.filter((p) => phoneKey(p) !== phoneKey(out.phone));
  out.tags = unionBy(
    ordered.flatMap((r) => r.tags),
    fold,
  );
  out.notes = unionBy(
    ordered.map((r) => r.notes),
    (s) => s,
  ).join('\n\n');
  out.mergedInto = '';
  return out;
}

/** Follow `mergedInto` links from `id` to the record that survived (cycle- and depth-safe). */
export function followChain(id: string, mergedIntoOf: (id: string) => string | undefined, maxHops = 32): string {
  let current = id;
  const seen = new Set<string>([id]);
  for (let i = 0; i < maxHops; i++) {
    const next = mergedIntoOf(current);
    if (!next || seen.has(next)) return current;
    seen.add(next);
    current = next;
  }
  return current;
}

/** The id of a "not duplicates" pair: order-free, so both devices write the same document. */
export function pairKey(a: string, b: string): { id: string; lo: string; hi: string } {
  const [lo, hi] = a < b ? [a, b] : [b, a];
  return { id: `nd|${lo}|${hi}`, lo, hi };
}

/**
 * A later edit on a merged record (e.g. synced from a device that had not seen the merge) applied
 * to the survivor: changed single values replace the survivor's (an old primary email/phone moves
 * to the other ones), added emails/phones/tags are unioned. Returns null when nothing changes.
 */
export function applyLateEdit(
  survivor: CustomerFields,
  before: CustomerFields,
  after: CustomerFields,
): CustomerFields | null {
  const out: CustomerFields = {
    ...survivor,
    otherEmails: [...survivor.otherEmails],
    otherPhones: [...survivor.otherPhones],
    tags: [...survivor.tags],
  };
  let changed = false;
  for (const f of CHOICE_FIELDS) {
    if (before[f] === after[f] || out[f] === after[f]) continue;
    if ((f === 'email' || f === 'phone') && out[f]) {
      const others = f === 'email' ? out.otherEmails : out.otherPhones;
      if (!others.includes(out[f])) others.push(out[f]);
    }
    out[f] = after[f];
    changed = true;
  }
  const addNew = (
    list: string[],
    beforeList: readonly string[],
    afterList: readonly string[],
    key: (s: string) => string,
  ): void => {
    const have = new Set(list.map(key));
    const had = new Set(beforeList.map(key));
    for (const v of afterList) {
      if (had.has(key(v)) || have.has(key(v))) continue;
      list.push(v);
      have.add(key(v));
      changed = true;
    }
  };
  addNew(out.otherEmails, before.otherEmails, after.otherEmails, emailKey);
  addNew(out.otherPhones, before.otherPhones, after.otherPhones, phoneKey);
  addNew(out.tags, before.tags, after.tags, fold);
  out.otherEmails = out.otherEmails.filter((e) => emailKey(e) !== emailKey(out.email));
  out.otherPhones = out.otherPhones.filter((p) => phoneKey(p) !== phoneKey(out.phone));
  if (before.notes !== after.notes && after.notes && !out.notes.includes(after.notes)) {
    out.notes = out.notes ? `${out.notes}\n\n${after.notes}` : after.notes;
    changed = true;
  }
  return changed ? out : null;
}
