// `npm start` (after `vite build`): the local sync server (CouchDB-compatible, data on disk under the
// git-ignored .data/couch, loopback only, set up with the demo accounts) and the app's static server,
// which serves the sync server under /couch/ on the app's own origin — the default Server URL in
// Settings → Sync. Prints both addresses and the demo accounts.
//
//   PORT=4173 SYNC_PORT=5984 npm start
//   npm start -- --host            (or FIELDBOOK_HOST=1) on the local network, over HTTPS
//
// `--host`: a tablet on the same network needs a secure context for the service worker, so the app
// is served on every interface over HTTPS with a self-signed certificate made at first start and
// kept in .data/tls/ (scripts/tls.mjs; FIELDBOOK_TLS_DIR moves it). Its SHA-256 fingerprint is
// printed to compare with what the tablet shows when trusting it (README "Trying it on a tablet").
// The sync server itself stays on loopback: the tablet reaches it through the app's /couch/.
// FIELDBOOK_SYNC_ORIGINS: other sync origins the app may contact (scripts/csp.mjs).
// FIELDBOOK_SYNC_DATA: the sync server's folder, or `memory` (tests).
import { startStaticServer } from './serve.mjs';
import { startSyncServer } from './sync-server.mjs';
import { parseSyncOrigins } from './csp.mjs';
import { DEFAULT_TLS_DIR, lanAddresses, localCertificate } from './tls.mjs';

const onLan = process.argv.slice(2).includes('--host') || ['1', 'true'].includes(process.env.FIELDBOOK_HOST ?? '');
const appPort = Number(process.env.PORT ?? 4173);
const syncPort = Number(process.env.SYNC_PORT ?? 5984);
const scheme = onLan ? 'https' : 'http';
const appOrigin = `${scheme}://127.0.0.1:${appPort}`;
const syncData = process.env.FIELDBOOK_SYNC_DATA;
const syncOrigins = parseSyncOrigins(process.env.FIELDBOOK_SYNC_ORIGINS);

let sync;
try {
  sync = await startSyncServer({
    port: syncPort,
    setup: true,
    corsOrigins: [appOrigin],
    ...(syncData === 'memory' ? { inMemory: true } : syncData ? { dataDir: syncData } : {}),
  });
} catch (err) {
  const inUse = err && typeof err === 'object' && 'code' in err && err.code === 'EADDRINUSE';
  console.error(
    inUse
      ? `Port ${syncPort} is in use (another sync server?): stop it or set SYNC_PORT.`
      : `sync server failed: ${String(err)}`,
  );
  process.exit(1);
}
const tls = onLan ? await localCertificate({ dir: process.env.FIELDBOOK_TLS_DIR ?? DEFAULT_TLS_DIR }) : undefined;
const app = await startStaticServer({
  port: appPort,
  host: onLan ? '0.0.0.0' : '127.0.0.1',
  proxy: { '/couch/': sync.url },
  syncOrigins,
  tls,
});

console.log(`\nFieldbook is running at ${appOrigin}/  (Ctrl+C to stop)`);
if (tls) {
  for (const address of lanAddresses()) console.log(`  On the local network: ${scheme}://${address}:${appPort}/`);
  console.log(`  HTTPS with a self-signed certificate (${tls.created ? 'made now' : 'kept'} in ${tls.dir}/cert.pem)`);
  console.log(`  SHA-256 fingerprint: ${tls.fingerprint256}`);
  console.log('  Trust it on the tablet once: README, "Trying it on a tablet".');
}
console.log(
  `  Team sync: Settings → Sync, Server URL ${appOrigin}/couch/ (the local sync server at ${sync.url}, data in ${
    syncData === 'memory' ? 'memory' : (syncData ?? '.data/couch')
  })`,
);
if (syncOrigins.length) console.log(`  Sync servers on other origins allowed: ${syncOrigins.join(' ')}`);
console.log('  Demo accounts (development only):');
for (const user of sync.users)
  console.log(`    ${user.name.padEnd(7)} password ${user.password.padEnd(12)} role ${user.roles.join(', ')}`);
console.log(`  Server admin: ${sync.admin.name} / ${sync.admin.password}`);

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    app.close();
    app.closeAllConnections?.();
    void sync.stop().then(() => process.exit(0));
  });
}
