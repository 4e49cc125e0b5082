// Person names: Chinese family/given splitting, light clean-up of typed names, display and search keys.
import { pinyinOf } from './pinyin';
import { clip, collapseSpaces, fold, isCjk } from './text';

/** Two-character Chinese surnames (simplified and traditional forms). */
export const CHINESE_COMPOUND_SURNAMES: readonly string[] = [
  '欧阳',
  '歐陽',
  '司马',
  '司馬',
  '上官',
  '诸葛',
  '諸葛',
  '东方',
  '東方',
  '皇甫',
  '尉迟',
  '尉遲',
  '公孙',
  '公孫',
  '慕容',
  '长孙',
  '長孫',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '軒轅',
  '令狐',
  '钟离',
  '鍾離',
  '鐘離',
  '端木',
  '呼延',
  '南宫',
  '南宮',
  '独孤',
  '獨孤',
  '西门',
  '西門',
  '万俟',
  '萬俟',
  '闻人',
  '聞人',
  '澹台',
  '公冶',
  '太史',
  '申屠',
  '赫连',
  '赫連',
  '拓跋',
  '百里',
  '东郭',
  '東郭',
  '司空',
  '司寇',
  '濮阳',
  '濮陽',
  '淳于',
  '单于',
  '單于',
  '宗政',
  '公羊',
  '仲孙',
  '仲孫',
  '巫马',
  '巫馬',
  '公西',
  '漆雕',
  '乐正',
  '樂正',
  '壤驷',
  '壤駟',
  '公良',
  '梁丘',
  '左丘',
  '谷梁',
  '穀梁',
  '第五',
  '羊舌',
  '微生',
  '梁丘',
  '亓官',
  '段干',
  '段幹',
  '子车',
  '子車',
  '颛孙',
  '顓孫',
  '鲜于',
  '鮮于',
  '闾丘',
  '閭丘',
  '东门',
  '東門',
  '南门',
  '南門',
  '公门',
  '呼衍',
  '胡母',
  '母丘',
  '纳兰',
  '納蘭',
  '完颜',
  '完顏',
  '爱新觉罗',
  '愛新覺羅',
];
const COMPOUND = new Set(CHINESE_COMPOUND_SURNAMES);

const MIDDLE_DOT_RE = /\s*[·・•‧∙⋅]\s*/g;

/**
 * Split a whole Chinese name typed into one field.
 * - Separated by spaces ("张 伟", "欧阳 娜娜"): the first part is the family name.
 * - Middle dot ("约翰·史密斯"): a transliterated or minority name that has no Chinese-order
 *   family/given split; it is kept whole in familyName (dot normalized to U+00B7).
 * - Otherwise a known compound surname takes two characters, any other surname one.
 * - A single character (or a bare compound surname) is a family name only: givenName ''.
 */
export function splitChineseName(full: string): { familyName: string; givenName: string } {
  const s = collapseSpaces(full);
  if (/[·・•‧∙⋅]/.test(s)) return { familyName: s.replace(MIDDLE_DOT_RE, '·'), givenName: '' };
  const parts = s.split(' ').filter(Boolean);
  if (parts.length > 1) return { familyName: parts[0] ?? '', givenName: parts.slice(1).join('') };
  const chars = Array.from(s);
  for (const len of [4, 2]) {
    // 4 covers 爱新觉罗; 3 is never a surname length.
    const head = chars.slice(0, len).join('');
    if (chars.length >= len && COMPOUND.has(head)) return { familyName: head, givenName: chars.slice(len).join('') };
  }
  return { familyName: chars.slice(0, 1).join(''), givenName: chars.slice(1).join('') };
}

const WHOLE_CHINESE_NAME_RE = /^\p{Script=Han}{2,4}$/u;

// Particles stay lower case inside a re-cased name ("LUDWIG VAN BEETHOVEN" → "Ludwig van
// Beethoven"); the first word is always capitalized.
const PARTICLES = new Set([
  'van',
  'von',
  'der',
  'den',
  'de',
  'del',
  'della',
  'da',
  'di',
  'du',
  'la',
  'le',
  'dos',
  'das',
  'do',
  'ten',
  'ter',
  'zu',
  'bin',
  'binti',
  'al',
]);

