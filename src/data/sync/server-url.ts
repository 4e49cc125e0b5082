// The server URL as the app keeps it. Its own module: the sync state reads it at start on every
// device, and session.ts (sign-in, capability probes) loads only when sync is used.

/** The server URL as the app keeps it: absolute, ending with '/'. */
export function normalizeServerUrl(input: string, base?: string): string {
  const url = new URL(input.trim(), base);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  url.hash = '';
  return url.toString();
}
