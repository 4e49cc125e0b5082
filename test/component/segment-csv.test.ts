// The RFM segment export writes through the one CSV writer (src/domain/spreadsheet-cell.ts).
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { PEOPLE } from '../factories/customer';
import type { Customer } from '../../src/domain/types';
import { segmentCsv } from '../../src/features/insights/segment-csv';

describe('segment export', () => {
  it('writes phone numbers as E.164 without an apostrophe (SMS and campaign tools read them)', () => {
    const c = { ...PEOPLE.zhangWei, phone: '+14169082609', notes: '=cmd' } as unknown as Customer;
    const csv = segmentCsv(
      'atRisk',
      'EUR',
      [
        {
          id: 'x',
          r: 1,
          f: 2,
          m: 3,
          totalSpendMinor: 3000,
          orderCount: 2,
          recencyDays: 18,
          avgSatisfaction: 3,
          minMax: [0.5, -0.25],
          z: [-0.26, 0.78],
        },
      ],
      new Map([['x', c]]),
    );
    const row = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data[1] ?? [];
    expect(row[3]).toBe('+14169082609');
    expect(row[12]).toBe("'=cmd");
    expect(row).toContain('-0.26');
  });
});
