// `npm start -- --host`: the app on the local network over HTTPS with a self-signed certificate
// made at first start (kept in its folder, reused at the next start), its SHA-256 fingerprint
// printed. Fetched here over HTTPS trusting exactly that certificate, as a tablet does once it is
// installed, on loopback and on this machine's LAN address.
import { spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { lanAddresses } from '../../scripts/tls.mjs';
import { freePort } from './servers';

const START = fileURLToPath(new URL('../../scripts/start.mjs', import.meta.url));
const tlsDir = mkdtempSync(join(tmpdir(), 'fieldbook-tls-'));
const children: ChildProcess[] = [];

afterAll(async () => {
  await Promise.all(children.map(stop));
  rmSync(tlsDir, { recursive: true, force: true });
});

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  return exited;
}

/** `npm start -- --host` on free ports; resolves with what it printed once it is ready. */
async function startOnLan(): Promise<{ child: ChildProcess; port: number; output: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [START, '--host'], {
    env: {
      ...process.env,
      PORT: String(port),
      SYNC_PORT: String(await freePort()),
      FIELDBOOK_TLS_DIR: tlsDir,
      FIELDBOOK_SYNC_DATA: 'memory',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Server admin:')) resolve();
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`start.mjs exited (${String(code)}): ${output}`)));
  });
  return { child, port, output };
}

function fetchTrusting(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { ca }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

it('serves HTTPS on the network with a certificate made at first start, prints its fingerprint, and keeps it', async () => {
  const first = await startOnLan();
  const cert = readFileSync(join(tlsDir, 'cert.pem'), 'utf8');
  const fingerprint = new X509Certificate(cert).fingerprint256;
  expect(first.output).toContain(`SHA-256 fingerprint: ${fingerprint}`);
  expect(first.output).toContain('made now');
  expect(first.output).toContain(`Fieldbook is running at https://127.0.0.1:${first.port}/`);

  // The sync server through the app's origin, over TLS verified against that certificate alone.
  const root = await fetchTrusting(`https://127.0.0.1:${first.port}/couch/`, cert);
  expect(root.status).toBe(200);
  expect(JSON.parse(root.body)).toHaveProperty('couchdb');
  for (const address of lanAddresses()) {
    expect(first.output).toContain(`On the local network: https://${address}:${first.port}/`);
    expect((await fetchTrusting(`https://${address}:${first.port}/couch/`, cert)).status).toBe(200);
  }
  // Plain HTTP is not served there.
  await expect(fetch(`http://127.0.0.1:${first.port}/couch/`)).rejects.toThrow();
  await stop(first.child);

  // The next start keeps the certificate a tablet already trusts.
  const second = await startOnLan();
  expect(second.output).toContain(`SHA-256 fingerprint: ${fingerprint}`);
  expect(second.output).toContain('kept');
  expect(readFileSync(join(tlsDir, 'cert.pem'), 'utf8')).toBe(cert);
});
