import { describe, expect, it } from 'vitest';
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { DEMO_PRODUCTS, demoChunks, generateDemoChunk, keyedDemoChunk, type DemoChunk } from '../../src/domain/demo';
import { orderTotalMinor } from '../../src/domain/order';
import { UUID_V7_RE } from '../../src/domain/ids';
import {
  customerSearchKeys,
  customerToInput,
  ensureSearchKeyDataFor,
  validateCustomer,
} from '../../src/domain/customer';
import { INTERACTION_TYPES } from '../../src/domain/types';
import { ensurePhoneMetadata } from '../../src/domain/phone';
import { CANONICAL_COLUMNS } from '../../src/domain/customer-fields';

// Phone parsing is synchronous and needs the metadata loaded (the app loads it on first need).
await ensurePhoneMetadata();

const now = Date.UTC(2026, 4, 15, 9, 30);
const today = '2026-05-15';
const sample = generateDemoChunk({ seed: 2026, start: 0, count: 1000, now });

function concat(chunks: DemoChunk[]): DemoChunk {
  return {
    customers: chunks.flatMap((c) => c.customers),
    orders: chunks.flatMap((c) => c.orders),
    interactions: chunks.flatMap((c) => c.interactions),
    surveys: chunks.flatMap((c) => c.surveys),
  };
}

describe('DEMO_PRODUCTS', () => {
  it('has ~40 distinct, sane products', () => {
    expect(DEMO_PRODUCTS.length).toBeGreaterThanOrEqual(35);
    expect(new Set(DEMO_PRODUCTS.map((p) => p.sku)).size).toBe(DEMO_PRODUCTS.length);
    expect(new Set(DEMO_PRODUCTS.map((p) => p.name)).size).toBe(DEMO_PRODUCTS.length);
    for (const p of DEMO_PRODUCTS) {
      expect(p.sku).toMatch(/^FB-\d{4}$/);
      expect(Number.isSafeInteger(p.priceMinor) && p.priceMinor > 0).toBe(true);
      expect(p.currency).toBe('EUR');
      expect(p.active).toBe(true);
    }
  });
});

