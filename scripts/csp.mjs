// One Content-Security-Policy for the built page (meta tag) and the local server (header).
// connect-src 'self': the app talks to its own origin, and the sync server is reached through it
// (/couch/ proxy, README "Same-origin deployment"). A team whose CouchDB must stay on another
// origin lists it in FIELDBOOK_SYNC_ORIGINS="https://couch.example.com" (space- or comma-separated
// origins), which adds exactly those origins to connect-src and nothing else: at build time (the
// page's meta tag) or when the app's own server starts (scripts/serve.mjs, `npm start`), which then
// sends and writes into the served page the policy with those origins added.

/** The origins in a FIELDBOOK_SYNC_ORIGINS value; throws on anything that is not scheme://host[:port]. */
export function parseSyncOrigins(text = '') {
  return String(text)
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((origin) => {
      let url;
      try {
        url = new URL(origin);
      } catch {
        throw new Error(`FIELDBOOK_SYNC_ORIGINS: ${origin} is not an origin (scheme://host[:port])`);
      }
      if (url.origin !== origin.replace(/\/$/, '') || !/^https?:$/.test(url.protocol))
        throw new Error(`FIELDBOOK_SYNC_ORIGINS: ${origin} is not an origin (scheme://host[:port])`);
      return url.origin;
    });
}

/** The policy with `syncOrigins` (already parsed) allowed for fetch next to the app's own origin. */
export function contentSecurityPolicy(syncOrigins = []) {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Svelte sets inline style attributes (virtual list offsets); no inline scripts are allowed.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    ["connect-src 'self'", ...new Set(syncOrigins)].join(' '),
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/** The sync origins a policy allows (its connect-src without 'self'). */
export function syncOriginsOf(policy) {
  const connect = String(policy)
    .split(';')
    .map((part) => part.trim().split(/\s+/))
    .find(([name]) => name === 'connect-src');
  return (connect ?? []).slice(1).filter((source) => source !== "'self'");
}

/** The build-time policy (vite.config.ts): FIELDBOOK_SYNC_ORIGINS as the build sees it. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy(parseSyncOrigins(process.env.FIELDBOOK_SYNC_ORIGINS));
