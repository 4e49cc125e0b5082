// The extra search terms of a customer: what a rep remembers that no single prefix key holds.
// A customer has one key per search field (CustomerSearchKeys), and a prefix of one key finds only
// what a field starts with. These terms are the other ways in — a word inside a company name, the
// part of a Chinese company name after its place name, a Chinese name's pinyin typed without a
// space, a German name spelled with "ue" for "ü", digits inside an email's local part, the other
// phones and emails a merge kept. The data layer stores one row per term (a derived index,
// src/data/derived/search-terms.ts) and search looks them up by prefix like any other key.
//
// A term is "<kind>:<value>": the kind keeps values that look alike but mean different things apart
// (reversed phone digits must never answer a query for a word).
import type { CustomerFields, CustomerSearchKeys } from './types';
import { clip, fold } from './text';
import { KEY_MAX } from './names';

export const TERM_KIND = {
  /** Folded words and phrases (compared with fold(query)). */
  word: 'w',
  /** Digits: other phones (E.164 and national), digit runs inside email local parts. */
  digits: 'd',
  /** Other phones' digits reversed ("ends with" search). */
  reversed: 'r',
  /** Other emails, lower-cased (compared like emailKey). */
  email: 'e',
} as const;
export type TermKind = (typeof TERM_KIND)[keyof typeof TERM_KIND];

/** Longest stored term: the kind, ':' and a value of at most KEY_MAX. */
export const TERM_MAX = KEY_MAX + 2;

export function termOf(kind: TermKind, value: string): string {
  return `${kind}:${clip(value, KEY_MAX)}`;
}

/**
 * German spelling fold: ä/ö/ü written as ae/oe/ue (ß is already ss in fold), then fold. "Müller" and
 * "Mueller" both become "mueller"; plain fold keeps "muller" for Müller, so both spellings are stored.
 */
export function foldGerman(s: string): string {
  return fold(s.replace(/[äöüÄÖÜ]/g, (ch) => `${ch.toLowerCase().normalize('NFD').charAt(0)}e`));
}

/** True if the text has a German umlaut (a query then also looks up its ae/oe/ue spelling). */
export function hasUmlaut(s: string): boolean {
  return /[äöüÄÖÜ]/.test(s.normalize('NFC'));
}

/**
 * Words that a company-name search never starts with: legal forms and joiners. "Blue Bottle Coffee
 * Roasters Inc." gets terms for "bottle …", "coffee …" and "roasters inc", not "inc".
 */
const COMPANY_STOPWORDS = new Set([
  'inc',
  'llc',
  'ltd',
  'ltee',
  'plc',
  'pty',
  'co',
  'corp',
  'gmbh',
  'ag',
  'kg',
  'ug',
  'mbh',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'bv',
  'nv',
  'oy',
  'ab',
  'as',
  'the',
  'and',
  'of',
  'und',
  'et',
  'de',
  'du',
  'des',
  'la',
  'le',
  'les',
]);

/**
 * Provinces, province-level cities and the larger prefecture cities: a Chinese company name starts
 * with its registration place ("上海瑞丰食品有限公司", "浙江杭州…"), which is not what a rep remembers.
 */
const CN_PLACES = [
  // Provinces, autonomous regions, municipalities, SARs.
  '北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门',
  // Larger cities.
  '广州|深圳|杭州|南京|苏州|成都|武汉|西安|长沙|郑州|济南|青岛|大连|沈阳|长春|哈尔滨|石家庄|太原|合肥|福州|厦门|南昌|南宁|昆明|贵阳|兰州|西宁|银川|乌鲁木齐|拉萨|呼和浩特|海口|三亚|宁波|温州|无锡|常州|南通|徐州|扬州|佛山|东莞|珠海|中山|惠州|汕头|泉州|烟台|潍坊|洛阳|宜昌|襄阳|株洲|绵阳|遵义|桂林|柳州|唐山|保定|廊坊|绍兴|嘉兴|金华|台州|芜湖|赣州',
]
  .join('|')
  .split('|');
// Longest first, so 黑龙江 wins over a shorter name and a suffix (省/市/自治区…) is taken with it.
const CN_PLACE_RE = new RegExp(
  `^(?:(?:${[...CN_PLACES].sort((a, b) => b.length - a.length).join('|')})(?:省|市|自治区|特别行政区|壮族自治区|回族自治区|维吾尔自治区)?)+`,
  'u',
);

/**
 * The part of a folded Chinese company name a rep types: the name after its place name(s). 上海瑞丰食品有限公司
 * → 瑞丰食品有限公司, 浙江省杭州市天成科技有限公司 → 天成科技有限公司; its prefixes are 瑞丰, 瑞丰食品 …
 * (the legal form 有限公司 at the end needs no cutting: a prefix search never reaches it). '' when
 * the name does not start with a known place (it is then already found by its start).
 */
