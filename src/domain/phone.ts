// Phone numbers via libphonenumber-js with the "max" metadata: only it checks the national
// number patterns (mobile vs fixed ranges), so isValid() rejects numbers that merely look right.
//
// The library with its metadata is ~50 kB gzip, and nothing needs it before the first rows of a
// first visit (an empty list; stored numbers are E.164 and only formatted for display), so it loads
// on first need: `ensurePhoneMetadata()` (idempotent) before parsing or formatting a non-empty
// number. The parsing and formatting functions below are synchronous and throw if nobody did.
import type * as PhoneLib from './phone-lib';
import { stripInvisible, toHalfWidth } from './text';

type Lib = typeof PhoneLib;
type CountryCode = PhoneLib.CountryCode;

let lib: Lib | undefined;
let supported: ReadonlySet<string> = new Set();
let loading: Promise<void> | undefined;

function install(l: Lib): void {
  lib = l;
  supported = new Set<string>(l.getCountries());
}

/** For code that imports libphonenumber-js statically anyway (the dedup worker, a bundle of its own). */
export function usePhoneLibrary(l: Lib): void {
  install(l);
  loading ??= Promise.resolve();
}

/** Loads libphonenumber-js once; later calls return the same promise (a failed load may be retried). */
export function ensurePhoneMetadata(): Promise<void> {
  loading ??= import('./phone-lib').then(install, (err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

/** True once `ensurePhoneMetadata()` has resolved. */
export function phoneMetadataReady(): boolean {
  return lib !== undefined;
}

/** Loads the metadata when one of these documents has a phone number. Resolves at once otherwise. */
export async function ensurePhoneFor(docs: Iterable<object>): Promise<void> {
  if (lib) return;
  for (const d of docs) {
    const { phone } = d as { phone?: unknown };
    if (typeof phone === 'string' && phone.trim() !== '') {
      await ensurePhoneMetadata();
      return;
    }
  }
}

export class PhoneMetadataNotLoadedError extends Error {
  constructor() {
    super('phone metadata not loaded: await ensurePhoneMetadata() before parsing or formatting a number');
    this.name = 'PhoneMetadataNotLoadedError';
  }
}

function loaded(): Lib {
  if (!lib) throw new PhoneMetadataNotLoadedError();
  return lib;
}

function asCountry(region: string): CountryCode | undefined {
  const r = region.trim().toUpperCase();
  return supported.has(r) ? (r as CountryCode) : undefined;
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
  const s = toHalfWidth(stripInvisible(raw).normalize('NFKC')).trim();
  if (s === '') return { e164: '', national: '' };
  const { parsePhoneNumberFromString } = loaded();
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
  const n = e164 === '' ? undefined : loaded().parsePhoneNumberFromString(e164);
  const out = !n ? e164 : style === 'national' ? n.formatNational() : n.formatInternational();
  if (formatted.size >= FORMAT_CACHE_MAX) formatted.clear();
  formatted.set(key, out);
  return out;
}

/** National significant number of a stored E.164 number ('' when unparsable). */
export function nationalNumberOf(e164: string): string {
  return (e164 === '' ? undefined : loaded().parsePhoneNumberFromString(e164))?.nationalNumber ?? '';
}

/** The region of a stored international number (+86 … → 'CN'); null when it can't be told. */
export function phoneCountryOf(e164: string): string | null {
  return (e164 === '' ? undefined : loaded().parsePhoneNumberFromString(e164))?.country ?? null;
}