describe('generateDemoChunk', () => {
  it('is deterministic per seed', () => {
    expect(generateDemoChunk({ seed: 2026, start: 0, count: 1000, now })).toEqual(sample);
    const other = generateDemoChunk({ seed: 2027, start: 0, count: 50, now });
    expect(other.customers[0]).not.toEqual(sample.customers[0]);
  });

  it('does not depend on chunking', () => {
    const parts = [0, 250, 500, 750].map((start) => generateDemoChunk({ seed: 2026, start, count: 250, now }));
    expect(concat(parts)).toEqual(sample);
    expect(concat([...demoChunks({ seed: 2026, total: 1000, now, chunkSize: 300 })])).toEqual(sample);
  });

  it('mixes Chinese and Western customers', () => {
    const cn = sample.customers.filter((c) => c.country === 'CN').length / sample.customers.length;
    expect(cn).toBeGreaterThanOrEqual(0.35);
    expect(cn).toBeLessThanOrEqual(0.55);
    const countries = new Set(sample.customers.map((c) => c.country));
    for (const cc of ['CN', 'US', 'GB', 'DE', 'FR', 'AU', 'CA']) expect(countries).toContain(cc);
    for (const c of sample.customers.filter((x) => x.country === 'CN')) {
      expect(c.familyName).toMatch(/^\p{Script=Han}{1,2}$/u);
      expect(c.givenName).toMatch(/^\p{Script=Han}{1,2}$/u);
    }
    expect(sample.customers.some((c) => ['欧阳', '司马', '上官', '诸葛'].includes(c.familyName))).toBe(true);
  });

  it('has unique UUID v7 ids and valid timestamps', () => {
    const all = [...sample.customers, ...sample.orders, ...sample.interactions, ...sample.surveys];
    expect(new Set(all.map((x) => x.id)).size).toBe(all.length);
    for (const x of all) {
      expect(x.id).toMatch(UUID_V7_RE);
      expect(x.createdAt).toBeLessThanOrEqual(now);
      expect(x.createdAt).toBeGreaterThanOrEqual(now - 731 * 86_400_000);
      expect(x.updatedAt).toBeGreaterThanOrEqual(x.createdAt);
      expect(x.updatedAt).toBeLessThanOrEqual(now);
    }
  });

  it('generates valid phones, emails and birth dates in the expected proportions', () => {
    const cs = sample.customers;
    for (const c of cs) {
      if (c.phone) expect(isValidPhoneNumber(c.phone), `${c.country} ${c.phone}`).toBe(true);
      if (c.email) expect(c.email).toMatch(/^[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/);
      if (c.birthDate) {
        expect(c.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        const [y, m, d] = c.birthDate.split('-').map(Number) as [number, number, number];
        const date = new Date(Date.UTC(y, m - 1, d));
        expect(date.toISOString().slice(0, 10)).toBe(c.birthDate);
        expect(c.birthDate < today).toBe(true);
      }
      expect(c.source).toBe('demo');
      expect(c.ownerId).toBe('');
      expect(c.mergedInto).toBe('');
    }
    const share = (f: (c: (typeof cs)[number]) => boolean) => cs.filter(f).length / cs.length;
    expect(share((c) => c.email === '')).toBeGreaterThan(0.05);
    expect(share((c) => c.email === '')).toBeLessThan(0.16);
    expect(share((c) => c.phone === '')).toBeGreaterThan(0.02);
    expect(share((c) => c.phone === '')).toBeLessThan(0.09);
    expect(share((c) => c.birthDate !== '')).toBeGreaterThan(0.5);
    expect(share((c) => c.birthDate !== '')).toBeLessThan(0.7);
    expect(share((c) => c.company !== '')).toBeGreaterThan(0.3);
  });

  it('makes orders that add up and children that point at customers in the chunk', () => {
    const ids = new Set(sample.customers.map((c) => c.id));
    const created = new Map(sample.customers.map((c) => [c.id, c.createdAt]));
    const skus = new Map(DEMO_PRODUCTS.map((p) => [p.sku, p]));
    for (const o of sample.orders) {
      expect(ids.has(o.customerId)).toBe(true);
      expect(o.items.length).toBeGreaterThanOrEqual(1);
      expect(o.items.length).toBeLessThanOrEqual(4);
      expect(o.totalMinor).toBe(orderTotalMinor(o.items));
      expect(o.totalMinor).toBe(o.items.reduce((s, i) => s + i.qty * i.unitPriceMinor, 0));
      for (const item of o.items) expect(skus.get(item.sku)?.name).toBe(item.name);
      expect(o.orderedAt).toBeGreaterThanOrEqual(created.get(o.customerId) ?? Infinity);
      expect(o.currency).toBe('EUR');
    }
    const paid = sample.orders.filter((o) => o.status === 'paid').length / sample.orders.length;
    expect(paid).toBeGreaterThan(0.6);
    for (const i of sample.interactions) {
      expect(ids.has(i.customerId)).toBe(true);
      expect(INTERACTION_TYPES).toContain(i.type);
      if (i.followUpAt) {
        expect(new Date(i.followUpAt).getHours()).toBe(0);
        expect(i.followUpAt).toBeLessThanOrEqual(now + 31 * 86_400_000);
      }
    }
    expect(sample.interactions.some((i) => i.followUpAt > now)).toBe(true);
    expect(sample.interactions.some((i) => i.followUpAt > 0 && i.followUpAt < now)).toBe(true);
    for (const s of sample.surveys) {
      expect(ids.has(s.customerId)).toBe(true);
      expect(Number.isInteger(s.score) && s.score >= 0 && s.score <= 10).toBe(true);
    }
    const high = sample.surveys.filter((s) => s.score >= 7).length / sample.surveys.length;
    expect(high).toBeGreaterThan(0.55);
    expect(sample.surveys.some((s) => s.score <= 6)).toBe(true);
    const perCustomer = new Map<string, number>();
    for (const o of sample.orders) perCustomer.set(o.customerId, (perCustomer.get(o.customerId) ?? 0) + 1);
    expect(Math.max(...perCustomer.values())).toBeLessThanOrEqual(6);
    expect(perCustomer.size).toBeLessThan(sample.customers.length);
  });

  it('produces customers that pass validateCustomer unchanged', () => {
    const keys = CANONICAL_COLUMNS;
    for (const c of sample.customers) {
      const r = validateCustomer(customerToInput(c), { defaultRegion: 'CN', today });
      expect(r.ok, `${c.id} ${JSON.stringify(r.ok ? '' : r.errors)}`).toBe(true);
      if (!r.ok) continue;
      for (const k of keys) expect(r.value[k], k).toEqual(c[k]);
    }
  });
});

describe('demo ids at full size', () => {
  it('100,000 customers and all their children get distinct ids (seeds that collided before)', () => {
    for (const seed of [20240601, 20240602]) {
      const seen = new Set<string>();
      let rows = 0;
      for (const chunk of demoChunks({ seed, total: 100_000, now: Date.UTC(2026, 10, 24), chunkSize: 5000 })) {
        for (const list of [chunk.customers, chunk.orders, chunk.interactions, chunk.surveys]) {
          for (const r of list) seen.add(r.id);
          rows += list.length;
        }
      }
      expect(seen.size).toBe(rows);
    }
  }, 60_000);
});

describe('keyedDemoChunk', () => {
  it('is the generated chunk with each customer’s search keys, in order', async () => {
    const opts = { seed: 31, start: 200, count: 60, now };
    const plain = generateDemoChunk(opts);
    await ensureSearchKeyDataFor(plain.customers);
    const keyed = keyedDemoChunk(opts);
    const { keys, ...chunk } = keyed;
    expect(chunk).toEqual(plain);
    expect(keys).toEqual(plain.customers.map((c) => customerSearchKeys(c)));
    // Chinese names get pinyin initials: the key data really was used.
    expect(keys.some((k) => /^[a-z]+$/.test(k.initialsKey))).toBe(true);
  });
});
