// Postal addresses written the way each country writes them: where the postcode goes (before the
// city in Germany, after the state in the US, on a line of its own in the UK, first in China),
// and big-to-small order for addresses written in Chinese or Japanese script. Pure: the record's
// detail and anything that prints an address (exports, labels) call formatAddressLines.
import { isCjk } from './text';

export interface AddressParts {
  street: string;
  city: string;
  postcode: string;
  region: string;
  /** ISO 3166-1 alpha-2 or '' */
  country: string;
}

/**
 * Line templates, '\n' between lines: %A street, %C city, %S region (state, province, county),
 * %Z postcode. Literal text between two fields is written only when both are there; text before
 * the first field of a line (the 〒 mark) only when that field is there. Patterned on the formats
 * of Google's address data (libaddressinput), trimmed to the fields the record has.
 */
const POSTCODE_FIRST = '%A\n%Z %C\n%S';
const LATIN_FORMATS: Readonly<Record<string, string>> = {
  US: '%A\n%C, %S %Z',
  CA: '%A\n%C %S %Z',
  AU: '%A\n%C %S %Z',
  NZ: '%A\n%C %Z\n%S',
  GB: '%A\n%C\n%S\n%Z',
  IE: '%A\n%C\n%S\n%Z',
  IN: '%A\n%C %Z\n%S',
  BR: '%A\n%C-%S\n%Z',
  RU: '%A\n%C\n%S\n%Z',
  SG: '%A\n%C %Z',
  HK: '%A\n%C\n%S',
  CN: '%A\n%C\n%S, %Z',
  TW: '%A\n%C, %S %Z',
  JP: '%A, %C\n%S %Z',
  KR: '%A\n%C, %S %Z',
  IT: '%A\n%Z %C %S',
  ES: '%A\n%Z %C\n%S',
  MX: '%A\n%Z %C, %S',
};
/** Addresses written in Chinese characters or kana: largest unit first, no spaces between units. */
const LOCAL_SCRIPT_FORMATS: Readonly<Record<string, string>> = {
  CN: '%S%C%A\n%Z',
  TW: '%Z\n%S%C%A',
  HK: '%S%C%A',
  MO: '%S%C%A',
  JP: '〒%Z\n%S%C%A',
};

const TOKEN_RE = /%([ACSZ])/g;

function fillLine(template: string, values: Record<string, string>): string {
  let out = '';
  let pending = '';
  let any = false;
  let last = 0;
  for (const m of template.matchAll(TOKEN_RE)) {
    const literal = template.slice(last, m.index);
    last = m.index + m[0].length;
    pending += literal;
    const value = values[m[1] ?? ''] ?? '';
    if (value === '') {
      // A missing field takes its own prefix with it; the next field uses only its own separator.
      pending = '';
      continue;
    }
    // Before the line's first field only a non-separator prefix survives (〒), never ", ".
    out += any || /[^\s,-]/.test(pending) ? pending + value : value;
    any = true;
    pending = '';
  }
  return out.trim();
}

/** The address as lines in the country's order, without the country itself. Empty parts leave no gaps. */
export function formatAddressLines(a: AddressParts): string[] {
  const values = { A: a.street.trim(), C: a.city.trim(), S: a.region.trim(), Z: a.postcode.trim() };
  const country = a.country.trim().toUpperCase();
  const local = LOCAL_SCRIPT_FORMATS[country];
  const template =
    local && isCjkOrKana(`${values.A}${values.C}${values.S}`) ? local : (LATIN_FORMATS[country] ?? POSTCODE_FIRST);
  return template
    .split('\n')
    .map((line) => fillLine(line, values))
    .filter(Boolean);
}

function isCjkOrKana(s: string): boolean {
  return isCjk(s) || /[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(s);
}

/**
 * The address with the country's name (in the reader's language): last for Latin-script
 * addresses, first for addresses written big-to-small in Chinese or Japanese script.
 */
export function formatAddressWithCountry(a: AddressParts, countryName: string): string[] {
  const lines = formatAddressLines(a);
  if (!countryName) return lines;
  if (lines.length === 0) return [countryName];
  const local = LOCAL_SCRIPT_FORMATS[a.country.trim().toUpperCase()] !== undefined && isCjkOrKana(lines.join(''));
  return local ? [countryName, ...lines] : [...lines, countryName];
}
