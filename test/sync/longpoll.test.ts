// The dev/test server's long-poll behaves like CouchDB's: a quiet `_changes?feed=longpoll` ends
// after `timeout` with no results and the `last_seq` asked for (express-pouchdb alone keeps it
// open until a change); a change before the timeout ends it with that change; the server keeps
// answering on the same keep-alive connections afterwards.
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { SyncServer } from '../../scripts/sync-server.mjs';
import { SERVERS } from './servers';
import { itNeeds } from './needs';
import { basicAuth, customerOnServer, http } from './helpers';

describe.each(SERVERS)('on $name', (target) => {
  let server: SyncServer;
  beforeAll(async () => {
    server = await target.start();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const updateSeq = async (): Promise<number> =>
    (await http(server.url, 'GET', 'fieldbook-customers', { as: server.admin })).json.update_seq as number;
  /** A long-poll; the abort only keeps a regression from hanging the suite (not a timing assertion). */
  const longPoll = async (since: number, timeout: number) => {
    const res = await fetch(
      `${server.url}fieldbook-customers/_changes?feed=longpoll&since=${since}&timeout=${timeout}`,
      {
        headers: { Authorization: basicAuth(server.admin) },
        signal: AbortSignal.timeout(timeout + 20_000),
      },
    );
    return { status: res.status, body: (await res.json()) as { results: { id: string }[]; last_seq: number } };
  };

  describe('long-poll timeout', () => {
    itNeeds(target, 'longpoll-timeout')(
      'a quiet long-poll ends after its timeout with no results, as on CouchDB',
      async () => {
        const seq = await updateSeq();
        for (let i = 0; i < 3; i++) {
          const { status, body } = await longPoll(seq, 200);
          expect(status).toBe(200);
          expect(body).toEqual({ results: [], last_seq: seq });
        }
      },
    );

    itNeeds(target, 'longpoll-timeout')(
      'a change before the timeout ends it with that change, also after quiet ends on the same connections',
      async () => {
        await longPoll(await updateSeq(), 100);
        const seq = await updateSeq();
        const doc = customerOnServer('admin');
        const pending = longPoll(seq, 30_000);
        // Written once the long-poll is waiting (it answers at once if the change is already there).
        await new Promise((r) => setTimeout(r, 300));
        expect(
          (await http(server.url, 'PUT', `fieldbook-customers/${doc._id}`, { as: server.admin, body: doc })).status,
        ).toBe(201);
        const { body } = await pending;
        expect(body.results.map((r) => r.id)).toEqual([doc._id]);
        expect(body.last_seq).toBeGreaterThan(seq);
      },
    );
  });
});
