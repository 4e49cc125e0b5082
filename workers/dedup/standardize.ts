// Standardization of one customer for matching. Builds on the domain normalizers (fold, pinyin
// name keys, Chinese name splitting, email/phone/country normalization) and adds what only
// matching needs: traditional → simplified folding, email canonical forms and domain typos,
// street abbreviations, company legal suffixes, and dates as YYYYMMDD digits.
//
// One module (~500 lines) on purpose: it is one function per field of one record shape (StdRecord),
// each next to the small table it reads; split apart, a field's rule and its table would sit in
// different files.
import { fold, isCjk } from '../../src/domain/text';
import { nameKeys, splitChineseName } from '../../src/domain/names';
import { pinyin } from 'pinyin-pro';
import { normalizeEmail } from '../../src/domain/email';
import { normalizePhone } from '../../src/domain/phone';
import { normalizeCountry } from '../../src/domain/country';
import { usePinyin } from '../../src/domain/pinyin';
import { usePhoneLibrary } from '../../src/domain/phone';
import * as phoneLib from '../../src/domain/phone-lib';

// The app loads the pinyin dictionaries and phone metadata on first need; this bundle (and
// workers/dedup/quality.ts, which imports this module) has them statically, so the domain's name
// keys and phone parsing use them from the start.
usePinyin(pinyin);
usePhoneLibrary(phoneLib);

/**
 * Memoize a pure function of one string. Names, companies, places and streets repeat a lot
 * across a customer base, and folding / pinyin / phone parsing cost tens of µs per call. The
 * cache is emptied when it grows past `max` entries (bounded memory, no LRU bookkeeping).
 */
export function memoize<T>(fn: (s: string) => T, max = 50_000): (s: string) => T {
  const cache = new Map<string, T>();
  return (s: string): T => {
    let v = cache.get(s);
    if (v === undefined) {
      v = fn(s);
      if (cache.size >= max) cache.clear();
      cache.set(s, v);
    }
    return v;
  };
}

/** What the engine reads of a customer: any subset of the stored or typed customer fields. */
export interface DedupInput {
  givenName?: string;
  familyName?: string;
  email?: string;
  phone?: string;
  otherEmails?: readonly string[];
  otherPhones?: readonly string[];
  company?: string;
  street?: string;
  city?: string;
  postcode?: string;
  region?: string;
  country?: string;
  birthDate?: string;
}

/** A standardized record. Latin keys are folded; Chinese names are also given as pinyin. */
export interface StdRecord {
  /** Given / family name as comparable Latin keys without spaces (pinyin for Han names). */
  given: string;
  family: string;
  /** First token of the given name (nickname lookups: "mary ann" → "mary"). */
  givenFirst: string;
  /** Simplified Han characters of the name, family first ('' when the name has none). */
  hanzi: string;
  /** Han characters of each part ('' when none): same pinyin with other characters is a homophone. */
  hanGiven: string;
  hanFamily: string;
  /** True when the typed name contained Han characters (explanations say "pinyin"). */
  cjk: boolean;
  emails: string[];
  /** E.164 when parseable, else the digits as typed (≥ 6). */
  phones: string[];
  company: string;
  streetNumber: string;
  streetName: string;
  city: string;
  postcode: string;
  region: string;
  country: string;
  /** YYYYMMDD when the date has that shape, else the digits typed. */
  birth: string;
}

