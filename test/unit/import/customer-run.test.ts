import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { openText } from '../../../workers/import/source';
import { ImportMatcher } from '../../../workers/import/matcher';
import { CustomerRun } from '../../../workers/import/customer-run';
import { validateImportRow } from '../../../workers/import/customers';
import { suggestMapping } from '../../../src/domain/import-mapping';
import type { CustomerImportRow, ImportPlan } from '../../../src/domain/import-plan';

const OPTS = { defaultRegion: 'CN', today: '2026-01-01' };

const FILE = [
  '姓名,手机,Email,国家,生日,Notes',
  '张伟,138 0013 8000,Zhang.Wei@Example.CN,中国,1990/5/17,',
  '欧阳娜娜,13912345678,,China,17.05.1991,=HYPERLINK("http://x")',
  'Jürgen Groß,+49 30 1234567,jurgen@EXAMPLE.de,Deutschland,,',
  ',13700000000,nobody@example.com,,,', // no name → rejected
  'Bad Phone,12,bad@,Atlantis,2999-01-01,', // four errors → rejected
  '张伟,13800138000,zhang.wei@example.cn,CN,1990-05-17,', // duplicate of row 1
  'Anna Berg,13600000000,anna@example.com,,,',
].join('\n');

function customerRows(plan: ImportPlan): CustomerImportRow[] {
  if (plan.kind !== 'customers') throw new Error('a customers plan was expected');
  return plan.rows;
}

async function runOf(text: string, stored: { id: string; record: object }[] = []): Promise<CustomerRun> {
  const src = openText(new TextEncoder().encode(text));
  const matcher = new ImportMatcher({ defaultRegion: OPTS.defaultRegion });
  matcher.addStored(stored);
  const run = new CustomerRun('c.csv', src.opened.headers, suggestMapping(src.opened.headers), OPTS, matcher);
  expect(await run.run(src)).toBe(true);
  return run;
}

describe('validateImportRow', () => {
  it('normalizes like the form: E.164 with the default region, lower-cased email domain, ISO country, split name, ISO date', () => {
    const v = validateImportRow(
      1,
      ['欧阳娜娜', '139 1234 5678', 'Nana@QQ.COM', '中国', '05.03.1991'],
      ['fullName', 'phone', 'email', 'country', 'birthDate'],
      OPTS,
    );
    expect(v.fields).toMatchObject({
      familyName: '欧阳',
      givenName: '娜娜',
      phone: '+8613912345678',
      email: 'Nana@qq.com',
      country: 'CN',
      birthDate: '1991-03-05',
      source: 'import',
    });
    expect(v.normalizations.sort()).toEqual([
      'countryIso',
      'dateIso',
      'emailDomainLowercased',
      'nameSplit',
      'phoneE164',
    ]);
  });

  it('stores a cell starting with = + - @ as text, with a warning', () => {
    const v = validateImportRow(1, ['Anna', '=1+1', '@SUM(A1)'], ['fullName', 'notes', 'company'], OPTS);
    expect(v.fields).toMatchObject({ notes: '=1+1', company: '@SUM(A1)' });
    expect(v.issues.filter((i) => i.key === 'import.warning.formulaAsText').map((i) => i.field)).toEqual([
      'notes',
      'company',
    ]);
  });

  it('rejects with one message per field, as the form does', () => {
    const v = validateImportRow(
      7,
      ['Bad Phone', '12', 'bad@', 'Atlantis'],
      ['fullName', 'phone', 'email', 'country'],
      OPTS,
    );
    expect(v.fields).toBeNull();
    expect(v.issues.map((i) => [i.row, i.field, i.key])).toEqual([
      [7, 'email', 'error.emailInvalid'],
      [7, 'country', 'error.countryUnknown'],
      [7, 'phone', 'error.phoneInvalid'],
    ]);
  });

  it('keeps an extra phone that is not valid in the notes instead of dropping it', () => {
    const v = validateImportRow(1, ['Anna', '13600000000', 'call Bob'], ['fullName', 'phone', 'phone'], OPTS);
    expect(v.fields?.notes).toBe('call Bob');
    expect(v.issues[0]?.key).toBe('import.warning.otherPhoneKeptInNotes');
  });
});

