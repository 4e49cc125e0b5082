// Where the tests find Chromium: Debian's package by default, or CHROMIUM_PATH. Test tools never
// download a browser of their own here.
import { existsSync } from 'node:fs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    (p): p is string => !!p,
  );
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      `No Chromium found (looked at: ${candidates.join(', ')}).\n` +
        "Install Debian's Chromium with:  sudo apt-get update && sudo apt-get install -y chromium\n" +
        'or point CHROMIUM_PATH at a Chromium/Chrome binary.',
    );
  }
  return found;
}
