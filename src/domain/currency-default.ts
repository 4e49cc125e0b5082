// Which currency a new order starts in (orderCurrencyDefault) and a region's usual currency. Pure.
import { isKnownCurrency, normalizeCurrency } from './money';

/** Offered first in pickers; any other ISO 4217 code stays possible where it is already used. */
export const COMMON_CURRENCIES = ['EUR', 'USD', 'CNY', 'GBP', 'JPY', 'HKD', 'AUD', 'CAD', 'CHF', 'SGD'] as const;

const EURO_AREA = new Set('AT BE HR CY EE FI FR DE GR IE IT LV LT LU MT NL PT SK SI ES'.split(' '));
const BY_REGION: Record<string, string> = {
  CN: 'CNY',
  US: 'USD',
  GB: 'GBP',
  JP: 'JPY',
  HK: 'HKD',
  AU: 'AUD',
  CA: 'CAD',
  CH: 'CHF',
  SG: 'SGD',
  TW: 'TWD',
  KR: 'KRW',
  IN: 'INR',
};

/** A device's first default currency from its region (ISO 3166-1 alpha-2); EUR when unknown. */
export function currencyForRegion(region: string): string {
  const r = region.toUpperCase();
  if (EURO_AREA.has(r)) return 'EUR';
  return BY_REGION[r] ?? 'EUR';
}

/**
 * The currency a new order for a customer starts in, the first known of: the customer's last order's,
 * the device default the rep chose in Settings, the product catalogue's, the device region's.
 */
export function orderCurrencyDefault(choices: {
  lastOrder?: string | undefined;
  chosen?: string | undefined;
  catalogue?: string | undefined;
  region: string;
}): string {
  for (const c of [choices.lastOrder, choices.chosen, choices.catalogue]) {
    const code = normalizeCurrency(c ?? '');
    if (code && isKnownCurrency(code)) return code;
  }
  return currencyForRegion(choices.region);
}
