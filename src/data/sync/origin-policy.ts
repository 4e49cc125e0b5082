// Whether the page's Content-Security-Policy lets the app contact a sync server. A request the
// policy blocks fails exactly like a network failure (fetch rejects with a TypeError), so without
// this check a rep who types a server on another origin would read "cannot be reached" while the
// real cause is the policy (scripts/csp.mjs: the app's own origin plus FIELDBOOK_SYNC_ORIGINS).
// Pure: the caller passes the policy text (the page's <meta http-equiv> tag, which
// scripts/serve.mjs keeps equal to the header it sends).

/** The sources of the directive that governs fetch (`connect-src`, else `default-src`); null: none. */
export function connectSources(policy: string): string[] | null {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources);
  }
  return directives.get('connect-src') ?? directives.get('default-src') ?? null;
}

function matches(source: string, target: URL, pageOrigin: string): boolean {
  const s = source.toLowerCase();
  if (s === "'self'") return target.origin === pageOrigin;
  if (s === '*') return true;
  if (/^[a-z][a-z0-9+.-]*:$/.test(s)) return target.protocol === s;
  if (s.startsWith("'")) return false; // 'none' and keywords that do not concern fetch
  const anyPort = /:\*(\/|$)/.test(s);
  let url: URL;
  try {
    const written = s.replace(/:\*(\/|$)/, '$1').replace(/^([a-z][a-z0-9+.-]*:\/\/)?\*\./, '$1wildcard.');
    url = new URL(written.includes('://') ? written : `${target.protocol}//${written}`);
  } catch {
    return false;
  }
  if (url.protocol !== target.protocol) return false;
  const host = url.hostname;
  const hostOk = host.startsWith('wildcard.')
    ? target.hostname.endsWith(host.slice('wildcard'.length))
    : host === target.hostname;
  const portOk = anyPort || url.port === target.port;
  const pathOk = url.pathname === '/' || target.pathname.startsWith(url.pathname);
  return hostOk && portOk && pathOk;
}

/**
 * May a page on `pageOrigin` under `policy` fetch `serverUrl`? No policy (dev server) or no fetch
 * directive: yes.
 */
export function policyAllows(serverUrl: string, pageOrigin: string, policy: string | null | undefined): boolean {
  if (!policy) return true;
  const sources = connectSources(policy);
  if (!sources) return true;
  const target = new URL(serverUrl);
  return sources.some((source) => matches(source, target, pageOrigin));
}
