// The NPS kiosk's event pseudo-customer holds anonymous answers so they count in NPS, but it is
// not a customer: the list, its count, search and the tag filter leave it out.
import { describe, expect, test } from 'vitest';
import { startTagIndex } from '../../src/data/derived/tag-index';
import {
  countCustomers,
  createCustomer,
  distinctTags,
  pageCustomers,
  searchCustomers,
} from '../../src/data/repos/customers';
import { KIOSK_TAG } from '../../src/domain/kiosk';
import { customerFields, meta } from '../factories/customer';
import { openTestDb } from './setup';

describe('event pseudo-customer', () => {
  test('is not in the list, the count, search or the tag filter', async () => {
    const db = await openTestDb();
    const indexer = startTagIndex(db);
    const anna = await createCustomer(db, customerFields({ familyName: 'Expo', tags: ['vip'] }), meta(0));
    await createCustomer(
      db,
      customerFields({ givenName: '', familyName: 'Expo 2026', tags: [KIOSK_TAG], source: 'kiosk' }),
      meta(1),
    );
    await indexer.idle();
    expect((await pageCustomers(db, { sort: 'name' })).rows.map((c) => c.id)).toEqual([anna.id]);
    expect((await pageCustomers(db, { sort: 'recent' })).rows.map((c) => c.id)).toEqual([anna.id]);
    expect(await countCustomers(db)).toBe(1);
    expect((await searchCustomers(db, 'expo', { sort: 'name' })).map((c) => c.id)).toEqual([anna.id]);
    expect(await distinctTags(db)).toEqual(['vip']);
    indexer.stop();
  });
});
