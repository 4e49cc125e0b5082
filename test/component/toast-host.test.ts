// A message the app shows by itself (the first visit's "ready to work offline") follows a language
// switch made while it is up; a message with fixed text stays as it was written.
import { afterEach, describe, expect, test } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import ToastHost from '../../src/features/shell/ToastHost.svelte';
import { i18n, t } from '../../src/i18n/i18n.svelte';
import { Toasts } from '../../src/state/toasts.svelte';

describe('ToastHost', () => {
  afterEach(async () => {
    await i18n.setLocale('en');
  });

  test('a toast given as a function is re-read in the new language', async () => {
    const toasts = new Toasts();
    render(ToastHost, { toasts });
    toasts.show(() => t('pwa.offlineReady'));
    toasts.show('Deleted Ana Lima.');
    await tick();
    expect(screen.getByText('Fieldbook is ready to work offline.')).toBeTruthy();

    await i18n.setLocale('zh-CN');
    await tick();
    expect(screen.getByText('Fieldbook 已可离线使用。')).toBeTruthy();
    expect(screen.queryByText('Fieldbook is ready to work offline.')).toBeNull();
    expect(screen.getByText('Deleted Ana Lima.')).toBeTruthy();
  });
});