// Traditional → simplified for characters common in names, companies and addresses. pinyin-pro
// already reads both scripts alike; this table makes the Han keys (exact matches, blocking) agree.
const T2S_PAIRS =
  '歐欧陽阳張张陳陈劉刘楊杨趙赵黃黄吳吴孫孙馬马羅罗鄭郑謝谢許许韓韩馮冯鄧邓蕭萧蔣蒋餘余葉叶蘇苏呂吕盧卢鍾钟鐘钟譚谭陸陆賈贾韋韦鄒邹閆闫龍龙賀贺顧顾龔龚萬万錢钱嚴严湯汤' +
  '偉伟華华麗丽強强軍军傑杰濤涛靜静豔艳紅红輝辉鵬鹏飛飞鳳凤雲云國国東东寧宁勝胜興兴愛爱嬌娇蘭兰瑩莹穎颖曉晓潔洁剛刚誠诚鴻鸿賢贤義义禮礼書书學学聰聪齊齐寶宝儀仪' +
  '鳴鸣蓮莲貞贞榮荣鋒锋銘铭錦锦靈灵瑋玮維维綺绮詩诗語语韻韵進进凱凯順顺開开長长發发財财貴贵達达濱滨農农門门間间會会員员業业號号實实廣广灣湾臺台區区縣县鄉乡鎮镇' +
  '園园場场團团廠厂電电話话郵邮聯联網网豐丰應应滿满慶庆傳传嶺岭巖岩麥麦黨党鄺邝龐庞閻阎聶聂駱骆溫温嶽岳於于紀纪鄺邝關关鄔邬雙双費费喬乔須须邁迈蓋盖戰战衛卫' +
  '劍剑雞鸡鳥鸟魚鱼貝贝寬宽蕓芸藝艺憶忆懷怀俠侠創创氣气億亿協协製制貿贸務务際际資资訊讯產产';
const T2S = new Map<string, string>();
for (let i = 0; i + 1 < T2S_PAIRS.length; i += 2) {
  const t = T2S_PAIRS.charAt(i);
  const s = T2S_PAIRS.charAt(i + 1);
  if (t !== s) T2S.set(t, s);
}

/** Fold traditional Chinese characters to simplified ones (table of common name/company characters). */
export function toSimplified(s: string): string {
  return s.replace(/\p{Script=Han}/gu, (ch) => T2S.get(ch) ?? ch);
}

const noSpaces = (s: string): string => s.replace(/ /g, '');

const GERMAN: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ß: 'ss', ẞ: 'SS' };
/** Pinyin's ü (lü, nü, lüe, nüe typed as a word) is no German umlaut: 吕 Lü stays "lu". */
const PINYIN_U = /^[lnLN][üÜ][eE]?$/u;

/**
 * German umlauts and ß as their standard transcription, before folding: Müller = Mueller,
 * München = Muenchen, Straße = Strasse (fold alone strips the dots: Müller → "muller", which
 * Mueller never equals exactly).
 */
export function germanLetters(s: string): string {
  if (!/[äöüÄÖÜßẞ]/u.test(s)) return s;
  return s.replace(/[\p{L}\p{M}]+/gu, (word) =>
    PINYIN_U.test(word) ? word : word.replace(/[äöüÄÖÜßẞ]/gu, (ch) => GERMAN[ch] ?? ch),
  );
}

/**
 * Names as comparable keys. A whole name typed into one field is split (Chinese: family first by
 * splitChineseName; Latin: last word is the family name — the comparison also tries swapped
 * orders). Han names become pinyin keys (张伟 → family "zhang", given "wei").
 */
export function standardizeName(
  givenName: string,
  familyName: string,
): Pick<StdRecord, 'given' | 'family' | 'givenFirst' | 'hanzi' | 'hanGiven' | 'hanFamily' | 'cjk'> {
  let given = germanLetters(toSimplified(givenName.trim()));
  let family = germanLetters(toSimplified(familyName.trim()));
  const cjk = isCjk(given + family);
  const only = given === '' ? family : family === '' ? given : '';
  if (only !== '') {
    if (cjk && /^[\p{Script=Han}\s·・]+$/u.test(only)) {
      const split = splitChineseName(only);
      ({ givenName: given, familyName: family } = split);
    } else if (!cjk) {
      const words = fold(only).split(' ').filter(Boolean);
      if (words.length > 1) {
        family = words[words.length - 1] ?? '';
        given = words.slice(0, -1).join(' ');
      }
    }
  }
  if (cjk) {
    const keys = nameKeys(given, family);
    const [famKey = '', givKey = ''] = keys.nameKey.split(' ');
    // nameKey drops an empty part, so map the single key back to the part that was filled.
    const fam = family === '' ? '' : famKey;
    const giv = given === '' ? '' : family === '' ? famKey : givKey;
    const han = (x: string): string => (x.match(/\p{Script=Han}/gu) ?? []).join('');
    return {
      given: giv,
      family: fam,
      givenFirst: giv,
      hanzi: keys.hanziKey,
      hanGiven: han(given),
      hanFamily: han(family),
      cjk,
    };
  }
  const g = fold(given);
  return {
    given: noSpaces(g),
    family: noSpaces(fold(family)),
    givenFirst: g.split(' ')[0] ?? '',
    hanzi: '',
    hanGiven: '',
    hanFamily: '',
    cjk,
  };
}