describe('CustomerRun', () => {
  it('counts rows, valid, warnings and rejected, and finds the in-file and stored duplicates', async () => {
    const run = await runOf(FILE, [
      {
        id: '0190aaaa-0000-7000-8000-000000000001',
        record: { givenName: 'Anna', familyName: 'Berg', email: 'anna@example.com', phone: '+8613600000000' },
      },
    ]);
    const r = run.report();
    expect(r).toMatchObject({ rows: 7, valid: 5, rejected: 2, withWarnings: 1, duplicates: { stored: 1, inFile: 1 } });
    expect(r.normalizations).toMatchObject({ phoneE164: 5, countryIso: 3, nameSplit: 5, formulaAsText: 1 });
    const dups = run.duplicatePage(0, 10);
    expect(dups.map((d) => [d.row, d.duplicateOfRow ?? d.customerId])).toEqual([
      [6, 1],
      [7, '0190aaaa-0000-7000-8000-000000000001'],
    ]);
    // The duplicates screen's explanation: a level and weight per field.
    expect(dups[1]?.fields.find((f) => f.field === 'email')).toMatchObject({ level: 'exact' });
    expect(dups[1]?.score).toBeGreaterThan(0.5);
  });

  it('gives the rejected rows as a CSV with the file columns and a reason, readable by the importer', async () => {
    const run = await runOf(FILE);
    const labels: Record<string, string> = { phone: 'Phone', 'error.phoneInvalid': 'not a phone number' };
    const csv = run.rejectedCsv((k) => labels[k] ?? k, '原因');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual(['姓名', '手机', 'Email', '国家', '生日', 'Notes', '原因']);
    expect(rows).toHaveLength(3);
    expect(rows[1]?.slice(0, 3)).toEqual(['', '13700000000', 'nobody@example.com']);
    expect(rows[2]?.[6]).toContain('Phone: not a phone number');
  });

  it('turns the duplicate choices into the plan: run choice, per-row override, in-file merge', async () => {
    const stored = [
      {
        id: '0190aaaa-0000-7000-8000-000000000001',
        record: { givenName: 'Anna', familyName: 'Berg', email: 'anna@example.com' },
      },
    ];
    const run = await runOf(FILE, stored);
    const skip = run.plan('imp1', { run: 'skip' });
    expect(skip).toMatchObject({
      importId: 'imp1',
      fileName: 'c.csv',
      kind: 'customers',
      totalRows: 7,
      rejectedRows: 2,
    });
    expect(customerRows(skip).map((r) => [r.row, r.action])).toEqual([
      [1, 'create'],
      [2, 'create'],
      [3, 'create'],
    ]);
    const mixed = run.plan('imp2', { run: 'fill', overrides: { 7: 'create-and-review' } });
    expect(customerRows(mixed).map((r) => [r.row, r.action, r.match?.customerId ?? r.duplicateOfRow ?? null])).toEqual([
      [1, 'create', null],
      [2, 'create', null],
      [3, 'create', null],
      [7, 'create-and-review', '0190aaaa-0000-7000-8000-000000000001'],
    ]);
    const review = run.plan('imp3', { run: 'create-and-review' });
    expect(customerRows(review).find((r) => r.row === 6)).toMatchObject({
      action: 'create-and-review',
      duplicateOfRow: 1,
    });
  });
});

describe('CustomerRun phases', () => {
  it('times each phase on the clock it is given, once per chunk, and gives parsing the rest', async () => {
    const src = openText(new TextEncoder().encode(FILE));
    const matcher = new ImportMatcher({ defaultRegion: OPTS.defaultRegion });
    // Every reading of the clock advances it by 1: each phase of the one chunk takes 1.
    let t = 0;
    const run = new CustomerRun(
      'c.csv',
      src.opened.headers,
      suggestMapping(src.opened.headers),
      OPTS,
      matcher,
      () => t++,
    );
    expect(await run.run(src)).toBe(true);
    const { phases } = run.report();
    expect({ ...phases, parse: undefined }).toEqual({
      parse: undefined,
      validate: 1,
      standardize: 1,
      matchStored: 1,
      matchInFile: 1,
      yield: 1,
    });
    // The clock is read 9 times (start, 5 for the chunk's four phases, 2 around the yield, end):
    // 8 in all, 5 of it in the phases above, the 3 gaps between them are parsing.
    expect(phases.parse).toBe(3);
    expect(run.report().duplicates.inFile).toBe(1);
  });
});
