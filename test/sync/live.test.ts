// Live changes of every replicated database reach the other device while the customers feed is
// quiet. The devices use a long poll timeout (60 s): a design that only noticed other databases
// when the customers long-poll ends (as this one did) would deliver them after about a minute, far
// beyond these waits. How fast they arrive is a
// benchmark figure (test/bench/sync.run.ts), not asserted here.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SyncServer } from '../../scripts/sync-server.mjs';
import { SERVERS } from './servers';
import type { SyncUser } from '../../scripts/sync-setup.mjs';
import type { FieldbookCollections } from '../../src/data/db/database';
import { addInteraction, addOrder, addSurvey, createProduct } from '../../src/data/repos/activity';
import { createCustomer } from '../../src/data/repos/customers';
import { customerFields, interactionFields, orderFields, productFields, surveyFields } from '../factories/customer';
import { device, eventually, FAST, startSync, statusWhere, type Device } from './devices';

describe.each(SERVERS)('on $name', (target) => {
  let server: SyncServer;
  const user = (name: string): SyncUser => {
    const u = server.users.find((x) => x.name === name);
    if (!u) throw new Error(`no demo user ${name}`);
    return u;
  };
  const open: Device[] = [];
  /** Long enough that only a long-poll of the database itself (or the slow check) can explain arrival. */
  const QUIET = { ...FAST, pollTimeout: 60_000 };
  /** Well under QUIET.pollTimeout: "arrives at all", generous for a loaded machine. */
  const ARRIVES = 25_000;

  async function pair(only: ReadonlyArray<keyof FieldbookCollections>, options = QUIET): Promise<[Device, Device]> {
    const a = await device(server.url, user('rep'), only, options);
    const b = await device(server.url, user('admin'), only, options);
    open.push(a, b);
    await startSync(a, server.url);
    await startSync(b, server.url);
    await statusWhere(a, (s) => s.phase === 'up-to-date', 'A up to date');
    await statusWhere(b, (s) => s.phase === 'up-to-date', 'B up to date');
    return [a, b];
  }

  beforeAll(async () => {
    server = await target.start();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((d) => d.close()));
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe('live changes of every database', () => {
    it('an order, a visit and a survey made on A reach B while the customers feed is quiet', async () => {
      const [a, b] = await pair(['customers', 'orders', 'interactions', 'surveys', 'synclog']);
      const customer = await createCustomer(a.db, customerFields(), { now: Date.now(), by: 'rep' });
      await eventually(
        async () => (await b.db.customers.findOne(customer.id).exec()) !== null,
        Boolean,
        'B has the customer',
        ARRIVES,
      );
      // From here on, nothing happens on customers.
      const order = await addOrder(a.db, orderFields(customer.id), { now: Date.now(), by: 'rep' });
      const seenOrder = await eventually(
        async () => (await b.db.orders.findOne(order.id).exec())?.toMutableJSON() ?? null,
        (o) => o !== null,
        'B has the order',
        ARRIVES,
      );
      expect(seenOrder).toMatchObject({ customerId: customer.id, totalMinor: order.totalMinor });
      const visit = await addInteraction(a.db, interactionFields(customer.id), { now: Date.now(), by: 'rep' });
      await eventually(
        async () => (await b.db.interactions.findOne(visit.id).exec()) !== null,
        Boolean,
        'B has the visit',
        ARRIVES,
      );
      const survey = await addSurvey(a.db, surveyFields(customer.id), { now: Date.now(), by: 'rep' });
      await eventually(
        async () => (await b.db.surveys.findOne(survey.id).exec()) !== null,
        Boolean,
        'B has the survey',
        ARRIVES,
      );
    });

    it('a product (checked on the slower cadence) reaches B while every feed is quiet', async () => {
      // The slow check runs at least every pollTimeout: a short one here.
      const [a, b] = await pair(['customers', 'products', 'synclog'], { ...FAST, pollTimeout: 2000 });
      const product = await createProduct(a.db, productFields({ sku: `SKU-${Date.now().toString(36)}` }), {
        now: Date.now(),
        by: 'admin',
      });
      await eventually(
        async () => (await b.db.products.findOne(product.id).exec()) !== null,
        Boolean,
        'B has the product',
        ARRIVES,
      );
    });
  });
});
