import { describe, expect, it } from 'vitest';
import { connectSources, policyAllows } from '../../../src/data/sync/origin-policy';
import { contentSecurityPolicy, parseSyncOrigins, syncOriginsOf } from '../../../scripts/csp.mjs';

const APP = 'https://fieldbook.example.com';

describe('policyAllows', () => {
  const builtDefault = contentSecurityPolicy();
  it("allows the app's own origin under connect-src 'self', and nothing else", () => {
    expect(policyAllows(`${APP}/couch/`, APP, builtDefault)).toBe(true);
    expect(policyAllows('https://couch.example.com/', APP, builtDefault)).toBe(false);
    // Another port is another origin.
    expect(policyAllows('https://fieldbook.example.com:6984/', APP, builtDefault)).toBe(false);
  });

  it('allows exactly the configured sync origins', () => {
    const policy = contentSecurityPolicy(parseSyncOrigins('https://couch.example.com http://10.0.0.5:5984'));
    expect(policyAllows('https://couch.example.com/', APP, policy)).toBe(true);
    expect(policyAllows('https://couch.example.com/team/', APP, policy)).toBe(true);
    expect(policyAllows('http://10.0.0.5:5984/', APP, policy)).toBe(true);
    expect(policyAllows('http://couch.example.com/', APP, policy)).toBe(false);
    expect(policyAllows('https://other.example.com/', APP, policy)).toBe(false);
  });

  it('reads host, wildcard, scheme and path sources as CSP does', () => {
    const policy = "default-src 'none'; connect-src couch.example.com *.couch.example.org https: http://x.test:*/db/";
    expect(policyAllows('https://couch.example.com/', APP, policy)).toBe(true);
    expect(policyAllows('https://a.couch.example.org/', APP, policy)).toBe(true);
    expect(policyAllows('https://anything.test/', APP, policy)).toBe(true);
    expect(policyAllows('http://x.test:8080/db/fieldbook/', APP, policy)).toBe(true);
    expect(policyAllows('http://x.test:8080/other/', APP, policy)).toBe(false);
  });

  it('falls back to default-src, and allows everything with no policy (the dev server)', () => {
    expect(connectSources("default-src 'self'; img-src *")).toEqual(["'self'"]);
    expect(policyAllows('https://couch.example.com/', APP, "default-src 'self'")).toBe(false);
    expect(policyAllows('https://couch.example.com/', APP, null)).toBe(true);
    expect(policyAllows('https://couch.example.com/', APP, 'img-src *')).toBe(true);
  });
});

describe('FIELDBOOK_SYNC_ORIGINS', () => {
  it('takes space- or comma-separated origins and refuses anything else', () => {
    expect(parseSyncOrigins('https://a.example.com, https://b.example.com:6984/')).toEqual([
      'https://a.example.com',
      'https://b.example.com:6984',
    ]);
    expect(parseSyncOrigins('')).toEqual([]);
    expect(() => parseSyncOrigins('https://a.example.com/couch/')).toThrow(/not an origin/);
    expect(() => parseSyncOrigins('couch.example.com')).toThrow(/not an origin/);
  });

  it("round-trips through the policy's connect-src", () => {
    const policy = contentSecurityPolicy(['https://a.example.com', 'https://a.example.com']);
    expect(policy).toContain("connect-src 'self' https://a.example.com;");
    expect(syncOriginsOf(policy)).toEqual(['https://a.example.com']);
  });
});
