// A customer's preferred language: a BCP 47 tag ('en', 'zh-CN', 'de' …) or ''. The form offers the
// common ones by their own names and always keeps a stored tag it does not list (demo data and
// imports bring others), so editing a record never changes its language unasked.

/** Offered in the form, in this order. */
export const COMMON_LANGUAGES: readonly string[] = ['zh-CN', 'en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'ja', 'ko'];

/** The choices for a record whose language is `current`: the common ones, plus `current` if it is another. */
export function languageChoices(current: string): string[] {
  const c = current.trim();
  return c === '' || COMMON_LANGUAGES.includes(c) ? [...COMMON_LANGUAGES] : [c, ...COMMON_LANGUAGES];
}

/** The language's name in `locale` ('' → ''); the tag itself when the browser cannot name it. */
export function languageName(tag: string, locale: string): string {
  if (tag.trim() === '') return '';
  try {
    return new Intl.DisplayNames([locale], { type: 'language', fallback: 'code' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}
