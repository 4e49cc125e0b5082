// The message lookup and the current locale. `t()` reads `locale` (a $state), so every template that
// calls it re-renders when the language changes. The choice persists in localStorage.
import { en, type MessageKey } from './en';
import { zhCN } from './zh-CN';

export type Locale = 'en' | 'zh-CN';
export const LOCALES: ReadonlyArray<{ code: Locale; label: string }> = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
];
const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };
const STORAGE_KEY = 'fieldbook.locale';

function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return globalThis.navigator?.language?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

class I18n {
  locale = $state<Locale>(initialLocale());

  setLocale(locale: Locale): void {
    this.locale = locale;
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
    if (globalThis.document) document.documentElement.lang = locale;
  }

  t(key: MessageKey, params?: Record<string, string | number>): string {
    // A key with a `.one` variant uses it when params.count is exactly 1 ("1 customer").
    const one = `${key}.one` as MessageKey;
    const useOne = params?.count === 1 || params?.count === '1';
    const text = (useOne ? CATALOGUES[this.locale][one] : undefined) ?? CATALOGUES[this.locale][key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
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
