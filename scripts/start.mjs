// `npm start` (after `vite build`): the local sync server (CouchDB-compatible, data on disk under the
// git-ignored .data/couch, loopback only, set up with the demo accounts) and the app's static server,
// which serves the sync server under /couch/ on the app's own origin — the default Server URL in
// Settings → Sync. Prints both addresses and the demo accounts.
//
//   PORT=4173 SYNC_PORT=5984 npm start
import { startStaticServer } from './serve.mjs';
import { startSyncServer } from './sync-server.mjs';

const appPort = Number(process.env.PORT ?? 4173);
const syncPort = Number(process.env.SYNC_PORT ?? 5984);
const appOrigin = `http://127.0.0.1:${appPort}`;

let sync;
try {
  sync = await startSyncServer({ port: syncPort, setup: true, corsOrigins: [appOrigin] });
} catch (err) {
  const inUse = err && typeof err === 'object' && 'code' in err && err.code === 'EADDRINUSE';
  console.error(
    inUse
      ? `Port ${syncPort} is in use (another sync server?): stop it or set SYNC_PORT.`
      : `sync server failed: ${String(err)}`,
  );
  process.exit(1);
}
const app = await startStaticServer({ port: appPort, proxy: { '/couch/': sync.url } });

console.log(`\nFieldbook is running at ${appOrigin}/  (Ctrl+C to stop)`);
console.log(
  `  Team sync: Settings → Sync, Server URL ${appOrigin}/couch/ (the local sync server at ${sync.url}, data in .data/couch)`,
);
console.log('  Demo accounts (development only):');
for (const user of sync.users)
  console.log(`    ${user.name.padEnd(7)} password ${user.password.padEnd(12)} role ${user.roles.join(', ')}`);
console.log(`  Server admin: ${sync.admin.name} / ${sync.admin.password}`);

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    app.close();
    void sync.stop().then(() => process.exit(0));
  });
}