export function chineseCompanyCore(folded: string): string {
  if (!/^\p{Script=Han}/u.test(folded)) return '';
  const m = CN_PLACE_RE.exec(folded);
  if (!m) return '';
  const rest = folded.slice(m[0].length);
  // A company called just "上海市" or "北京有限公司" has no distinctive part.
  return /^(?:有限|股份|集团|公司|$)/u.test(rest) ? '' : rest;
}

/** "a b c d" → ["b c d", "c d", "d"]: the key from each later word on (words split at spaces). */
function laterWordSuffixes(key: string, skip: ReadonlySet<string> = new Set()): string[] {
  const words = key.split(' ').filter(Boolean);
  const out: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const w = words[i] ?? '';
    if (!skip.has(w)) out.push(words.slice(i).join(' '));
  }
  return out;
}

/** Runs of three or more digits inside an email's local part that do not start it. */
function innerDigitRuns(email: string): string[] {
  const local = email.slice(0, Math.max(0, email.indexOf('@'))).toLowerCase();
  const out: string[] = [];
  for (const m of local.matchAll(/\d{3,}/g)) if ((m.index ?? 0) > 0) out.push(m[0]);
  return out;
}

export type TermSource = Pick<
  CustomerFields,
  'givenName' | 'familyName' | 'company' | 'email' | 'otherEmails' | 'otherPhones'
> &
  Pick<CustomerSearchKeys, 'nameKey' | 'nameRevKey' | 'hanziKey' | 'companyKey' | 'emailKey'>;

/**
 * Every extra term of a customer, deduplicated, without the ones its own keys already answer (a
 * value that a key starts with is found through that key). `nationalOf` gives the national
 * significant number of an E.164 phone (phone.ts `nationalNumberOf`, which needs the phone metadata:
 * the caller loads it), passed in so that terms stay testable without it.
 */
export function customerTerms(c: TermSource, nationalOf: (e164: string) => string): string[] {
  const terms = new Set<string>();
  const keys = [c.nameKey, c.nameRevKey, c.companyKey];
  const covered = (v: string): boolean => keys.some((k) => k.startsWith(v));
  const word = (v: string): void => {
    const value = clip(v.trim(), KEY_MAX);
    if (value !== '' && !covered(value)) terms.add(termOf(TERM_KIND.word, value));
  };

  // Names. Chinese: the pinyin typed without a space ("zhangwei", "ouyangnana"). Other names: each
  // later word of a longer name ("hans peter müller" → "peter …"), and the ae/oe/ue spelling.
  if (c.hanziKey !== '') word(c.nameKey.replace(/ /g, ''));
  else {
    for (const s of laterWordSuffixes(c.nameKey)) word(s);
    const de = foldGerman(`${c.familyName} ${c.givenName}`);
    if (de !== c.nameKey) {
      word(de);
      word(foldGerman(`${c.givenName} ${c.familyName}`));
    }
  }

  // Companies: each later word ("coffee roasters …", "roasters …"), the same in the German spelling,
  // and for a Chinese name the part after its place name (瑞丰食品有限公司).
  const companyKeys = new Set([c.companyKey, foldGerman(c.company)].filter(Boolean));
  for (const key of companyKeys) {
    if (key !== c.companyKey) word(key);
    for (const s of laterWordSuffixes(key, COMPANY_STOPWORDS)) word(s);
    for (const s of key.split(' ').map(chineseCompanyCore)) word(s);
  }

  // Emails: digits inside the local part ("wei.zhang1988@…" → "1988"); other emails as typed.
  for (const email of [c.email, ...c.otherEmails]) {
    for (const run of innerDigitRuns(email)) terms.add(termOf(TERM_KIND.digits, run));
  }
  for (const email of c.otherEmails) {
    const e = email.trim().toLowerCase();
    if (e !== '' && e !== c.emailKey) terms.add(termOf(TERM_KIND.email, e));
    // A local part of digits only (a QQ number) is typed as digits.
    const local = e.slice(0, Math.max(0, e.indexOf('@')));
    if (/^\d{3,}$/.test(local)) terms.add(termOf(TERM_KIND.digits, local));
  }

  // Other phones: digits from the country code, from the national number, and reversed.
  for (const phone of c.otherPhones) {
    const digits = phone.replace(/[^0-9]/g, '');
    if (digits === '') continue;
    terms.add(termOf(TERM_KIND.digits, digits));
    const national = nationalOf(phone);
    if (national !== '' && national !== digits) terms.add(termOf(TERM_KIND.digits, national));
    terms.add(termOf(TERM_KIND.reversed, [...digits].reverse().join('')));
  }
  return [...terms];
}