// Providers that ignore dots in the local part, and providers that deliver `local+tag` to `local`.
const DOTLESS = new Set(['gmail.com']);
const PLUS_TAGS = new Set([
  'gmail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'icloud.com',
  'me.com',
  'fastmail.com',
  'protonmail.com',
  'proton.me',
  'yahoo.com',
  'qq.com',
  '163.com',
  '126.com',
]);
const DOMAIN_ALIASES: Record<string, string> = { 'googlemail.com': 'gmail.com' };
/** Well-known mailbox providers: a domain one typo away from one of these is read as it. */
export const KNOWN_EMAIL_DOMAINS: readonly string[] = [
  'gmail.com',
  'hotmail.com',
  'yahoo.com',
  'outlook.com',
  'icloud.com',
  'live.com',
  'aol.com',
  'qq.com',
  '163.com',
  '126.com',
  'sina.com',
  'sohu.com',
  'foxmail.com',
  'yeah.net',
  'aliyun.com',
  'googlemail.com',
  'protonmail.com',
  'gmx.de',
  'web.de',
  'msn.com',
];
const KNOWN_SET = new Set(KNOWN_EMAIL_DOMAINS);
const TLD_TYPOS: Record<string, string> = {
  con: 'com',
  cmo: 'com',
  ocm: 'com',
  om: 'com',
  comm: 'com',
  cim: 'com',
  vom: 'com',
  xom: 'com',
  co: 'com',
  cm: 'com',
  nte: 'net',
  ent: 'net',
};

function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    // substitution or adjacent swap
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * The intended domain when `domain` is an obvious typo of a well-known provider (gmial.com,
 * hotmial.com, yahooo.com, qq.con, gmail.co); null when it is not (or is already correct).
 * Only provider names of 5+ letters are matched by edit distance, so short real domains such as
 * qa.com are not "corrected"; short ones (qq, 163) are only fixed for a mistyped ".com".
 */
export function emailDomainTypo(domain: string): string | null {
  return domainTypoMemo(domain);
}
const domainTypoMemo = memoize((domain: string): string | null => {
  const d = domain.toLowerCase();
  if (KNOWN_SET.has(d)) return null;
  const dot = d.lastIndexOf('.');
  if (dot < 1) return null;
  const sld = d.slice(0, dot);
  const tld = d.slice(dot + 1);
  const fixedTld = TLD_TYPOS[tld];
  if (fixedTld !== undefined && KNOWN_SET.has(`${sld}.${fixedTld}`)) return `${sld}.${fixedTld}`;
  const tldCandidates = fixedTld !== undefined ? [tld, fixedTld] : [tld];
  for (const known of KNOWN_EMAIL_DOMAINS) {
    const kd = known.lastIndexOf('.');
    const ksld = known.slice(0, kd);
    if (ksld.length < 5 || !tldCandidates.includes(known.slice(kd + 1))) continue;
    if (oneEditApart(sld, ksld)) return known;
  }
  return null;
}, 5000);

/**
 * Canonical mailbox of an email for matching: lower case, domain typos fixed, googlemail →
 * gmail, dots ignored where the provider ignores them (Gmail), `+tag` dropped where providers
 * deliver tags to the base mailbox. '' for an empty or unusable value.
 */
export function canonicalEmail(raw: string): string {
  const n = normalizeEmail(raw) ?? raw.trim();
  const s = n.toLowerCase();
  const at = s.lastIndexOf('@');
  if (at < 1) return '';
  let local = s.slice(0, at);
  let domain = s.slice(at + 1);
  domain = emailDomainTypo(domain) ?? domain;
  domain = DOMAIN_ALIASES[domain] ?? domain;
  if (PLUS_TAGS.has(domain)) local = local.replace(/\+.*$/, '');
  if (DOTLESS.has(domain)) local = local.replace(/\./g, '');
  return local === '' ? '' : `${local}@${domain}`;
}

