// Small display helpers shared by the Insights views (plain functions; strings via i18n).
import { formatMoney } from '../../domain/money';
import { i18n, t } from '../../i18n/i18n.svelte';
import type { CorrelationReading } from '../../../workers/stats/contract';

export function money(minor: number | null, currency: string): string {
  if (minor === null || !currency) return t('insights.none');
  return formatMoney(Math.round(minor), currency, i18n.locale);
}

// One formatter per locale and precision: a table of figures formats hundreds of numbers in one render.
const numberFormats = new Map<string, Intl.NumberFormat>();

export function num(n: number | null, digits = 0): string {
  if (n === null || !Number.isFinite(n)) return t('insights.none');
  const key = `${i18n.locale}|${digits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(i18n.locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    numberFormats.set(key, f);
  }
  return f.format(n);
}

export function percent(share: number | null): string {
  if (share === null) return t('insights.none');
  return new Intl.NumberFormat(i18n.locale, { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

/** r to two decimals ("0.87", "−0.12"), or a dash. */
export function r2(r: number | null): string {
  return r === null ? t('insights.none') : num(r, 2);
}

/** The reading of a spend–satisfaction correlation in words. */
export function readingText(reading: CorrelationReading): string {
  if (reading.insufficient) return t('insights.reading.insufficient');
  if (reading.noVariation) return t('insights.reading.noVariation');
  if (reading.strength === 'none' || reading.direction === 'none') return t('insights.reading.none');
  return t('insights.reading.text', {
    strength: t(`insights.reading.${reading.strength}`),
    direction: t(`insights.reading.${reading.direction}`),
    explain: t(
      reading.direction === 'positive' ? 'insights.reading.explainPositive' : 'insights.reading.explainNegative',
    ),
  });
}
