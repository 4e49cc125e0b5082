// Countries as ISO 3166-1 alpha-2 codes; names come from Intl.DisplayNames, so no name tables ship.
import { fold } from './text';

// The phone regions of libphonenumber-js without AC/TA (ISO-reserved, parts of SH), plus the ISO
// territories without their own numbering plan. XK (Kosovo) is kept: user-assigned, but it is
// what the EU, banks and Intl use for Kosovo. Written out rather than read from libphonenumber-js
// so that the country fields need none of its ~50 kB gzip metadata (loaded on first need,
// phone.ts); test/unit/country.test.ts checks that the list still matches the library.
const CODES = `
  AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE
  BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD
  CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
  DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF
  GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU
  ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
  KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME
  MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
  NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
  PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI
  SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK
  TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
  VN VU WF WS XK YE YT ZA ZM ZW
`;

/** ISO 3166-1 alpha-2 codes (plus XK), sorted. */
export const COUNTRY_CODES: readonly string[] = Object.freeze(CODES.trim().split(/\s+/));

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