function titleCase(s: string): string {
  return s
    .toLowerCase()
    .split(' ')
    .map((word, i) => {
      if (i > 0 && PARTICLES.has(word)) return word;
      // Capitalize after start, hyphen, or a one-letter prefix apostrophe (O'Brien, D'Angelo).
      return word.replace(/(^|-|(?<=^\p{L})['’])(\p{L})/gu, (_m, pre: string, ch: string) => pre + ch.toUpperCase());
    })
    .join(' ');
}

/**
 * Re-case a Latin name typed ALL CAPS (more than one cased letter): caps lock and old systems'
 * exports, never meant. A name typed in lower case is kept as typed: people write their names so
 * on purpose ("bell hooks", "de la cruz"), and "mcdonald" → "Mcdonald" only made it wrong.
 */
function fixCase(s: string): string {
  const upper = (s.match(/\p{Lu}/gu) ?? []).length;
  const lower = (s.match(/\p{Ll}/gu) ?? []).length;
  if (upper <= 1 || lower > 0) return s;
  if (!/\p{Script=Latin}/u.test(s)) return s;
  return titleCase(s);
}

/**
 * Clean up typed names: NFKC/half-width, collapse spaces, split a whole Chinese name typed into
 * a single field, and re-case Latin names typed all caps ("JOHN" → "John"). Lower-case and
 * mixed-case input is kept as typed.
 */
export function normalizeNames(givenName: string, familyName: string): { givenName: string; familyName: string } {
  const given = collapseSpaces(givenName);
  const family = collapseSpaces(familyName);
  const only = given === '' ? family : family === '' ? given : '';
  if (only !== '' && WHOLE_CHINESE_NAME_RE.test(only.replace(/ /g, ''))) {
    const split = splitChineseName(only);
    return { givenName: split.givenName, familyName: split.familyName };
  }
  return { givenName: fixCase(given), familyName: fixCase(family) };
}

/** Name for lists and headers: CJK family-first without a space ("张伟"), else "given family". */
export function displayName(c: { givenName: string; familyName: string }): string {
  const given = c.givenName.trim();
  const family = c.familyName.trim();
  const parts = [given, family].filter(Boolean);
  if (parts.length > 0 && parts.every(isCjk) && !parts.some((p) => /\p{Script=Latin}/u.test(p))) return family + given;
  return parts.join(' ');
}

export const KEY_MAX = 200;

/** Pinyin syllables (no tones, ü as "v" the way people type it) and non-Han runs of one name part. */
function pinyinItems(part: string, surname: boolean): string[] {
  if (part === '') return [];
  return pinyinOf(part, {
    toneType: 'none',
    type: 'array',
    v: true,
    nonZh: 'consecutive',
    surname: surname ? 'all' : 'off',
  }).filter((x) => x.trim() !== '');
}

/**
 * Search/sort keys of a name (see CustomerSearchKeys). CJK names use pinyin with each name part's
 * syllables joined: 欧阳娜娜 → nameKey "ouyang nana", nameRevKey "nana ouyang", initials "oynn".
 * The family part is read in surname mode (单 → shan, 曾 → zeng). A CJK name needs the pinyin
 * dictionaries loaded (`ensurePinyin`, domain/pinyin.ts); without them this throws.
 */
export function nameKeys(
  givenName: string,
  familyName: string,
): { nameKey: string; nameRevKey: string; hanziKey: string; initialsKey: string } {
  if (!isCjk(givenName + familyName)) {
    return {
      nameKey: clip(fold(`${familyName} ${givenName}`), KEY_MAX),
      nameRevKey: clip(fold(`${givenName} ${familyName}`), KEY_MAX),
      hanziKey: '',
      initialsKey: '',
    };
  }
  const fam = pinyinItems(familyName, true);
  const giv = pinyinItems(givenName, false);
  const famKey = fold(fam.join(''));
  const givKey = fold(giv.join(''));
  const hanOnly = (s: string): string => (s.match(/\p{Script=Han}/gu) ?? []).join('');
  // Only Han characters contribute initials (one pinyin syllable each).
  const initials = (part: string, surname: boolean): string =>
    pinyinItems(hanOnly(part), surname)
      .map((x) => x.charAt(0))
      .join('');
  return {
    nameKey: clip([famKey, givKey].filter(Boolean).join(' '), KEY_MAX),
    nameRevKey: clip([givKey, famKey].filter(Boolean).join(' '), KEY_MAX),
    hanziKey: clip(hanOnly(familyName) + hanOnly(givenName), KEY_MAX),
    initialsKey: clip(fold(initials(familyName, true) + initials(givenName, false)), KEY_MAX),
  };
}
