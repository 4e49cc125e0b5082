// The dev server keeps its data on disk across restarts and really lets go of its port.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startSyncServer, type SyncServer } from '../../scripts/sync-server.mjs';
import type { SyncUser } from '../../scripts/sync-setup.mjs';
import { customerOnServer, http } from './helpers';

const dirs: string[] = [];
const running: SyncServer[] = [];

afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()));
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

it('survives a stop and restart on the same folder and port, and frees the port on stop', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'fieldbook-couch-'));
  dirs.push(dataDir);
  const first = await startSyncServer({ port: 0, dataDir, setup: true });
  running.push(first);
  const rep = first.users.find((u) => u.name === 'rep') as SyncUser;
  const port = Number(new URL(first.url).port);
  const doc = customerOnServer('rep');
  expect((await http(first.url, 'PUT', `fieldbook-customers/${doc._id}`, { as: rep, body: doc })).status).toBe(201);

  // A long-poll in flight must not keep the server (or its port) alive.
  const longPoll = fetch(`${first.url}fieldbook-customers/_changes?feed=longpoll&since=now`, {
    headers: { Authorization: `Basic ${Buffer.from('rep:rep-pass').toString('base64')}` },
  })
    .then((res) => res.text())
    .catch(() => 'cut');
  await new Promise((resolve) => setTimeout(resolve, 200));
  await first.stop();
  await longPoll;
  expect(await portIsFree(port)).toBe(true);

  const second = await startSyncServer({ port, dataDir, setup: true });
  running.push(second);
  expect(second.url).toBe(first.url);
  const read = await http(second.url, 'GET', `fieldbook-customers/${doc._id}`, { as: rep });
  expect(read.json).toMatchObject({ _id: doc._id, ownerId: 'rep' });
  await second.stop();
  expect(await portIsFree(port)).toBe(true);
});