/** E.164 when the number is valid for its country (or `region`), else its digits when ≥ 6 of them. */
export function phoneKey(raw: string, region: string): string {
  const s = raw.trim();
  if (s === '') return '';
  if (E164_RE.test(s)) return s; // already E.164 (stored records): skip the parser
  // "+86 138 1234 5678", "+1-212-555-0100": E.164 with separators reads the same way (the
  // parser costs ~20 µs per number, the biggest share of standardizing a record).
  if (INTL_RE.test(s)) {
    const e = `+${s.replace(/[^0-9]/g, '')}`;
    if (E164_RE.test(e)) return e;
  }
  return parsedPhoneKey(`${region}|${s}`);
}
const E164_RE = /^\+[1-9]\d{5,14}$/;
const INTL_RE = /^\+[1-9][0-9 .-]+$/;
const parsedPhoneKey = memoize((key: string): string => {
  const bar = key.indexOf('|');
  const region = key.slice(0, bar);
  const s = key.slice(bar + 1);
  const n = normalizePhone(s, region);
  if (n !== null && n.e164 !== '') return n.e164;
  const digits = s.replace(/[^0-9]/g, '');
  return digits.length >= 6 ? digits : '';
});

// Street-type and direction abbreviations, folded form → full word.
const STREET_WORDS: Record<string, string> = {
  st: 'street',
  str: 'street',
  rd: 'road',
  ave: 'avenue',
  av: 'avenue',
  blvd: 'boulevard',
  dr: 'drive',
  drv: 'drive',
  ln: 'lane',
  ct: 'court',
  crt: 'court',
  pl: 'place',
  cres: 'crescent',
  cr: 'crescent',
  cct: 'circuit',
  cir: 'circuit',
  hwy: 'highway',
  pde: 'parade',
  tce: 'terrace',
  ter: 'terrace',
  sq: 'square',
  pkwy: 'parkway',
  cl: 'close',
  gr: 'grove',
  gv: 'grove',
  esp: 'esplanade',
  wy: 'way',
  mt: 'mount',
  apt: 'apartment',
  ste: 'suite',
  fl: 'floor',
  bldg: 'building',
  n: 'north',
  s: 'south',
  e: 'east',
  w: 'west',
};

/** Folded street with abbreviations expanded (St → street, Rd → road …), number split off. */
export function standardizeStreet(raw: string): { number: string; name: string } {
  const words = fold(germanLetters(raw)).split(' ').filter(Boolean);
  const numbers: string[] = [];
  const rest: string[] = [];
  for (const w of words) {
    if (/^\d+[a-z]?$/.test(w) && rest.length === 0) numbers.push(w);
    // German "Hauptstr." = "Hauptstraße" (folded "hauptstrasse").
    else rest.push(STREET_WORDS[w] ?? w.replace(/(?<=\p{L})str$/u, 'strasse'));
  }
  // German "Hauptstraße 5": a trailing house number.
  if (numbers.length === 0 && rest.length > 1 && /^\d+[a-z]?$/.test(rest[rest.length - 1] ?? ''))
    numbers.push(rest.pop() ?? '');
  return { number: numbers.join(' '), name: rest.join(' ') };
}

// Legal-form words (folded) stripped from the end of company names.
const LEGAL_WORDS = new Set([
  'inc',
  'incorporated',
  'llc',
  'l l c',
  'ltd',
  'limited',
  'co',
  'company',
  'corp',
  'corporation',
  'gmbh',
  'ag',
  'kg',
  'ohg',
  'ug',
  'sa',
  'sarl',
  'sas',
  'bv',
  'nv',
  'plc',
  'pty',
  'pte',
  'llp',
  'lp',
  'srl',
  'spa',
  'oy',
  'ab',
  'as',
  'kk',
  'group',
  'holdings',
  'the',
  'and',
  'co ltd',
]);
// Chinese legal forms, longest first (stripped from the end, repeatedly).
const CN_LEGAL = [
  '股份有限公司',
  '有限责任公司',
  '有限公司',
  '集团公司',
  '控股',
  '集团',
  '股份',
  '公司',
  '(中国)',
  '中国',
];

