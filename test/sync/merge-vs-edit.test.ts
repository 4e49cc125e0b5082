// Merge on one device, edit of the merged-away record on another (docs/ARCHITECTURE.md, "Merged duplicates"):
// after sync both devices have the edit applied to the survivor. Uses the app's merge and merge
// follower (src/data/merge/merge.ts) on top of sync's three-way conflict handler.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SyncServer } from '../../scripts/sync-server.mjs';
import { SERVERS } from './servers';
import { createCustomer, updateCustomer } from '../../src/data/repos/customers';
import { mergeCustomers } from '../../src/data/merge/merge';
import { fieldsOf } from '../../src/data/merge/records';
import { startMergeFollower, type MergeFollower } from '../../src/data/merge/follower';
import { customerFields } from '../factories/customer';
import { device, eventually, startSync, type Device } from './devices';

describe.each(SERVERS)('on $name', (target) => {
  let server: SyncServer;
  const open: Device[] = [];
  const followers: MergeFollower[] = [];
  // 6 per device, 12 in all: within the free edition's 13 open collections per realm.
  const COLLECTIONS = ['customers', 'orders', 'interactions', 'surveys', 'decisions', 'synclog'] as const;

  beforeAll(async () => {
    server = await target.start();
  });
  afterEach(async () => {
    for (const f of followers.splice(0)) f.stop();
    await Promise.all(open.splice(0).map((d) => d.close()));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('a record merged on one device and edited on another ends with the edit on the survivor everywhere', async () => {
    const a = await device(server.url, { name: 'rep', password: 'rep-pass' }, COLLECTIONS);
    const b = await device(server.url, { name: 'admin', password: 'admin-pass' }, COLLECTIONS);
    open.push(a, b);
    for (const d of [a, b]) followers.push(startMergeFollower(d.db, d.name));
    await startSync(a, server.url);
    await startSync(b, server.url);
    const survivor = await createCustomer(
      a.db,
      customerFields({ givenName: 'Lena', familyName: 'Berg', email: 'lena@berg.example' }),
      { now: 1_000, by: 'rep' },
    );
    const other = await createCustomer(
      a.db,
      customerFields({ givenName: 'Lena', familyName: 'Berg', phone: '+4930123456' }),
      { now: 1_100, by: 'rep' },
    );
    await eventually(
      async () => (await b.db.customers.findByIds([survivor.id, other.id]).exec()).size,
      (n) => n === 2,
      'B has both',
    );
    await a.sync.awaitInSync();
    await b.sync.awaitInSync();
    await a.sync.stop();
    await b.sync.stop();

    // Offline: A merges the duplicate into the survivor; B, not knowing, edits the duplicate.
    await mergeCustomers(a.db, survivor.id, [other.id], {}, 'rep', 2_000);
    await updateCustomer(
      b.db,
      other.id,
      { ...fieldsOf(other), jobTitle: 'Head of Purchasing' },
      { now: 3_000, by: 'admin' },
    );

    await startSync(a, server.url);
    await a.sync.awaitInSync();
    await startSync(b, server.url);
    for (const d of [a, b]) {
      const s = await eventually(
        async () => (await d.db.customers.findOne(survivor.id).exec())?.toMutableJSON() ?? null,
        (c) => c?.jobTitle === 'Head of Purchasing',
        `${d.name}: the edit reached the survivor`,
      );
      expect(s?.mergedInto).toBe('');
      const o = await eventually(
        async () => (await d.db.customers.findOne(other.id).exec())?.toMutableJSON() ?? null,
        (c) => c?.mergedInto === survivor.id,
        `${d.name}: the duplicate stays merged`,
      );
      expect(o?.mergedInto).toBe(survivor.id);
    }
  });
});
