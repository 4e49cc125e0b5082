// Device settings that are not customer data: kept in localStorage, read synchronously at start.
const REGION_KEY = 'fieldbook.defaultRegion';

function initialRegion(): string {
  const saved = globalThis.localStorage?.getItem(REGION_KEY);
  if (saved && /^[A-Z]{2}$/.test(saved)) return saved;
  // A sensible first guess from the browser's locale ("zh-CN" → CN, "en-GB" → GB), else US.
  const fromLocale = globalThis.navigator?.language?.split('-')[1]?.toUpperCase();
  return fromLocale && /^[A-Z]{2}$/.test(fromLocale) ? fromLocale : 'US';
}

export class Settings {
  defaultRegion = $state(initialRegion());

  setDefaultRegion(code: string): void {
    this.defaultRegion = code;
    globalThis.localStorage?.setItem(REGION_KEY, code);
  }
}
