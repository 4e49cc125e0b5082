// Preferred language choices and names (src/domain/language.ts).
import { expect, test } from 'vitest';
import { COMMON_LANGUAGES, languageChoices, languageName } from '../../src/domain/language';

test('a stored language the form does not list is offered too, so an edit keeps it', () => {
  expect(languageChoices('')).toEqual(COMMON_LANGUAGES);
  expect(languageChoices('de')).toEqual(COMMON_LANGUAGES);
  expect(languageChoices('sv')).toEqual(['sv', ...COMMON_LANGUAGES]);
});

test('languages are named in the reader’s language, or by their own name', () => {
  expect(languageName('de', 'en')).toBe('German');
  expect(languageName('de', 'de')).toBe('Deutsch');
  expect(languageName('zh-CN', 'zh-CN')).toMatch(/中文/);
  expect(languageName('', 'en')).toBe('');
});
