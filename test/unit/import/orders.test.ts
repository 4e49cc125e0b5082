import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { buildOrders, ordersRejectedCsv, suggestOrderMapping } from '../../../workers/import/orders';
import { ensurePhoneMetadata } from '../../../src/domain/phone';

const CUSTOMERS = [
  { id: 'c-anna', email: 'anna@example.com', phone: '+8613600000000' },
  { id: 'c-wei', email: 'wei@example.cn', phone: '+8613800138000', otherPhones: ['+861012345678'] },
];
const PRODUCTS = [
  { sku: 'TEA-1', name: 'Green tea', priceMinor: 1250, currency: 'CNY' },
  { sku: 'CUP-2', name: 'Cup', priceMinor: 800, currency: 'CNY' },
];
const NOW = Date.UTC(2026, 0, 1);

function rowsOf(csv: string): { headers: string[]; rows: string[][] } {
  const [headers = [], ...rows] = Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;
  return { headers, rows };
}

describe('buildOrders', () => {
  it('finds the customer by email, phone or id, the product by SKU or name, and groups lines by order number', async () => {
    await ensurePhoneMetadata();
    const { headers, rows } = rowsOf(
      [
        '订单号,日期,邮箱,手机,客户编号,货号,产品,数量,单价,币种,状态',
        'A1,2024/3/5,anna@EXAMPLE.com,,,TEA-1,,2,,CNY,已付款',
        'A1,2024/3/5,anna@example.com,,,,Cup,1,9.50,CNY,已付款',
        'A2,05.03.2024,,138 0013 8000,,CUP-2,,3,,,',
        'A3,2024-03-06,,,c-wei,NEW-9,Teapot,1,"1,299.00",CNY,shipped',
        'A4,2024-03-06,ghost@example.com,,,TEA-1,,1,,CNY,paid',
      ].join('\n'),
    );
    const mapping = suggestOrderMapping(headers);
    expect(mapping).toEqual([
      'orderRef',
      'orderedAt',
      'customerEmail',
      'customerPhone',
      'customerId',
      'sku',
      'product',
      'quantity',
      'unitPrice',
      'currency',
      'status',
    ]);
    const r = buildOrders(rows, mapping, {
      customers: CUSTOMERS,
      products: PRODUCTS,
      defaultCurrency: 'CNY',
      defaultRegion: 'CN',
      now: NOW,
    });
    expect(
      r.orders.map((o) => [o.row, o.fields.customerId, o.fields.status, o.fields.totalMinor, o.fields.currency]),
    ).toEqual([
      [1, 'c-anna', 'paid', 2 * 1250 + 950, 'CNY'],
      [3, 'c-wei', 'paid', 3 * 800, 'CNY'],
      [4, 'c-wei', 'delivered', 129900, 'CNY'],
    ]);
    expect(r.orders[0]?.fields.items).toEqual([
      { sku: 'TEA-1', name: 'Green tea', qty: 2, unitPriceMinor: 1250 },
      { sku: 'CUP-2', name: 'Cup', qty: 1, unitPriceMinor: 950 },
    ]);
    expect(r.orders[2]?.fields.items[0]).toEqual({ sku: 'NEW-9', name: 'Teapot', qty: 1, unitPriceMinor: 129900 });
    expect(new Date(r.orders[0]?.fields.orderedAt ?? 0).getDate()).toBe(5);
    expect(r.rejectedRows).toBe(1);
    expect(r.issues).toEqual([
      { row: 5, field: 'customer', key: 'import.error.customerNotFound', value: 'ghost@example.com' },
    ]);
  });

  it('reports a bad quantity or price on its line', async () => {
    await ensurePhoneMetadata();
    const r = buildOrders(
      [['anna@example.com', 'TEA-1', 'two', '']],
      ['customerEmail', 'sku', 'quantity', 'unitPrice'],
      {
        customers: CUSTOMERS,
        products: PRODUCTS,
        defaultCurrency: 'CNY',
        defaultRegion: 'CN',
        now: NOW,
      },
    );
    expect(r.orders).toEqual([]);
    expect(r.issues).toEqual([{ row: 1, field: 'quantity', key: 'error.quantityInvalid', value: 'two' }]);
  });

  it('writes the rejected lines back with their own cells and a reason column: every line of a rejected order, in file order', async () => {
    await ensurePhoneMetadata();
    const { headers, rows } = rowsOf(
      [
        '订单号,邮箱,货号,数量,单价,币种',
        'A1,ghost@example.com,TEA-1,1,,CNY',
        'A2,anna@example.com,TEA-1,2,,CNY',
        'A3,anna@example.com,TEA-1,two,,CNY',
        'A1,ghost@example.com,=HYPERLINK("x"),1,,CNY',
        'A3,anna@example.com,CUP-2,1,,CNY',
      ].join('\n'),
    );
    const r = buildOrders(rows, suggestOrderMapping(headers), {
      customers: CUSTOMERS,
      products: PRODUCTS,
      defaultCurrency: 'CNY',
      defaultRegion: 'CN',
      now: NOW,
    });
    expect(r.orders.map((o) => o.row)).toEqual([2]);
    expect(r.rejectedRows).toBe(4);
    const labels: Record<string, string> = {
      customer: '客户',
      quantity: '数量',
      'import.error.customerNotFound': '找不到客户',
      'error.quantityInvalid': '数量无效',
    };
    const csv = ordersRejectedCsv(headers, rows, r, (k) => labels[k] ?? k, '原因');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    // The file's own columns: fixed in a spreadsheet, it goes back into the wizard as it is.
    expect(Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data).toEqual([
      ['订单号', '邮箱', '货号', '数量', '单价', '币种', '原因'],
      ['A1', 'ghost@example.com', 'TEA-1', '1', '', 'CNY', '客户: 找不到客户'],
      ['A3', 'anna@example.com', 'TEA-1', 'two', '', 'CNY', '数量: 数量无效'],
      ['A1', 'ghost@example.com', '\'=HYPERLINK("x")', '1', '', 'CNY', '客户: 找不到客户'],
      ['A3', 'anna@example.com', 'CUP-2', '1', '', 'CNY', '数量: 数量无效'],
    ]);
  });
});
