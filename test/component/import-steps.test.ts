// The import wizard's steps as the user reads them, rendered from the wizard's state (the file as
// the import worker read it); the worker itself is not started here.
import { afterEach, describe, expect, test } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import MappingStep from '../../src/features/import/MappingStep.svelte';
import FileStep from '../../src/features/import/FileStep.svelte';
import ReportStep from '../../src/features/import/ReportStep.svelte';
import { ImportWizardState } from '../../src/state/import-wizard.svelte';
import type { FieldbookDatabase } from '../../src/data/db/database';
import type { ImportReport, OpenResult } from '../../workers/import/contract';
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

describe('FileStep', () => {
  test('a refused file says why, its numbers formatted', () => {
    const wizard = new ImportWizardState(null as unknown as FieldbookDatabase, 'CN', () => 'CNY');
    wizard.error = { key: 'import.error.tooManyColumns', params: { columns: 2000, max: 500 } };
    render(FileStep, { wizard });
    expect(screen.getByRole('alert').textContent).toBe(
      'The file has 2,000 columns (at most 500): not a customer list.',
    );
  });
});

describe('ReportStep', () => {
  function report(overrides: Partial<ImportReport>): ImportReport {
    return {
      rows: 8,
      valid: 7,
      withWarnings: 2,
      rejected: 1,
      normalizations: {
        phoneE164: 6,
        emailDomainLowercased: 1,
        countryIso: 6,
        nameSplit: 7,
        nameCase: 0,
        dateIso: 2,
        formulaAsText: 1,
      },
      duplicates: { stored: 1, inFile: 1 },
      issueCount: 6,
      ms: 1,
      phases: { parse: 0, validate: 0, standardize: 0, matchStored: 0, matchInFile: 0, yield: 0 },
      ...overrides,
    };
  }

  test('the changes to be made read as counts in the singular and plural', () => {
    const wizard = wizardWith({});
    wizard.report = report({});
    render(ReportStep, { wizard, onCommit: () => {} });
    const changes = screen.getAllByRole('listitem').map((li) => li.textContent?.trim());
    expect(changes).toContain('6 phone numbers written in international form');
    expect(changes).toContain('1 email domain in lower case');
    expect(changes).toContain('1 row with cells that look like formulas, kept as text');
  });

  test('when more messages and duplicates exist than are listed, the report says how the rest are handled', () => {
    const wizard = wizardWith({});
    wizard.report = report({ issueCount: 250, duplicates: { stored: 180, inFile: 20 } });
    wizard.issues = Array.from({ length: 100 }, (_, i) => ({
      row: i + 1,
      field: 'email' as const,
      key: 'import.warning.noContact',
      level: 'warning' as const,
      value: '',
    }));
    render(ReportStep, { wizard, onCommit: () => {} });
    expect(screen.getByText('Messages (250)')).toBeTruthy();
    expect(
      screen.getByText('The first 100 are listed; the rejected rows’ CSV has the reasons of every rejected row.'),
    ).toBeTruthy();
  });
});
