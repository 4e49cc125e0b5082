import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { rejectedIssuesCsv } from '../../../src/domain/rejected-issues';

describe('rejected order lines as CSV', () => {
  it('one line per message in row order, with the column, the value and the reason in words; formula cells neutralized', () => {
    const csv = rejectedIssuesCsv(
      [
        { row: 9, field: 'sku', key: 'import.order.unknownProduct', value: '=HYPERLINK("x")' },
        { row: 3, field: 'customer', key: 'import.order.noCustomer', value: 'zhang@example.cn' },
      ],
      { row: '行', column: '列', value: '值', reason: '原因' },
      (f) => ({ sku: 'SKU', customer: '客户' })[f] ?? f,
      (k) => ({ 'import.order.unknownProduct': '未知产品', 'import.order.noCustomer': '找不到客户' })[k] ?? k,
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data).toEqual([
      ['行', '列', '值', '原因'],
      ['3', '客户', 'zhang@example.cn', '找不到客户'],
      ['9', 'SKU', '\'=HYPERLINK("x")', '未知产品'],
    ]);
  });
});
