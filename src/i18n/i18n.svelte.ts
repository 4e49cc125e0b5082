// The message lookup and the current locale. `t()` reads `locale` (a $state), so every template that
// calls it re-renders when the language changes. The choice persists in localStorage.
//
// Only the active language's catalogue is loaded: start.ts awaits `loadCatalogue(i18n.locale)`
// before it shows any text, and `setLocale` loads the other one before it switches, so `t()`
// never runs without the catalogue of the current locale (it throws if it does).
import type { MessageKey } from './en';

export type Locale = 'en' | 'zh-CN';
export const LOCALES: ReadonlyArray<{ code: Locale; label: string }> = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
];
type Catalogue = Record<MessageKey, string>;
const CATALOGUES: Partial<Record<Locale, Catalogue>> = {};
const LOADING: Partial<Record<Locale, Promise<void>>> = {};
const STORAGE_KEY = 'fieldbook.locale';

export function catalogueLoaded(locale: Locale): boolean {
  return CATALOGUES[locale] !== undefined;
}

/** Loads a language's catalogue once (each is a chunk of its own); a failed load may be retried. */
export function loadCatalogue(locale: Locale): Promise<void> {
  if (CATALOGUES[locale]) return Promise.resolve();
  LOADING[locale] ??= (locale === 'zh-CN' ? import('./zh-CN').then((m) => m.zhCN) : import('./en').then((m) => m.en))
    .then((catalogue) => {
      CATALOGUES[locale] = catalogue;
    })
    .catch((err: unknown) => {
      delete LOADING[locale];
      throw err;
    });
  return LOADING[locale];
}

function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return globalThis.navigator?.language?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

class I18n {
  locale = $state<Locale>(initialLocale());

  #switches = 0;

  /**
   * Switches once the language's catalogue is loaded (the UI never shows keys in between). Of two
   * quick switches the later one wins, even if its catalogue arrives first.
   */
  async setLocale(locale: Locale): Promise<void> {
    const n = ++this.#switches;
    await loadCatalogue(locale);
    if (n !== this.#switches) return;
    this.locale = locale;
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
    if (globalThis.document) document.documentElement.lang = locale;
  }

  t(key: MessageKey, params?: Record<string, string | number>): string {
    // A key with a `.one` variant uses it when params.count is exactly 1 ("1 customer").
    const one = `${key}.one` as MessageKey;
    const useOne = params?.count === 1 || params?.count === '1';
    const catalogue = CATALOGUES[this.locale];
    if (!catalogue) throw new Error(`the ${this.locale} catalogue is not loaded (loadCatalogue)`);
    const text = (useOne ? catalogue[one] : undefined) ?? catalogue[key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
  }

  /** Whether the current catalogue has `key` (labels looked up from data, e.g. a field name). */
  has(key: string): boolean {
    const catalogue = CATALOGUES[this.locale];
    return !!catalogue && Object.hasOwn(catalogue, key);
  }

  formatDate(ms: number, style: 'date' | 'dateTime' = 'date'): string {
    return new Intl.DateTimeFormat(
      this.locale,
      style === 'date' ? { dateStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'short' },
    ).format(ms);
  }

  formatNumber(n: number): string {
    return new Intl.NumberFormat(this.locale).format(n);
  }
}

export const i18n = new I18n();
export const t = (key: MessageKey, params?: Record<string, string | number>): string => i18n.t(key, params);
export type { MessageKey };
