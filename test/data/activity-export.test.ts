// Paging orders, interactions and surveys for their export files (src/data/repos/activity-export.ts).
import { expect, test } from 'vitest';
import { addInteraction, addOrder } from '../../src/data/repos/activity';
import { pageActivity, type ActivityPage } from '../../src/data/repos/activity-export';
import { createCustomer } from '../../src/data/repos/customers';
import { customerFields, interactionFields, meta, orderFields } from '../factories/customer';
import { openTestDb } from './setup';

test('every order is read once, page by page, in id order; other kinds apart', async () => {
  const db = await openTestDb();
  const c = await createCustomer(db, customerFields({ givenName: 'Olga' }), meta(0));
  for (let i = 0; i < 7; i++) await addOrder(db, orderFields(c.id), meta(i + 1));
  await addInteraction(db, interactionFields(c.id), meta(9));
  const seen: string[] = [];
  let after: string | null = '';
  let pages = 0;
  while (after !== null) {
    const page: ActivityPage<'orders'> = await pageActivity(db, 'orders', after, 3);
    seen.push(...page.rows.map((r) => r.id));
    after = page.next;
    pages++;
  }
  expect(pages).toBe(3);
  expect(seen).toEqual([...seen].sort());
  expect(new Set(seen).size).toBe(7);
  expect((await pageActivity(db, 'interactions', '', 10)).rows).toHaveLength(1);
  expect((await pageActivity(db, 'surveys', '', 10)).rows).toEqual([]);
});
