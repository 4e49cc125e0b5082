// The demo generator's ordersPerCustomer option (for the Insights benchmark) leaves the default
// data unchanged and gives exactly that many orders per customer.
import { expect, test } from 'vitest';
import { generateDemoChunk } from '../../../src/domain/demo';

const base = { seed: 7, start: 0, count: 40, now: Date.UTC(2026, 5, 1) };

test('absent: same data as before; set: exactly n orders per customer, other rows unchanged', () => {
  const plain = generateDemoChunk(base);
  expect(generateDemoChunk({ ...base })).toEqual(plain);
  const ten = generateDemoChunk({ ...base, ordersPerCustomer: 10 });
  expect(ten.orders).toHaveLength(400);
  const per = new Map<string, number>();
  for (const o of ten.orders) per.set(o.customerId, (per.get(o.customerId) ?? 0) + 1);
  expect([...per.values()].every((n) => n === 10)).toBe(true);
  expect(new Set(ten.orders.map((o) => o.id)).size).toBe(400);
  expect(ten.customers).toEqual(plain.customers);
});
