// Countries as ISO 3166-1 alpha-2 codes; names come from Intl.DisplayNames, so no name tables ship.
import { getCountries } from 'libphonenumber-js/max';
import { fold } from './text';

// libphonenumber-js lists phone regions: drop AC/TA (ISO-reserved, parts of SH) and add the ISO
// territories without their own numbering plan. XK (Kosovo) is kept: user-assigned, but it is
// what the EU, banks and Intl use for Kosovo.
const NOT_ISO = new Set(['AC', 'TA']);
const NO_PHONE_PLAN = ['AQ', 'BV', 'GS', 'HM', 'PN', 'TF', 'UM'];

/** ISO 3166-1 alpha-2 codes (plus XK), sorted. */
export const COUNTRY_CODES: readonly string[] = Object.freeze(
  [...new Set([...getCountries().filter((c) => !NOT_ISO.has(c)), ...NO_PHONE_PLAN])].sort(),
);

// Names Intl doesn't produce (old, colloquial, alpha-3, Chinese short forms).
const ALIASES: Record<string, string> = {
  usa: 'US',
  america: 'US',
  'united states of america': 'US',
  'u s': 'US',
  'u s a': 'US',
  uk: 'GB',
  'u k': 'GB',
  britain: 'GB',
  'great britain': 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  gbr: 'GB',
  holland: 'NL',
  'the netherlands': 'NL',
  korea: 'KR',
  'republic of korea': 'KR',
  russia: 'RU',
  'russian federation': 'RU',
  'czech republic': 'CZ',
  turkey: 'TR',
  'ivory coast': 'CI',
  burma: 'MM',
  myanmar: 'MM',
  swaziland: 'SZ',
  macedonia: 'MK',
  vatican: 'VA',
  'hong kong': 'HK',
  macau: 'MO',
  macao: 'MO',
  uae: 'AE',
  prc: 'CN',
  "people's republic of china": 'CN',
  deutschland: 'DE',
  deu: 'DE',
  chn: 'CN',
  fra: 'FR',
  jpn: 'JP',
  aus: 'AU',
  can: 'CA',
  ita: 'IT',
  esp: 'ES',
  che: 'CH',
  aut: 'AT',
  nld: 'NL',
  香港: 'HK',
  中国香港: 'HK',
  中國香港: 'HK',
  澳门: 'MO',
  澳門: 'MO',
  中国澳门: 'MO',
  中國澳門: 'MO',
  台湾: 'TW',
  台灣: 'TW',
  中国台湾: 'TW',
  中國台灣: 'TW',
  中华人民共和国: 'CN',
  中國大陸: 'CN',
  中国大陆: 'CN',
  大陆: 'CN',
  美利坚合众国: 'US',
  英格兰: 'GB',
  大不列颠: 'GB',
  南韩: 'KR',
  北韩: 'KP',
  德意志: 'DE',
};

// Keys ignore case, accents, punctuation and spaces ("Côte d’Ivoire" = "cote divoire").
const keyOf = (s: string): string => fold(s).replace(/ /g, '');

let lookup: Map<string, string> | undefined;
const CODE_SET: ReadonlySet<string> = new Set(COUNTRY_CODES);

function buildLookup(): Map<string, string> {
  const map = new Map<string, string>();
  const add = (name: string | undefined, code: string): void => {
    const k = name ? keyOf(name) : '';
    if (k !== '' && !map.has(k)) map.set(k, code);
  };
  for (const code of COUNTRY_CODES) add(code, code);
  for (const [alias, code] of Object.entries(ALIASES)) add(alias, code);
  for (const locale of ['en', 'zh-CN', 'zh-TW']) {
    for (const style of ['long', 'short'] as const) {
      const names = new Intl.DisplayNames([locale], { type: 'region', style });
      for (const code of COUNTRY_CODES) add(names.of(code), code);
    }
  }
  return map;
}

/** '' → ''; a code, English or Chinese name (any case/accents) → alpha-2 code; null if unknown. */
export function normalizeCountry(raw: string): string | null {
  const trimmed = raw.trim();
  if (trimmed === '') return '';
  // Stored values are already codes: answer them without building the name table (a long task
  // when the first caller is a screen rendering scores).
  const upper = trimmed.toUpperCase();
  if (upper.length === 2 && CODE_SET.has(upper)) return upper;
  lookup ??= buildLookup();
  return lookup.get(keyOf(raw)) ?? null;
}

const displayNames = new Map<string, Intl.DisplayNames>();

/** Country name in a locale ("DE", "zh-CN" → "德国"); the code itself when Intl can't name it. */
export function countryName(code: string, locale: string): string {
  if (code === '') return '';
  try {
    let names = displayNames.get(locale);
    if (!names) {
      names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
      displayNames.set(locale, names);
    }
    return names.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}
