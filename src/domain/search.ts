// Search-as-you-type: a typed query becomes a few prefix lookups on the stored CustomerSearchKeys.
// Every prefix here is built with the same functions that build the keys (fold, pinyin keys,
// digits), so a prefix of the query's normalized form is a prefix of the stored key.
import type { CustomerSearchKeys } from './types';
import { clip, collapseSpaces, fold, isCjk } from './text';
import { digitsOnly } from './phone';
import { KEY_MAX } from './names';

export interface SearchTerm {
  key: keyof CustomerSearchKeys;
  prefix: string;
}

const PHONE_LIKE_RE = /^\+?[\d\s()./-]+$/;

function phoneTerms(q: string): SearchTerm[] {
  const digits = digitsOnly(q);
  if (q.startsWith('+')) return [{ key: 'phoneKey', prefix: digits }];
  const terms: SearchTerm[] = [{ key: 'phoneKey', prefix: digits }];
  // "0049 30 …": international call prefix written instead of '+'.
  if (digits.startsWith('00') && digits.length > 4) terms.push({ key: 'phoneKey', prefix: digits.slice(2) });
  // "030 1234": the trunk prefix 0 is not part of the national significant number.
  const national = digits.replace(/^0+/, '');
  if (national !== '') terms.push({ key: 'nationalKey', prefix: national });
  // "4567": the last digits of a number.
  terms.push({ key: 'phoneRevKey', prefix: [...digits].reverse().join('') });
  return terms;
}

/** At most 5 prefix lookups for a typed query; [] for an empty query. */
export function planSearch(query: string): SearchTerm[] {
  const q = collapseSpaces(query);
  if (fold(q) === '' && !/\d/.test(q)) return [];
  if (q.includes('@')) return [{ key: 'emailKey', prefix: clip(q.replace(/ /g, '').toLowerCase(), KEY_MAX) }];
  if (PHONE_LIKE_RE.test(q) && digitsOnly(q).length >= 3)
    return phoneTerms(q).map((t) => ({ ...t, prefix: clip(t.prefix, KEY_MAX) }));
  if (isCjk(q)) {
    // hanziKey holds only the Han characters of the name, so only those of the query count.
    const han = (q.match(/\p{Script=Han}/gu) ?? []).join('');
    // Chinese company names are searched as typed (folded), e.g. "上海" → 上海明远贸易有限公司.
    return [
      { key: 'hanziKey', prefix: clip(han, KEY_MAX) },
      { key: 'companyKey', prefix: clip(fold(q), KEY_MAX) },
    ];
  }
  const f = clip(fold(q), KEY_MAX);
  const terms: SearchTerm[] = [
    { key: 'nameKey', prefix: f },
    { key: 'nameRevKey', prefix: f },
    { key: 'companyKey', prefix: f },
  ];
  // Email keys are lower-cased, not folded ("john.smith" must keep its dot); no spaces in emails.
  if (!q.includes(' ')) terms.push({ key: 'emailKey', prefix: clip(q.toLowerCase(), KEY_MAX) });
  if (/^[a-z]{2,5}$/.test(f)) terms.push({ key: 'initialsKey', prefix: f });
  return terms;
}

/** True if any term's prefix starts the corresponding key; an empty plan (empty query) matches all. */
export function matchesSearch(keys: CustomerSearchKeys, terms: SearchTerm[]): boolean {
  return terms.length === 0 || terms.some((t) => keys[t.key].startsWith(t.prefix));
}
