// "Remove demo data" deletes exactly what the demo loader created: demo customers and everything
// that hangs off them, and the demo products nobody edited. The rep's own records stay.
import { describe, expect, test } from 'vitest';
import { addOrder, addInteraction, createProduct, listProducts } from '../../src/data/repos/activity';
import { countCustomers, createCustomer } from '../../src/data/repos/customers';
import { loadDemoData } from '../../src/data/repos/demo';
import { removeDemoData } from '../../src/data/repos/demo-remove';
import { DEMO_PRODUCTS } from '../../src/domain/demo';
import { T0, customerFields, interactionFields, meta, orderFields, productFields } from '../factories/customer';
import { openTestDb } from './setup';

describe('removeDemoData', () => {
  test('removes the demo customers, their orders, interactions and surveys, and unedited demo products', async () => {
    const db = await openTestDb();
    const own = await createCustomer(db, customerFields({ givenName: 'Ada', familyName: 'Lovelace' }), meta());
    const ownOrder = await addOrder(db, orderFields(own.id), meta(1));
    await addInteraction(db, interactionFields(own.id), meta(2));
    await createProduct(db, productFields({ sku: 'OWN-1', name: 'Own product' }), meta(3));
    await loadDemoData(db, { count: 120, chunkSize: 40, seed: 7, now: T0, ownerId: 'rep-1' });
    // Loaded by a rep: theirs, so the server's rules let them remove it again.
    const demoCustomer = await db.customers.findOne({ selector: { source: 'demo' } }).exec();
    expect([demoCustomer?.ownerId, demoCustomer?.updatedBy]).toEqual(['rep-1', 'rep-1']);
    expect((await db.orders.find().exec()).every((o) => o.updatedBy === 'rep-1' || o.id === ownOrder.id)).toBe(true);
    // A rep edits one demo product: it is theirs now and stays.
    const edited = DEMO_PRODUCTS[0];
    if (!edited) throw new Error('demo products are empty');
    const product = await db.products.findOne({ selector: { sku: edited.sku } }).exec();
    await product?.incrementalPatch({ updatedBy: 'rep-1', updatedAt: T0 + 60_000, name: 'Renamed' });
    expect(await countCustomers(db)).toBe(121);

    const progress: number[] = [];
    const result = await removeDemoData(db, { pageSize: 50, onProgress: (n) => progress.push(n) });

    expect(result.customers).toBe(120);
    expect(result.related).toBeGreaterThan(0);
    expect(result.products).toBe(DEMO_PRODUCTS.length - 1);
    expect(progress.at(-1)).toBe(120);
    const customers = await db.customers.find().exec();
    expect(customers.map((c) => c.id)).toEqual([own.id]);
    expect((await db.orders.find().exec()).map((o) => o.id)).toEqual([ownOrder.id]);
    expect(await db.interactions.count().exec()).toBe(1);
    expect(await db.surveys.count().exec()).toBe(0);
    expect((await listProducts(db)).map((p) => p.sku).sort()).toEqual(['OWN-1', edited.sku].sort());
  });

  test('on a database without demo data it removes nothing', async () => {
    const db = await openTestDb();
    await createCustomer(db, customerFields(), meta());
    expect(await removeDemoData(db)).toEqual({ customers: 0, related: 0, products: 0 });
    expect(await countCustomers(db)).toBe(1);
  });
});
