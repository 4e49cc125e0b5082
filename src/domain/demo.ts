// Realistic demo data, deterministic per seed and independent of chunking: customer i always gets
// the same record (and children) because its generator is seeded from (seed, i) alone.
import type {
  CustomerFields,
  CustomerSearchKeys,
  CustomerTrash,
  InteractionFields,
  OrderFields,
  OrderItem,
  ProductFields,
  SurveyFields,
} from './types';
import { NO_STEP_DATES, withStatus } from './order-status';
import { Rng, WeightedTable, hash32 } from './random';
import { idFromWords } from './ids';
import { orderTotalMinor } from './order';
import { DAY_MS } from './dates';
import { emptyConsent } from './consent';
import { customerSearchKeys } from './customer';
import {
  DEMO_CURRENCY,
  DEMO_PRODUCTS,
  PRODUCT_TABLE,
  BULK_CATEGORIES,
  pad,
  ascii,
  CN_SURNAMES,
  CN_GIVEN,
  CN_PLACE_TABLE,
  CN_MOBILE_PREFIXES,
  CN_COMPANY_WORDS,
  CN_INDUSTRIES,
  CN_JOBS,
  CN_EMAIL_DOMAINS,
  CN_NOTES,
  nanp,
  WEST_NOTES,
  ORIGIN_TABLE,
  TAGS,
  TAGS_CN,
  ORDER_COUNTS,
  ITEM_COUNTS,
  STATUS_OLD,
  STATUS_RECENT,
  INTERACTION_COUNTS,
  INTERACTION_TYPE_TABLE,
  SURVEY_COUNTS,
  SCORES,
  SUBJECTS,
  OUTCOMES,
  COMMENTS,
} from './demo-tables';

export const DEMO_SOURCE = 'demo';

export { DEMO_CURRENCY, DEMO_PRODUCTS } from './demo-tables';

const TWO_YEARS = 730 * DAY_MS;

// ---------------------------------------------------------------------------------------------
// Generation

type WithAudit<T> = T & { id: string; createdAt: number; updatedAt: number };
export type DemoCustomer = WithAudit<CustomerFields & CustomerTrash>;
export type DemoOrder = WithAudit<OrderFields>;
export type DemoInteraction = WithAudit<InteractionFields>;
export type DemoSurvey = WithAudit<SurveyFields>;

export interface DemoChunk {
  customers: DemoCustomer[];
  orders: DemoOrder[];
  interactions: DemoInteraction[];
  surveys: DemoSurvey[];
}

export interface DemoChunkOptions {
  seed: number;
  /** Global index of the first customer. */
  start: number;
  count: number;
  /** Reference "now" (epoch ms): every timestamp lies in the two years before (follow-ups up to 30 days after). */
  now: number;
  /**
   * Exactly this many orders per customer instead of the realistic mix. For the
   * Insights benchmark (100k customers, 1M orders). Absent: the default data, unchanged.
   */
  ordersPerCustomer?: number;
}

