// Device settings that are not customer data: kept in localStorage, read synchronously at start.
import { currencyForRegion } from '../domain/currency-default';
import { isKnownCurrency } from '../domain/money';

const REGION_KEY = 'fieldbook.defaultRegion';
const CURRENCY_KEY = 'fieldbook.defaultCurrency';

function initialRegion(): string {
  const saved = globalThis.localStorage?.getItem(REGION_KEY);
  if (saved && /^[A-Z]{2}$/.test(saved)) return saved;
  // A sensible first guess from the browser's locale ("zh-CN" → CN, "en-GB" → GB), else US.
  const fromLocale = globalThis.navigator?.language?.split('-')[1]?.toUpperCase();
  return fromLocale && /^[A-Z]{2}$/.test(fromLocale) ? fromLocale : 'US';
}

function initialCurrency(region: string): string {
  const saved = globalThis.localStorage?.getItem(CURRENCY_KEY);
  return saved && isKnownCurrency(saved) ? saved : currencyForRegion(region);
}

export class Settings {
  defaultRegion = $state(initialRegion());
  /** New orders start in this currency unless the customer's last order used another one. */
  defaultCurrency = $state(initialCurrency(this.defaultRegion));

  setDefaultCurrency(code: string): void {
    if (!isKnownCurrency(code)) return;
    this.defaultCurrency = code;
    globalThis.localStorage?.setItem(CURRENCY_KEY, code);
  }

  setDefaultRegion(code: string): void {
    this.defaultRegion = code;
    globalThis.localStorage?.setItem(REGION_KEY, code);
  }
}
