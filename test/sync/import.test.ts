// Imported customers sync like typed ones (issue 12): an import committed on one device through the
// bulk-write path (src/data/repos/imports.ts, several chunks) is pushed to a real CouchDB-compatible
// server and pulled by another device, every field as imported, written by the importing user.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SyncServer } from '../../scripts/sync-server.mjs';
import type { SyncUser } from '../../scripts/sync-setup.mjs';
import { SERVERS } from './servers';
import { commitImport } from '../../src/data/repos/imports';
import type { CustomerImportRow } from '../../src/domain/import-plan';
import { CUSTOMER_FIELD_NAMES } from '../../src/domain/customer-fields';
import { customerFields } from '../factories/customer';
import { http } from './helpers';
import { device, eventually, startSync, type Device } from './devices';

const ROWS = 40;

describe.each(SERVERS)('on $name', (target) => {
  let server: SyncServer;
  const open: Device[] = [];
  const user = (name: string): SyncUser => {
    const u = server.users.find((x) => x.name === name);
    if (!u) throw new Error(`no demo user ${name}`);
    return u;
  };
  const dev = async (name: string) => {
    const d = await device(server.url, user(name), ['customers', 'synclog', 'imports', 'importchunks']);
    open.push(d);
    return d;
  };

  beforeAll(async () => {
    server = await target.start();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((d) => d.close()));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('a committed import reaches the server and the other device, every row and field, by the importing user', async () => {
    const a = await dev('rep');
    const b = await dev('admin');
    await startSync(a, server.url);
    await startSync(b, server.url);
    const rows: CustomerImportRow[] = Array.from({ length: ROWS }, (_, i) => ({
      row: i + 1,
      fields: customerFields({
        givenName: `Imported${i}`,
        familyName: i % 2 ? 'Lee' : '李',
        email: `imported${i}@example.com`,
        tags: i % 5 ? [] : ['import'],
        ownerId: 'rep',
        source: 'import',
      }),
      action: 'create',
    }));
    const entry = await commitImport(
      a.db,
      { kind: 'customers', importId: 'sync-import', fileName: 'list.csv', totalRows: ROWS, rejectedRows: 0, rows },
      { by: 'rep', sizing: { initial: 7, min: 7, max: 7 } },
    );
    expect(entry.state).toBe('finished');

    const pulled = await eventually(
      async () =>
        (await b.db.customers.find({ selector: { givenName: { $regex: '^Imported' } } }).exec()).map((d) => d.toJSON()),
      (docs) => docs.length === ROWS,
      'B has every imported customer',
    );
    const byEmail = new Map(pulled.map((d) => [d.email, d]));
    for (const r of rows) {
      const got = byEmail.get(r.fields.email);
      expect(got, r.fields.email).toBeDefined();
      // The import marks its rows (`source`: import and its id), the undo finds them by it.
      const expected = { ...r.fields, source: 'import:sync-import' };
      for (const f of CUSTOMER_FIELD_NAMES) expect(got?.[f], `${r.fields.email} ${f}`).toEqual(expected[f]);
      expect(got?.updatedBy).toBe('rep');
    }
    await a.sync.awaitInSync();
    const first = pulled[0];
    if (!first) throw new Error('nothing pulled');
    const onServer = (await http(server.url, 'GET', `fieldbook-customers/${first.id}`, { as: server.admin })).json as {
      email: string;
      updatedBy: string;
    };
    expect(onServer).toMatchObject({ email: first.email, updatedBy: 'rep' });
  });
});
