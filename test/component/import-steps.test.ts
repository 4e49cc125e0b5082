// The import wizard's steps as the user reads them, rendered from the wizard's state (the file as
// the import worker read it); the worker itself is not started here.
import { afterEach, describe, expect, test } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import MappingStep from '../../src/features/import/MappingStep.svelte';
import { ImportWizardState } from '../../src/state/import-wizard.svelte';
import type { FieldbookDatabase } from '../../src/data/db/database';
import type { OpenResult } from '../../workers/import/contract';
import { i18n } from '../../src/i18n/i18n.svelte';
import { rejectedFileName } from '../../src/features/import/rejected-file';

/** A wizard with a file open as the worker describes it (no database is read before validation). */
function wizardWith(opened: Partial<OpenResult>): ImportWizardState {
  const wizard = new ImportWizardState(null as unknown as FieldbookDatabase, 'CN', () => 'CNY');
  wizard.opened = {
    ok: true,
    fileName: 'unicode.txt',
    kind: 'text',
    encoding: 'utf-16le',
    delimiter: '\t',
    sheets: [],
    sheet: null,
    headerRow: 0,
    hasHeader: true,
    headers: ['Name', 'Mobile'],
    preview: [['Li Lei', '+86 139 0000 1234']],
    suggested: ['fullName', 'phone'],
    suggestedOrders: ['ignore', 'customerPhone'],
    signature: 'name|mobile',
    ...opened,
  };
  wizard.mapping = [...wizard.opened.suggested];
  wizard.step = 'map';
  return wizard;
}

describe('MappingStep', () => {
  afterEach(async () => {
    await i18n.setLocale('en');
  });

  test('a tab-separated file says how it was read, the tab named in the user language', async () => {
    render(MappingStep, { wizard: wizardWith({}) });
    expect(screen.getByText('read as UTF-16LE, separated by “Tab”', { exact: false })).toBeTruthy();
    await i18n.setLocale('zh-CN');
    expect(await screen.findByText('按 UTF-16LE 读取，分隔符“制表符”', { exact: false })).toBeTruthy();
  });
});

describe('rejectedFileName', () => {
  test('the rejected rows are named after the file without its extension', () => {
    expect(rejectedFileName('kunden.csv')).toBe('rejected-kunden.csv');
    expect(rejectedFileName('客户名单.xlsx')).toBe('rejected-客户名单.csv');
    expect(rejectedFileName('list.2024.tsv')).toBe('rejected-list.2024.csv');
    expect(rejectedFileName(undefined)).toBe('rejected-rows.csv');
  });
});
