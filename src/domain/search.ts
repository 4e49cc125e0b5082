// Search-as-you-type: a typed query becomes a few prefix lookups on the stored CustomerSearchKeys
// and on the customer's extra terms (search-terms.ts; key 'term', prefix "<kind>:<value>").
// Every prefix here is built with the same functions that build the keys (fold, pinyin keys,
// digits), so a prefix of the query's normalized form is a prefix of the stored key.
import type { CustomerSearchKeys } from './types';
import { clip, collapseSpaces, fold, isCjk } from './text';
import { digitsOnly } from './phone';
import { KEY_MAX } from './names';
import { foldGerman, hasUmlaut, TERM_KIND, termOf } from './search-terms';

export interface SearchTerm {
  /** A customer key, or 'term': the customer's extra search terms (search-terms.ts). */
  key: keyof CustomerSearchKeys | 'term';
  prefix: string;
}

const PHONE_LIKE_RE = /^\+?[\d\s()./-]+$/;

function phoneTerms(q: string): SearchTerm[] {
  const digits = digitsOnly(q);
  // Other phones (a merge keeps the second number) are terms: from the start, national, reversed.
  const other = (prefix: string): SearchTerm => ({ key: 'term', prefix: termOf(TERM_KIND.digits, prefix) });
  if (q.startsWith('+')) return [{ key: 'phoneKey', prefix: digits }, other(digits)];
  const terms: SearchTerm[] = [{ key: 'phoneKey', prefix: digits }];
  // "0049 30 …": international call prefix written instead of '+'.
  if (digits.startsWith('00') && digits.length > 4) terms.push({ key: 'phoneKey', prefix: digits.slice(2) });
  // "030 1234": the trunk prefix 0 is not part of the national significant number.
  const national = digits.replace(/^0+/, '');
  if (national !== '') terms.push({ key: 'nationalKey', prefix: national });
  // "4567": the last digits of a number.
  const reversed = [...digits].reverse().join('');
  terms.push({ key: 'phoneRevKey', prefix: reversed });
  // Digits also start emails (a QQ number, 590581926@qq.com) and are inside them (terms); the
  // 'digits' terms hold other phones from the start and as national numbers, and those runs.
  if (!/\s/.test(q)) terms.push({ key: 'emailKey', prefix: digits });
  terms.push(other(digits));
  if (national !== '' && national !== digits) terms.push(other(national));
  terms.push({ key: 'term', prefix: termOf(TERM_KIND.reversed, reversed) });
  return terms;
}

const word = (prefix: string): SearchTerm => ({ key: 'term', prefix: termOf(TERM_KIND.word, prefix) });

/**
 * A few prefix lookups for a typed query (at most 8; 9 for a query with an umlaut); [] for an empty
 * query. Each is one indexed range, run in parallel.
 */
export function planSearch(query: string): SearchTerm[] {
  const q = collapseSpaces(query);
  if (fold(q) === '' && !/\d/.test(q)) return [];
  if (q.includes('@')) {
    const email = clip(q.replace(/ /g, '').toLowerCase(), KEY_MAX);
    return [
      { key: 'emailKey', prefix: email },
      { key: 'term', prefix: termOf(TERM_KIND.email, email) },
    ];
  }
  if (PHONE_LIKE_RE.test(q) && digitsOnly(q).length >= 3)
    return phoneTerms(q).map((t) => ({ ...t, prefix: clip(t.prefix, KEY_MAX) }));
  if (isCjk(q)) {
    // hanziKey holds only the Han characters of the name, so only those of the query count.
    const han = (q.match(/\p{Script=Han}/gu) ?? []).join('');
    // Chinese company names are searched as typed (folded), e.g. "上海" → 上海明远贸易有限公司.
    // Words inside a Chinese company name (瑞丰 in 上海瑞丰食品有限公司) are terms.
    return [
      { key: 'hanziKey', prefix: clip(han, KEY_MAX) },
      { key: 'companyKey', prefix: clip(fold(q), KEY_MAX) },
      word(fold(q)),
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
  // Later words of names and companies, pinyin without spaces, the ae/oe/ue spelling of umlauts.
  terms.push(word(f));
  // "Müller" typed for a record stored as "Mueller": the keys hold "mueller".
  if (hasUmlaut(q)) {
    const de = clip(foldGerman(q), KEY_MAX);
    terms.push({ key: 'nameKey', prefix: de }, { key: 'nameRevKey', prefix: de }, { key: 'companyKey', prefix: de });
  }
  return terms;
}

/**
 * True if any term's prefix starts the corresponding key or one of the customer's extra terms
 * (`customerTerms`); an empty plan (empty query) matches all.
 */
export function matchesSearch(
  keys: CustomerSearchKeys,
  terms: SearchTerm[],
  extraTerms: readonly string[] = [],
): boolean {
  return (
    terms.length === 0 ||
    terms.some((t) =>
      t.key === 'term' ? extraTerms.some((x) => x.startsWith(t.prefix)) : keys[t.key].startsWith(t.prefix),
    )
  );
}
