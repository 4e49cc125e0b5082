// Merge rules for duplicate customers: which value survives per field, and why. Pure: the data
// layer (src/data/merge/merge.ts) does the I/O, the merge dialog shows the choices and their reasons.
// Nothing is dropped silently: emails, phones and tags of every record are unioned (extra ones go
// to otherEmails / otherPhones), distinct notes are kept one after the other, every name that is
// not the kept one becomes an alias, and consent keeps each record's history.
import { fold, isCjk } from './text';
import type { CustomerFields } from './types';
import { emptyCustomerFields } from './customer-fields';
import { displayName } from './names';
import { CONSENT_CHANNELS, mergeConsent, sameChannelConsent, unionConsentHistory } from './consent';

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
 * contains the others' (e.g. "Wei" ⊂ "Wei Jun", same folded text with accents); the name is in the
 * customer's own script (张伟 over its romanised twin "Zhang Wei"); the most recently updated
 * record; or the user chose it.
 */
export type ChoiceReason = 'only' | 'same' | 'moreComplete' | 'ownScript' | 'newer' | 'chosen' | 'empty';

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

type Pick1 = { from: MergeRecord | undefined; reason: ChoiceReason; conflict: boolean };

/** The only/same/moreComplete/newer rule over one value per record (`value` reads it). */
function pickBy(records: readonly MergeRecord[], value: (r: MergeRecord) => string): Pick1 {
  const withValue = ranked(records).filter((r) => value(r).trim() !== '');
  const distinct = new Set(withValue.map((r) => fold(value(r))));
  const conflict = distinct.size > 1;
  const best = withValue[0];
  if (!best) return { from: undefined, reason: 'empty', conflict: false };
  if (withValue.length === 1) return { from: best, reason: 'only', conflict };
  if (!conflict) return { from: best, reason: 'same', conflict };
  // A value that contains every other one (folded) is the more complete one: "Wei Jun" over "Wei".
  const folded = withValue.map((r) => fold(value(r)));
  const containing = withValue.filter((_, i) => folded.every((o) => (folded[i] ?? '').includes(o)));
  const longest = containing.sort((a, b) => value(b).length - value(a).length)[0];
  if (longest) return { from: longest, reason: 'moreComplete', conflict };
  return { from: best, reason: 'newer', conflict };
}

const fullName = (r: MergeRecord): string => displayName(r);

/**
 * The record whose name survives; given and family name always come from the same record (never
 * 张 + "Wei"). When some records write the name in Chinese characters and others only in Latin
 * letters, the customer's own script is Chinese (a romanised twin is what an import or a colleague
 * typed for them, rarely the other way round): only the Chinese-script names compete, and the
 * romanised one is kept as an alias by mergeFields.
 */
function pickName(records: readonly MergeRecord[]): Pick1 {
  const all = pickBy(records, fullName);
  if (!all.conflict) return all;
  const native = records.filter((r) => isCjk(fullName(r)));
  if (native.length === 0 || native.length === records.filter((r) => fullName(r).trim()).length) return all;
  const inScript = pickBy(native, fullName);
  return {
    from: inScript.from,
    reason: inScript.reason === 'moreComplete' ? 'moreComplete' : 'ownScript',
    conflict: true,
  };
}

const NAME_FIELDS: ReadonlySet<ChoiceField> = new Set(['givenName', 'familyName']);

/** The default choice for one field. */
export function defaultChoice(field: ChoiceField, records: readonly MergeRecord[]): FieldChoice {
  const p = NAME_FIELDS.has(field) ? pickName(records) : pickBy(records, (r) => r[field]);
  if (!p.from) return { field, from: '', value: '', reason: 'empty', conflict: false };
  return { field, from: p.from.id, value: p.from[field], reason: p.reason, conflict: p.conflict };
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
 * Names of the records that are not the kept name, as aliases (with every record's own aliases):
 * a name the kept one already contains ("Wei" in "Wei Jun") adds nothing and is left out.
 */
export function mergedAliases(kept: string, names: readonly string[]): string[] {
  const keptKey = fold(kept);
  return unionBy(names, fold).filter((n) => !keptKey.includes(fold(n)));
}

/**
 * The survivor's fields after merging `records` (the survivor first, then the others). Chosen
 * values per field; every email, phone and tag kept; every other name kept as an alias; distinct
 * notes joined; consent per channel as most recently expressed, with every record's history;
 * `mergedInto` cleared.
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
  out.aliases = mergedAliases(
    displayName(out),
    ordered.flatMap((r) => [displayName(r), ...r.aliases]),
  );
  out.consent = mergeConsent(ordered.map((r) => r.consent));
  out.consentHistory = unionConsentHistory(ordered.map((r) => r.consentHistory));
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
    aliases: [...survivor.aliases],
    tags: [...survivor.tags],
    consent: { ...survivor.consent },
    consentHistory: [...survivor.consentHistory],
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
  addNew(out.aliases, before.aliases, after.aliases, fold);
  // Consent the customer expressed on the merged record after the merge: the newer answer wins.
  for (const ch of CONSENT_CHANNELS) {
    if (sameChannelConsent(before.consent[ch], after.consent[ch])) continue;
    const next = mergeConsent([out.consent, after.consent])[ch];
    if (!sameChannelConsent(next, out.consent[ch])) {
      out.consent[ch] = next;
      changed = true;
    }
  }
  const history = unionConsentHistory([out.consentHistory, after.consentHistory]);
  if (history.length !== out.consentHistory.length) {
    out.consentHistory = history;
    changed = true;
  }
  out.otherEmails = out.otherEmails.filter((e) => emailKey(e) !== emailKey(out.email));
  out.otherPhones = out.otherPhones.filter((p) => phoneKey(p) !== phoneKey(out.phone));
  if (before.notes !== after.notes && after.notes && !out.notes.includes(after.notes)) {
    out.notes = out.notes ? `${out.notes}\n\n${after.notes}` : after.notes;
    changed = true;
  }
  return changed ? out : null;
}
