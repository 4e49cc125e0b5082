// Phone numbers via libphonenumber-js with the "max" metadata: only it checks the national
// number patterns (mobile vs fixed ranges), so isValid() rejects numbers that merely look right.
import { getCountries, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { toHalfWidth } from './text';

const SUPPORTED = new Set<string>(getCountries());

function asCountry(region: string): CountryCode | undefined {
  const r = region.trim().toUpperCase();
  return SUPPORTED.has(r) ? (r as CountryCode) : undefined;
}

/** Keep ASCII digits only (full-width digits count). */
export function digitsOnly(s: string): string {
  return toHalfWidth(s).replace(/[^0-9]/g, '');
}

/**
 * '' → both ''. Otherwise parse with the default region (ISO alpha-2; numbers starting with '+'
 * or the region's international prefix such as "00" are parsed as international) and require a
 * valid number. national = national significant number digits. null when invalid.
 */
export function normalizePhone(raw: string, defaultRegion: string): { e164: string; national: string } | null {
  const s = toHalfWidth(raw.normalize('NFKC')).trim();
  if (s === '') return { e164: '', national: '' };
  const n = parsePhoneNumberFromString(s, { defaultCountry: asCountry(defaultRegion) });
  if (!n?.isValid()) return null;
  return { e164: n.number, national: n.nationalNumber };
}

// Formatting parses the number with full metadata (~20 µs); list rows format the same numbers on
// every render, so results are remembered (bounded; the output depends only on the input).
const formatted = new Map<string, string>();
const FORMAT_CACHE_MAX = 5000;

/** Display form of a stored E.164 number; the input unchanged when it can't be parsed. */
export function formatPhone(e164: string, style: 'international' | 'national' = 'international'): string {
  const key = `${style}|${e164}`;
  const hit = formatted.get(key);
  if (hit !== undefined) return hit;
  const n = e164 === '' ? undefined : parsePhoneNumberFromString(e164);
  const out = !n ? e164 : style === 'national' ? n.formatNational() : n.formatInternational();
  if (formatted.size >= FORMAT_CACHE_MAX) formatted.clear();
  formatted.set(key, out);
  return out;
}

/** National significant number of a stored E.164 number ('' when unparsable). */
export function nationalNumberOf(e164: string): string {
  return (e164 === '' ? undefined : parsePhoneNumberFromString(e164))?.nationalNumber ?? '';
}