/** Company name without legal form: "ACME Inc." = "Acme, LLC" = "acme"; 明远贸易有限公司 = 明远贸易. */
export function standardizeCompany(raw: string): string {
  let s = fold(germanLetters(toSimplified(raw)));
  for (let changed = true; changed;) {
    changed = false;
    for (const suffix of CN_LEGAL) {
      const f = fold(suffix);
      if (f !== '' && s.endsWith(f) && s.length > f.length) {
        s = s.slice(0, -f.length).trim();
        changed = true;
      }
    }
    const words = s.split(' ');
    while (words.length > 1) {
      const last = words[words.length - 1] ?? '';
      const lastTwo = words.slice(-2).join(' ');
      if (LEGAL_WORDS.has(lastTwo) && words.length > 2) {
        words.splice(-2);
      } else if (LEGAL_WORDS.has(last)) {
        words.pop();
      } else break;
      changed = true;
    }
    if (words[0] === 'the' && words.length > 1) words.shift();
    s = words.join(' ');
  }
  return s;
}

/** A birth date as YYYYMMDD digits: ISO, YYYYMMDD, "2001/2/3", "2001年2月3日"; else the digits. */
export function standardizeDate(raw: string): string {
  const s = raw.trim();
  if (s === '') return '';
  const m = /^(\d{4})\D*(\d{1,2})\D*?(\d{1,2})\D*$/.exec(s);
  if (m && /\D/.test(s)) return `${m[1] ?? ''}${(m[2] ?? '').padStart(2, '0')}${(m[3] ?? '').padStart(2, '0')}`;
  return s.replace(/\D/g, '');
}

/** Place names: folded; Han names as toneless pinyin so 上海 = Shanghai (same as names). */
export function standardizePlace(raw: string): string {
  const s = toSimplified(raw.trim());
  if (!isCjk(s)) return fold(germanLetters(s));
  const words = pinyin(s.replace(/[市省区县]$/u, ''), { toneType: 'none', type: 'array', nonZh: 'consecutive' });
  return fold(words.join(''));
}

/** Standardize a customer for matching. `defaultRegion` reads phone numbers without a country code. */
// Per-value caches of the standardizers (values repeat: names, companies, streets, places).
const nameMemo = memoize((key: string) => {
  const bar = key.indexOf('\u0001');
  return standardizeName(key.slice(0, bar), key.slice(bar + 1));
});
const companyMemo = memoize(standardizeCompany);
const streetMemo = memoize(standardizeStreet);
const placeMemo = memoize(standardizePlace);
const postcodeMemo = memoize((s: string) => fold(s).replace(/ /g, ''));
const countryMemo = memoize((s: string) => normalizeCountry(s) ?? fold(s), 2000);
const emailMemo = memoize(canonicalEmail);
const dateMemo = memoize(standardizeDate);

function addUnique(out: string[], v: string): void {
  if (v !== '' && !out.includes(v)) out.push(v);
}

/** Standardize a customer for matching. `defaultRegion` reads phone numbers without a country code. */
export function standardize(r: DedupInput, defaultRegion = ''): StdRecord {
  const country = countryMemo(r.country ?? '');
  const region = country.length === 2 ? country : defaultRegion;
  const emails: string[] = [];
  addUnique(emails, emailMemo(r.email ?? ''));
  for (const e of r.otherEmails ?? []) addUnique(emails, emailMemo(e));
  const phones: string[] = [];
  addUnique(phones, phoneKey(r.phone ?? '', region));
  for (const p of r.otherPhones ?? []) addUnique(phones, phoneKey(p, region));
  const street = streetMemo(r.street ?? '');
  const name = nameMemo(`${r.givenName ?? ''}\u0001${r.familyName ?? ''}`);
  return {
    given: name.given,
    family: name.family,
    givenFirst: name.givenFirst,
    hanzi: name.hanzi,
    hanGiven: name.hanGiven,
    hanFamily: name.hanFamily,
    cjk: name.cjk,
    emails,
    phones,
    company: companyMemo(r.company ?? ''),
    streetNumber: street.number,
    streetName: street.name,
    city: placeMemo(r.city ?? ''),
    postcode: postcodeMemo(r.postcode ?? ''),
    region: placeMemo(r.region ?? ''),
    country,
    birth: dateMemo(r.birthDate ?? ''),
  };
}
