// One Content-Security-Policy for the built page (meta tag) and the local server (header).
// connect-src 'self': the app talks to its own origin, and the sync server is reached through it
// (/couch/ proxy, README "Team sync"). A team whose CouchDB must stay on another origin builds with
// FIELDBOOK_SYNC_ORIGINS="https://couch.example.com" (space-separated origins), which adds exactly
// those origins to connect-src and nothing else.
const syncOrigins = (process.env.FIELDBOOK_SYNC_ORIGINS ?? '')
  .split(/\s+/)
  .filter(Boolean)
  .map((origin) => {
    const url = new URL(origin);
    if (url.origin !== origin.replace(/\/$/, ''))
      throw new Error(`FIELDBOOK_SYNC_ORIGINS: ${origin} is not an origin (scheme://host[:port])`);
    return url.origin;
  });

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Svelte sets inline style attributes (virtual list offsets); no inline scripts are allowed.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  ["connect-src 'self'", ...syncOrigins].join(' '),
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');
