// Device settings that are not customer data: kept in localStorage, read synchronously at start.
import { currencyForRegion } from '../domain/currency-default';
import { isKnownCurrency } from '../domain/money';

const REGION_KEY = 'fieldbook.defaultRegion';
const PROFILE_NAME_KEY = 'fieldbook.profileName';
const CURRENCY_KEY = 'fieldbook.defaultCurrency';

function initialRegion(): string {
  const saved = globalThis.localStorage?.getItem(REGION_KEY);
  if (saved && /^[A-Z]{2}$/.test(saved)) return saved;
  // A sensible first guess from the browser's locale ("zh-CN" → CN, "en-GB" → GB), else US.
  const fromLocale = globalThis.navigator?.language?.split('-')[1]?.toUpperCase();
  return fromLocale && /^[A-Z]{2}$/.test(fromLocale) ? fromLocale : 'US';
}

function savedCurrency(): string {
  const saved = globalThis.localStorage?.getItem(CURRENCY_KEY);
  return saved && isKnownCurrency(saved) ? saved : '';
}

export class Settings {
  defaultRegion = $state(initialRegion());
  /** The local profile: the name of this device's user, shown for the owner id they write with. */
  profileName = $state(globalThis.localStorage?.getItem(PROFILE_NAME_KEY) ?? '');

  setProfileName(name: string): void {
    this.profileName = name.trim().slice(0, 100);
    if (this.profileName) globalThis.localStorage?.setItem(PROFILE_NAME_KEY, this.profileName);
    else globalThis.localStorage?.removeItem(PROFILE_NAME_KEY);
  }

  /** The default currency the rep chose on this device ('' until they choose one). */
  chosenCurrency = $state(savedCurrency());
  /** What Settings shows: the chosen one, else the region's (orders also look at the catalogue). */
  readonly defaultCurrency = $derived(this.chosenCurrency || currencyForRegion(this.defaultRegion));

  setDefaultCurrency(code: string): void {
    if (!isKnownCurrency(code)) return;
    this.chosenCurrency = code;
    globalThis.localStorage?.setItem(CURRENCY_KEY, code);
  }

  setDefaultRegion(code: string): void {
    this.defaultRegion = code;
    globalThis.localStorage?.setItem(REGION_KEY, code);
  }
}
