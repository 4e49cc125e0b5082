// A self-signed certificate for serving the app on the local network over HTTPS (`npm start --
// --host`): a tablet needs a secure context for the service worker. Made at first start with the
// `selfsigned` package (node's WebCrypto), kept in the git-ignored .data/tls/ and reused while it
// is valid and names every current address of this machine, so a tablet that trusted it once keeps
// trusting it. It is its own CA (basicConstraints cA), which is what Android's "CA certificate"
// install and iPadOS's "Certificate Trust Settings" accept.
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_TLS_DIR = resolve(fileURLToPath(new URL('../.data/tls', import.meta.url)));
/** iPadOS refuses server certificates valid for more than 825 days. */
const VALID_DAYS = 825;

/** This machine's IPv4 addresses on the local network (not loopback). */
export function lanAddresses() {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a.address);
}

/** The names the certificate must carry: loopback, the host name, and every LAN address. */
export function certificateNames() {
  const host = hostname();
  return {
    dns: [...new Set(['localhost', host, `${host}.local`])],
    ips: [...new Set(['127.0.0.1', ...lanAddresses()])],
  };
}

function covers(cert, { dns, ips }) {
  const san = cert.subjectAltName ?? '';
  return dns.every((d) => san.includes(`DNS:${d}`)) && ips.every((ip) => san.includes(`IP Address:${ip}`));
}

/**
 * The certificate and key in `dir` (cert.pem, key.pem), made now if missing, expiring within 30
 * days, or not naming every current address. Resolves to { key, cert, fingerprint256, created, dir }.
 */
export async function localCertificate({ dir = DEFAULT_TLS_DIR, names = certificateNames() } = {}) {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  if (existsSync(certFile) && existsSync(keyFile)) {
    const cert = readFileSync(certFile, 'utf8');
    const x509 = new X509Certificate(cert);
    const fresh = new Date(x509.validTo).getTime() - Date.now() > 30 * 86_400_000;
    if (fresh && covers(x509, names))
      return { key: readFileSync(keyFile, 'utf8'), cert, fingerprint256: x509.fingerprint256, created: false, dir };
  }
  const { generate } = (await import('selfsigned')).default;
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + VALID_DAYS * 86_400_000);
  const pems = await generate([{ name: 'commonName', value: `Fieldbook on ${hostname()}` }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [...names.dns.map((value) => ({ type: 2, value })), ...names.ips.map((ip) => ({ type: 7, ip }))],
      },
    ],
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(certFile, pems.cert);
  writeFileSync(keyFile, pems.private, { mode: 0o600 });
  const fingerprint256 = new X509Certificate(pems.cert).fingerprint256;
  return { key: pems.private, cert: pems.cert, fingerprint256, created: true, dir };
}
