// Text normalization shared by every domain module. Pure string functions, no locale state.

/** Full-width ASCII (U+FF01–U+FF5E) and the ideographic space (U+3000) → half-width ASCII. */
export function toHalfWidth(s: string): string {
  // Explicit rather than NFKC alone: callers such as names/emails must not get the other
  // NFKC rewrites (ligatures, superscripts …) where they only asked for half-width.
  return s.replace(/[\uFF01-\uFF5E\u3000]/g, (ch) =>
    ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
}

/**
 * Invisible format characters that have no place in a name, company, email or phone number:
 * zero-width space/joiners (U+200B–U+200D), word joiner and invisible operators (U+2060–U+2064),
 * the BOM (U+FEFF), the Mongolian vowel separator (U+180E), the soft hyphen (U+00AD), and the bidi
 * controls: marks (U+200E/F, U+061C), embeddings and overrides (U+202A–U+202E) and isolates
 * (U+2066–U+2069). Pasted from chats and spreadsheets they make "Ja\u200Bne" unfindable by "jane",
 * and an override makes "\u202Eevil" display as "live". The joiners go too although Persian and
 * Indic spellings use ZWNJ/ZWJ: in these fields a spoofed or unfindable record is the worse risk.
 */
const INVISIBLE_RE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/gu;

/** The text without the invisible format characters of INVISIBLE_RE. */
export function stripInvisible(s: string): string {
  return s.replace(INVISIBLE_RE, '');
}

/** True if the text holds an invisible format character (the quality screen flags these). */
export function hasInvisible(s: string): boolean {
  return s.search(INVISIBLE_RE) !== -1;
}

/**
 * The text with each invisible character shown as its code point ("Ja⟨U+200B⟩ne"), for screens that
 * must show such a value as it is stored (the quality screen) without it hiding or reordering text.
 */
export function revealInvisible(s: string): string {
  return s.replace(INVISIBLE_RE, (ch) => `⟨U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

/** NFKC, invisible characters removed, trim, and any whitespace run (incl. U+3000, NBSP) to one space. */
export function collapseSpaces(s: string): string {
  return stripInvisible(toHalfWidth(s.normalize('NFKC')))
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Cut to at most `max` UTF-16 units without splitting a surrogate pair. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const code = s.charCodeAt(max - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
  return s.slice(0, end);
}

// Letters NFD does not decompose into base + mark.
const LETTER_MAP: Record<string, string> = {
  ß: 'ss',
  ẞ: 'ss',
  ø: 'o',
  ł: 'l',
  æ: 'ae',
  œ: 'oe',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
};
const LETTER_RE = new RegExp(`[${Object.keys(LETTER_MAP).join('')}]`, 'gu');

// Only Latin/Greek/Cyrillic combining diacritics are stripped; Japanese voicing marks
// (U+3099/309A) and Indic vowel signs stay, they change the letter rather than accent it.
const DIACRITIC_RANGES: readonly (readonly [number, number])[] = [
  [0x0300, 0x036f],
  [0x1ab0, 0x1aff],
  [0x1dc0, 0x1dff],
  [0x20d0, 0x20ff],
  [0xfe20, 0xfe2f],
];
const stripDiacritic = (mark: string): string => {
  const cp = mark.codePointAt(0) ?? 0;
  return DIACRITIC_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi) ? '' : mark;
};
// Apostrophes vanish so "O'Brien", "O’Brien" and "obrien" all fold to "obrien".
const APOSTROPHES_RE = /['’‘ʼ`´]/g;

/**
 * Search/compare key for names, companies and free text: NFKC, lower case, no diacritics,
 * apostrophes removed, every other non-letter/non-digit (hyphen, dot, '&', '@' …) becomes a
 * space ("Jean-Luc" → "jean luc", "St. John" → "st john"), spaces collapsed. CJK is kept.
 * Emails are not folded with this (they have their own key, see email.ts/search.ts).
 */
export function fold(s: string): string {
  return toHalfWidth(stripInvisible(s).normalize('NFKC'))
    .toLowerCase()
    .replace(LETTER_RE, (ch) => LETTER_MAP[ch] ?? ch)
    .normalize('NFD')
    .replace(/\p{M}/gu, stripDiacritic)
    .normalize('NFC')
    .replace(APOSTROPHES_RE, '')
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .trim();
}

/** True if the string contains any Han (Chinese) character. */
export function isCjk(s: string): boolean {
  return /\p{Script=Han}/u.test(s);
}
