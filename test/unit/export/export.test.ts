import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { customerFields, PEOPLE } from '../../factories/customer';
import {
  customerTable,
  dateTimeText,
  exportCustomersCsv,
  exportCustomersXlsx,
  type ExportCustomer,
} from '../../../workers/export/customers';
import { orderTable } from '../../../workers/export/activity';
import { openFile } from '../../../workers/import/source';
import { ImportMatcher } from '../../../workers/import/matcher';
import { CustomerRun } from '../../../workers/import/customer-run';
import { suggestMapping } from '../../../src/domain/import-mapping';
import type { CustomerFields, Order } from '../../../src/domain/types';

const T = Date.UTC(2026, 0, 15, 9, 30);
const CUSTOMERS: ExportCustomer[] = [
  PEOPLE.zhangWei,
  PEOPLE.ouyang,
  customerFields({
    givenName: 'Anna',
    familyName: 'Schmidt',
    email: 'anna.schmidt@example.de',
    phone: '+493012345678',
    otherPhones: ['+4915112345678'],
    otherEmails: ['anna@work.example'],
    company: '=Schmidt & Söhne, GmbH',
    jobTitle: 'Einkauf',
    street: 'Hauptstraße 1',
    city: 'Köln',
    postcode: '50667',
    region: 'NRW',
    country: 'DE',
    birthDate: '1980-02-29',
    tags: ['vip', 'Messe 2025'],
    notes: '- call back\n"urgent", she said',
    source: 'import',
  }),
  customerFields({ givenName: 'Bob', familyName: "O'Brien", phone: '+14169082609', country: 'CA', source: 'import' }),
].map((f, i) => ({
  ...f,
  source: 'import',
  id: `0190aaaa-0000-7000-8000-00000000000${i}`,
  createdAt: T,
  updatedAt: T + i,
}));

/** What an import of the export gives back: the customers' stored fields. */
async function reimport(name: string, bytes: ArrayBuffer): Promise<CustomerFields[]> {
  const src = await openFile(name, bytes);
  const run = new CustomerRun(
    name,
    src.opened.headers,
    suggestMapping(src.opened.headers),
    { defaultRegion: 'US', today: '2026-02-01' },
    new ImportMatcher({ defaultRegion: 'US' }),
  );
  await run.run(src);
  expect(run.report()).toMatchObject({ rows: CUSTOMERS.length, rejected: 0 });
  const plan = run.plan('x', { run: 'create-and-review' });
  if (plan.kind !== 'customers') throw new Error('customers plan expected');
  return plan.rows.map((r) => r.fields);
}

const storedFields = (c: ExportCustomer): CustomerFields => {
  const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = c;
  return fields;
};

describe('customer export', () => {
  it('CSV: canonical columns first, then job title, other phones/emails, owner, dates, id; phones stay E.164', () => {
    const csv = exportCustomersCsv(CUSTOMERS, { owners: {} });
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [header, , , anna, bob] = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
    expect(header).toEqual([
      'givenName',
      'familyName',
      'email',
      'phone',
      'company',
      'street',
      'city',
      'postcode',
      'region',
      'country',
      'birthDate',
      'tags',
      'notes',
      'jobTitle',
      'otherPhones',
      'otherEmails',
      'owner',
      'createdAt',
      'updatedAt',
      'id',
    ]);
    expect(anna?.[3]).toBe('+493012345678');
    expect(anna?.[4]).toBe("'=Schmidt & Söhne, GmbH");
    expect(anna?.[11]).toBe('vip;Messe 2025');
    expect(anna?.[12]).toBe('\'- call back\n"urgent", she said');
    expect(bob?.[3]).toBe('+14169082609');
  });

  it('round trip: CSV export → importer → the same customers', async () => {
    const csv = exportCustomersCsv(CUSTOMERS);
    const back = await reimport('export.csv', new TextEncoder().encode(csv).buffer);
    expect(back).toEqual(CUSTOMERS.map(storedFields));
  });

  it('round trip: .xlsx export (text cells) → importer → the same customers', async () => {
    const blob = await exportCustomersXlsx(CUSTOMERS);
    const back = await reimport('export.xlsx', await blob.arrayBuffer());
    expect(back).toEqual(CUSTOMERS.map(storedFields));
  });

  it('adds the measure columns when measures are given, with the churn risk of the Insights rule', () => {
    const measures = new Map([
      [
        CUSTOMERS[0]?.id ?? '',
        {
          id: CUSTOMERS[0]?.id ?? '',
          orderCount: 3,
          lastOrderAt: T,
          medianIntervalDays: 10,
          spend: [{ currency: 'CNY', totalMinor: 12345, orders: 3 }],
          surveyCount: 2,
          scoreSum: 17,
          lastScore: 9,
          lastInteractionAt: 0,
          quality: 0.8,
        },
      ],
    ]);
    // 35 days after the last of 3 orders 10 days apart: 3.5 intervals, past the rule's 2.
    const t = customerTable(CUSTOMERS, { measures, now: T + 35 * 86_400_000 });
    expect(t.columns.slice(-9)).toEqual([
      'orderCount',
      'totalSpend',
      'lastOrderAt',
      'surveyCount',
      'avgSatisfaction',
      'lastScore',
      'lastInteractionAt',
      'quality',
      'churnRisk',
    ]);
    expect(t.rows[0]?.slice(-9)).toEqual([
      3,
      'CNY 123.45',
      expect.stringMatching(/^2026-01-15 /),
      2,
      8.5,
      9,
      '',
      0.8,
      3.5,
    ]);
    expect(t.rows[1]?.slice(-9)).toEqual([null, null, null, null, null, null, null, null, null]);
    // 15 days on (1.5 intervals) is no risk yet; nor is any gap without a rhythm (fewer than 3 orders).
    expect(customerTable(CUSTOMERS, { measures, now: T + 15 * 86_400_000 }).rows[0]?.at(-1)).toBeNull();
    const two = new Map([...measures].map(([id, m]) => [id, { ...m, orderCount: 2 }]));
    expect(customerTable(CUSTOMERS, { measures: two, now: T + 350 * 86_400_000 }).rows[0]?.at(-1)).toBeNull();
  });
});

describe('orders export', () => {
  it('one line per item with money as decimals', () => {
    const order: Order = {
      id: 'o1',
      customerId: 'c1',
      orderedAt: T,
      status: 'paid',
      confirmedAt: T,
      deliveredAt: T,
      paidAt: T + 86_400_000,
      cancelledAt: 0,
      currency: 'JPY',
      totalMinor: 1500,
      items: [{ sku: 'A', name: 'Tea', qty: 3, unitPriceMinor: 500 }],
      createdAt: T,
      updatedAt: T,
      updatedBy: 'u',
    };
    expect(orderTable([order]).rows).toEqual([
      [
        'o1',
        'c1',
        expect.any(String),
        'paid',
        dateTimeText(T),
        dateTimeText(T),
        dateTimeText(T + 86_400_000),
        '',
        'JPY',
        'A',
        'Tea',
        3,
        '500',
        '1500',
        '1500',
      ],
    ]);
  });
});
