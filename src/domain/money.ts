// Money is an integer amount of minor units (cents, fen…) plus an ISO 4217 currency code.
// Nothing here uses float arithmetic on amounts: parsing and formatting go through strings.

const CURRENCY_RE = /^[A-Z]{3}$/;
const digitsCache = new Map<string, number>();
const formatCache = new Map<string, Intl.NumberFormat>();

/** Upper-cases and trims a currency code; '' when it is not three ASCII letters. */
export function normalizeCurrency(raw: string): string {
  const code = raw.normalize('NFKC').trim().toUpperCase();
  return CURRENCY_RE.test(code) ? code : '';
}

/** True for a well-formed ISO 4217 code that the Intl implementation knows (when it can tell). */
export function isKnownCurrency(code: string): boolean {
  if (!CURRENCY_RE.test(code)) return false;
  const supported = supportedCurrencies();
  return supported === null || supported.has(code);
}

let supportedSet: Set<string> | null | undefined;
function supportedCurrencies(): Set<string> | null {
  if (supportedSet !== undefined) return supportedSet;
  try {
    const list = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : [];
    supportedSet = list.length > 0 ? new Set(list) : null;
  } catch {
    supportedSet = null;
  }
  return supportedSet;
}

/** Number of minor-unit digits for a currency (JPY 0, USD 2, KWD 3). Throws RangeError for a malformed code. */
export function currencyMinorDigits(currency: string): number {
  const code = normalizeCurrency(currency);
  if (!code) throw new RangeError(`Invalid currency code: ${currency}`);
  let digits = digitsCache.get(code);
  if (digits === undefined) {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(code, digits);
  }
  return digits;
}

const SYMBOLS = /^(?:US\$|CN¥|RMB|[¥$€£])\s*/i;
const TRAILING = /\s*(?:[¥$€£元])$/;

function stripCurrency(s: string, code: string): string {
  let out = s.replace(SYMBOLS, '').replace(TRAILING, '');
  const upper = out.toUpperCase();
  if (upper.startsWith(code)) out = out.slice(3).trimStart();
  else if (upper.endsWith(code)) out = out.slice(0, -3).trimEnd();
  return out.trim();
}

/**
 * Parses what a person typed as a price ('12', '12.5', '1,234.50', '¥ 12', '１２．５０', '12,50')
 * into integer minor units. Returns null for negatives, garbage, too many fraction digits for the
 * currency, an invalid currency, or amounts beyond Number.MAX_SAFE_INTEGER.
 *
 * Separators: '.' is the decimal point; ',' groups thousands ('1,234'); a single ',' followed by
 * one or two digits (and no '.') is read as a decimal comma ('12,5' → 12.50).
 */
export function parseMoney(raw: string, currency: string): number | null {
  let digits: number;
  try {
    digits = currencyMinorDigits(currency);
  } catch {
    return null;
  }
  let s = raw.normalize('NFKC').trim();
  // Full-width/ideographic punctuation that NFKC leaves alone.
  s = s.replace(/[、，]/g, ',').replace(/[。．]/g, '.');
  s = stripCurrency(s, normalizeCurrency(currency));
  if (s === '') return null;

  let intPart: string;
  let fracPart: string;
  const dot = s.indexOf('.');
  if (dot >= 0) {
    if (s.indexOf('.', dot + 1) >= 0) return null;
    intPart = s.slice(0, dot);
    fracPart = s.slice(dot + 1);
  } else if (/^\d+,\d{1,2}$/.test(s)) {
    const comma = s.indexOf(',');
    intPart = s.slice(0, comma);
    fracPart = s.slice(comma + 1);
  } else {
    intPart = s;
    fracPart = '';
  }

  if (intPart.includes(',')) {
    if (!/^\d{1,3}(?:,\d{3})+$/.test(intPart)) return null;
    intPart = intPart.replace(/,/g, '');
  }
  if (!/^\d*$/.test(intPart) || !/^\d*$/.test(fracPart)) return null;
  if (intPart === '' && fracPart === '') return null;
  if (fracPart.length > digits) return null;

  const text = (intPart + fracPart.padEnd(digits, '0')).replace(/^0+(?=\d)/, '');
  if (text.length > 16) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

/** Integer minor units → plain decimal string for form fields: (1250, 'EUR') → '12.50', (500, 'JPY') → '500'. */
export function minorToDecimalString(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`Not a safe integer amount: ${minor}`);
  const digits = currencyMinorDigits(currency);
  const negative = minor < 0;
  const abs = String(negative ? -minor : minor);
  if (digits === 0) return (negative ? '-' : '') + abs;
  const padded = abs.padStart(digits + 1, '0');
  const whole = padded.slice(0, padded.length - digits);
  const frac = padded.slice(padded.length - digits);
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

/** Localized currency display from integer minor units, exact (no float division). */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const code = normalizeCurrency(currency);
  const digits = currencyMinorDigits(code);
  const key = `${locale}|${code}`;
  let fmt = formatCache.get(key);
  if (!fmt) {
    fmt = new Intl.NumberFormat(locale || undefined, {
      style: 'currency',
      currency: code,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatCache.set(key, fmt);
  }
  // Intl.NumberFormat formats numeric strings exactly (ES2023); the string is a plain decimal.
  return fmt.format(minorToDecimalString(minor, code) as `${number}`);
}