interface Ctx {
  now: number;
  /** Global index of the customer being generated, and a serial of the ids made for it. */
  index: number;
  serial: number;
  /** Constant id bits of this seed. */
  seedWord: number;
  /** Local calendar date of `now`, for follow-ups at local midnight. */
  y: number;
  m: number;
  d: number;
  year: number;
  ordersPerCustomer?: number;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function daysInMonth(y: number, m: number): number {
  if (m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) return 29;
  return DAYS_IN_MONTH[m - 1] ?? 31;
}

function pickTags(rng: Rng, table: WeightedTable<string>): string[] {
  const r = rng.next();
  const n = r < 0.55 ? 0 : r < 0.85 ? 1 : 2;
  const tags: string[] = [];
  for (let k = 0; k < n; k++) {
    const t = table.pick(rng);
    if (!tags.includes(t)) tags.push(t);
  }
  return tags;
}

function customerRecord(rng: Rng, ctx: Ctx): { c: DemoCustomer; zh: boolean } {
  const createdAt = ctx.now - Math.floor(rng.next() * TWO_YEARS);
  const updatedAt = rng.chance(0.5) ? createdAt : createdAt + Math.floor(rng.next() * (ctx.now - createdAt));
  const id = demoId(ctx, createdAt, rng);
  const origin = ORIGIN_TABLE.pick(rng);
  const hasCompany = rng.chance(0.5);
  const emailRoll = rng.next();

  let givenName: string,
    familyName: string,
    email = '',
    phone: string,
    company = '',
    companyDomain = '',
    jobTitle = '';
  let street: string, city: string, postcode: string, region: string, country: string, preferredLanguage: string;
  let tags: string[];
  let notes = '';

  if (origin === null) {
    const [fh, fp] = CN_SURNAMES.pick(rng);
    const g1 = rng.pick(CN_GIVEN);
    const g2 = rng.chance(0.65) ? rng.pick(CN_GIVEN) : null;
    familyName = fh;
    givenName = g2 ? g1[0] + g2[0] : g1[0];
    const gp = g2 ? g1[1] + g2[1] : g1[1];
    const place = CN_PLACE_TABLE.pick(rng);
    const district = rng.pick(place.districts);
    const flat = rng.chance(0.5) ? ` ${rng.int(1, 12)}号楼${rng.int(1, 28)}0${rng.int(1, 8)}室` : '';
    street = `${district}${rng.pick(place.roads)}${rng.int(1, 300)}号${flat}`;
    city = place.city;
    region = place.region;
    postcode = place.post + pad(rng.int(0, 99) * 10, 3);
    country = 'CN';
    preferredLanguage = 'zh-CN';
    phone = `+86${rng.pick(CN_MOBILE_PREFIXES)}${rng.digits(8)}`;
    if (hasCompany) {
      const [word, wordPy] = rng.pick(CN_COMPANY_WORDS);
      company = `${place.city.replace(/市$/, '')}${word}${rng.pick(CN_INDUSTRIES)}有限公司`;
      companyDomain = `${wordPy}.${rng.pick(['com', 'cn', 'com.cn'])}`;
      jobTitle = rng.chance(0.7) ? rng.pick(CN_JOBS) : '';
    }
    if (emailRoll >= 0.1) {
      const domain = companyDomain && rng.chance(0.4) ? companyDomain : CN_EMAIL_DOMAINS.pick(rng);
      const v = rng.int(0, 4);
      const local =
        domain === 'qq.com' && v < 2
          ? String(rng.int(10_000_000, 3_999_999_999))
          : v === 0
            ? `${fp}${gp}`
            : v === 1
              ? `${gp}.${fp}`
              : v === 2
                ? `${fp}${gp}${rng.int(1, 999)}`
                : v === 3
                  ? `${fp}_${gp}${pad(rng.int(60, 105) % 100, 2)}`
                  : `${fp}.${gp}${rng.int(1, 99)}`;
      email = `${local}@${domain}`;
    }
    tags = pickTags(rng, TAGS_CN);
    if (rng.chance(0.15)) notes = rng.pick(CN_NOTES);
  } else {
    const co = origin;
    givenName = rng.pick(co.given);
    familyName = rng.pick(co.family);
    const place = rng.pick(co.places);
    street = co.street(rng, rng.pick(place.streets ?? co.streets));
    city = place.city;
    region = place.region;
    postcode = place.postcode(rng);
    country = co.code;
    preferredLanguage = place.lang;
    if (co.landDigits === 0) phone = nanp(rng, rng.pick(place.land));
    else if (place.land.length > 0 && rng.chance(0.25))
      phone = `+${co.code === 'GB' ? '44' : co.code === 'DE' ? '49' : co.code === 'FR' ? '33' : '61'}${rng.pick(place.land)}${rng.digits(co.landDigits)}`;
    else phone = co.mobile(rng);
    if (hasCompany) {
      const stem = rng.pick(co.companyStems);
      const kind = rng.chance(0.7) ? rng.pick(co.companyKinds) : '';
      const suffix = rng.pick(co.companySuffixes);
      company =
        co.code === 'FR' && kind
          ? `${kind} ${stem} ${suffix}`
          : kind
            ? `${stem} ${kind} ${suffix}`
            : `${stem} ${suffix}`;
      companyDomain = `${ascii(stem)}${kind && rng.chance(0.5) ? ascii(kind) : ''}.${co.tld}`;
      jobTitle = rng.chance(0.7) ? rng.pick(co.jobs) : '';
    }
    if (emailRoll >= 0.1) {
      const g = ascii(givenName);
      const f = ascii(familyName);
      const domain = companyDomain && rng.chance(0.4) ? companyDomain : rng.pick(co.providers);
      const v = rng.int(0, 5);
      const local =
        v === 0
          ? `${g}.${f}`
          : v === 1
            ? `${g}${f}`
            : v === 2
              ? `${g.charAt(0)}${f}`
              : v === 3
                ? `${g}.${f}${rng.int(1, 99)}`
                : v === 4
                  ? `${g}_${f}${rng.int(60, 99)}`
                  : `${f}.${g}`;
      email = `${local}@${domain}`;
    }
    tags = pickTags(rng, TAGS);
    if (rng.chance(0.15)) notes = rng.pick(WEST_NOTES);
  }
  if (rng.chance(0.05)) phone = '';

  let birthDate = '';
  if (rng.chance(0.6)) {
    const y = ctx.year - rng.int(20, 75);
    const m = rng.int(1, 12);
    birthDate = `${y}-${pad(m, 2)}-${pad(rng.int(1, daysInMonth(y, m)), 2)}`;
  }

  const c: DemoCustomer = {
    id,
    createdAt,
    updatedAt,
    givenName,
    familyName,
    email,
    phone,
    otherEmails: [],
    otherPhones: [],
    company,
    jobTitle,
    street,
    city,
    postcode,
    region,
    country,
    birthDate,
    tags,
    preferredLanguage,
    notes,
    ownerId: '',
    source: DEMO_SOURCE,
    mergedInto: '',
    aliases: [],
    consent: emptyConsent(),
    consentHistory: [],
    trashedAt: 0,
  };
  return { c, zh: origin === null };
}

function between(rng: Rng, lo: number, hi: number): number {
  return hi <= lo ? lo : lo + Math.floor(rng.next() * (hi - lo));
}

function addOrders(rng: Rng, ctx: Ctx, c: DemoCustomer, out: DemoOrder[]): void {
  const big = c.tags.includes('vip') || c.tags.includes('key-account') || c.tags.includes('reseller');
  let n = ORDER_COUNTS.pick(rng);
  if (big) n = Math.min(6, n + rng.int(1, 3));
  if (ctx.ordersPerCustomer !== undefined) n = ctx.ordersPerCustomer;
  const reseller = c.tags.includes('reseller');
  for (let k = 0; k < n; k++) {
    const orderedAt = between(rng, c.createdAt, ctx.now);
    const lines = ITEM_COUNTS.pick(rng);
    const items: OrderItem[] = [];
    const used: number[] = [];
    for (let l = 0; l < lines; l++) {
      const pi = PRODUCT_TABLE.pick(rng);
      if (used.includes(pi)) continue;
      used.push(pi);
      const p = DEMO_PRODUCTS[pi] as ProductFields;
      const bulk = BULK_CATEGORIES.has(p.category);
      const qty = bulk ? (reseller ? rng.int(5, 40) : rng.int(1, 6)) : rng.chance(0.9) ? 1 : 2;
      const unitPriceMinor = rng.chance(0.1) ? Math.round((p.priceMinor * 9) / 10) : p.priceMinor;
      items.push({ sku: p.sku, name: p.name, qty, unitPriceMinor });
    }
    const status = (ctx.now - orderedAt < 5 * DAY_MS ? STATUS_RECENT : STATUS_OLD).pick(rng);
    const updatedAt =
      status === 'confirmed' ? orderedAt : Math.min(ctx.now, orderedAt + Math.floor(rng.next() * 3 * DAY_MS));
    // Confirmed when ordered; the status it has now was reached at its last update.
    const confirmed = { status: 'confirmed' as const, orderedAt, ...NO_STEP_DATES, confirmedAt: orderedAt };
    out.push({
      id: demoId(ctx, orderedAt, rng),
      createdAt: orderedAt,
      updatedAt,
      customerId: c.id,
      orderedAt,
      currency: DEMO_CURRENCY,
      items,
      totalMinor: orderTotalMinor(items),
      ...withStatus(confirmed, status, updatedAt),
    });
  }
}

function addInteractions(rng: Rng, ctx: Ctx, c: DemoCustomer, zh: boolean, out: DemoInteraction[]): void {
  const n = INTERACTION_COUNTS.pick(rng);
  const lang = zh ? 'zh' : 'en';
  for (let k = 0; k < n; k++) {
    const type = INTERACTION_TYPE_TABLE.pick(rng);
    let at = between(rng, c.createdAt, ctx.now);
    let followUpAt = 0;
    if (type !== 'note' && rng.chance(0.3)) {
      // Follow-ups from two weeks overdue to a month ahead, at local midnight.
      const due = new Date(ctx.y, ctx.m, ctx.d + rng.int(-14, 30)).getTime();
      if (due > c.createdAt) {
        followUpAt = due;
        at = Math.max(c.createdAt, Math.min(ctx.now, due - rng.int(1, 14) * DAY_MS - rng.int(0, 10) * 3_600_000));
      }
    }
    const subjects = SUBJECTS[type][lang];
    out.push({
      id: demoId(ctx, at, rng),
      createdAt: at,
      updatedAt: at,
      customerId: c.id,
      type,
      at,
      subject: rng.pick(subjects),
      notes: '',
      outcome: type === 'note' ? '' : rng.pick(OUTCOMES[lang]),
      followUpAt,
    });
  }
}

function addSurveys(rng: Rng, ctx: Ctx, c: DemoCustomer, zh: boolean, out: DemoSurvey[]): void {
  const n = SURVEY_COUNTS.pick(rng);
  const lang = zh ? 'zh' : 'en';
  for (let k = 0; k < n; k++) {
    const at = between(rng, c.createdAt, ctx.now);
    const score = SCORES.pick(rng);
    const pool = score >= 9 ? COMMENTS.good : score >= 7 ? COMMENTS.mid : COMMENTS.bad;
    const comment = rng.chance(0.4) ? rng.pick(pool[lang]) : '';
    const channel = rng.pick(zh ? ['wechat', 'sms', 'in-store', 'phone'] : ['email', 'sms', 'in-store', 'phone']);
    out.push({ id: demoId(ctx, at, rng), createdAt: at, updatedAt: at, customerId: c.id, at, score, comment, channel });
  }
}

/**
 * Ids unique by construction and in generation order, as ids made while the rows are inserted would
 * be: the time part is the load's `now`, then bits from the seed, the customer's index (32 bits) and
 * a per-customer serial (16 bits). (Random words alone repeated at 100,000 customers, because the
 * per-customer generators' streams overlap; and ordered ids keep IndexedDB's B-trees appending
 * instead of writing at random places.) Still draws one word from `rng`, so everything else
 * generated for a seed stays the same.
 */
function demoId(ctx: Ctx, _ms: number, rng: Rng): string {
  rng.uint32();
  return idFromWords(ctx.now, ctx.seedWord, ctx.index, ctx.serial++);
}

/** Seed of customer i's own generator. */
function customerSeed(seed: number, i: number): number {
  return (seed ^ hash32(i + 0x9e3779b9)) >>> 0;
}

/**
 * Customers with global indices start .. start+count-1 and their orders, interactions and surveys.
 * Customer i (and its children) is the same however the range is split into chunks.
 */
export function generateDemoChunk(opts: DemoChunkOptions): DemoChunk {
  const today = new Date(opts.now);
  const ctx: Ctx = {
    now: opts.now,
    index: 0,
    serial: 0,
    seedWord: hash32(opts.seed),
    y: today.getFullYear(),
    m: today.getMonth(),
    d: today.getDate(),
    year: today.getFullYear(),
    ...(opts.ordersPerCustomer === undefined ? {} : { ordersPerCustomer: opts.ordersPerCustomer }),
  };
  const chunk: DemoChunk = { customers: [], orders: [], interactions: [], surveys: [] };
  for (let i = opts.start; i < opts.start + opts.count; i++) {
    const rng = new Rng(customerSeed(opts.seed, i));
    ctx.index = i;
    ctx.serial = 0;
    const { c, zh } = customerRecord(rng, ctx);
    chunk.customers.push(c);
    addOrders(rng, ctx, c, chunk.orders);
    addInteractions(rng, ctx, c, zh, chunk.interactions);
    addSurveys(rng, ctx, c, zh, chunk.surveys);
  }
  return chunk;
}

/** A generated chunk with its customers' search keys, in order. */
export interface KeyedDemoChunk extends DemoChunk {
  keys: CustomerSearchKeys[];
}

/**
 * `generateDemoChunk` plus each customer's search keys (`customerSearchKeys`): what the search-key
 * worker hands the demo loader in one message. The key data (pinyin, phone metadata) must be
 * loaded: the worker loads it at start; elsewhere `ensureSearchKeyDataFor` first.
 */
export function keyedDemoChunk(opts: DemoChunkOptions): KeyedDemoChunk {
  const chunk = generateDemoChunk(opts);
  return { ...chunk, keys: chunk.customers.map((c) => customerSearchKeys(c)) };
}

/** Streams `total` demo customers in chunks of `chunkSize` (default 500). */
export function* demoChunks(opts: {
  seed: number;
  total: number;
  now: number;
  chunkSize?: number;
}): Generator<DemoChunk, void, undefined> {
  const size = Math.max(1, opts.chunkSize ?? 500);
  for (let start = 0; start < opts.total; start += size) {
    yield generateDemoChunk({ seed: opts.seed, start, count: Math.min(size, opts.total - start), now: opts.now });
  }
}
