// Micro-benchmark of the Insights worker's "one new order" path: one changed summary row
// applied, then the overview (and `info`, which the screen asks for with it) recomputed.
// Synthetic rows, no database: `npx tsx test/bench/micro-bench.ts [customers] [rounds]`.
// Not part of the app bundle or the test suite; the lead's `npm run bench` is the real figure.
import { createInsightsApi } from '../../workers/stats/insights-api';
import type { SummaryRow } from '../../workers/stats/summary';

const N = Number(process.argv[2] ?? 100_000);
const ROUNDS = Number(process.argv[3] ?? 20);
const NOW = new Date(2026, 5, 15, 12).getTime();
const DAY = 86_400_000;

// Deterministic PRNG (mulberry32) so before/after runs see the same data.
let seed = 42;
function rnd(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)] as T;
const mk = (ms: number): string => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
};

function row(i: number, extraOrders = 0): SummaryRow {
  const orders = 10 + extraOrders;
  const months = new Map<string, { month: string; currency: string; revenueMinor: number; orders: number }>();
  let first = Infinity;
  let last = 0;
  const spend = new Map<string, { currency: string; totalMinor: number; orders: number }>();
  for (let k = 0; k < orders; k++) {
    const at = NOW - Math.floor(rnd() * 730) * DAY;
    first = Math.min(first, at);
    last = Math.max(last, at);
    const currency = rnd() < 0.05 ? 'USD' : 'EUR';
    const total = 500 + Math.floor(rnd() * 20_000);
    const key = `${mk(at)}|${currency}`;
    const m = months.get(key) ?? { month: mk(at), currency, revenueMinor: 0, orders: 0 };
    m.revenueMinor += total;
    m.orders++;
    months.set(key, m);
    const s = spend.get(currency) ?? { currency, totalMinor: 0, orders: 0 };
    s.totalMinor += total;
    s.orders++;
    spend.set(currency, s);
  }
  const surveys = Array.from({ length: Math.floor(rnd() * 3) }, () => ({
    at: NOW - Math.floor(rnd() * 365) * DAY,
    score: Math.floor(rnd() * 11),
  })).sort((a, b) => a.at - b.at);
  return {
    id: `c${String(i).padStart(6, '0')}`,
    tags: rnd() < 0.2 ? ['vip'] : [],
    ownerId: `rep${Math.floor(rnd() * 20)}`,
    region: pick(['North', 'South', 'East', 'West']),
    orderCount: orders,
    firstOrderAt: first,
    lastOrderAt: last,
    meanIntervalDays: 30,
    medianIntervalDays: 28,
    spend: [...spend.values()],
    months: [...months.values()].sort((a, b) => (a.month < b.month ? -1 : 1)),
    surveyCount: surveys.length,
    scoreSum: surveys.reduce((s, x) => s + x.score, 0),
    lastScore: surveys.at(-1)?.score ?? -1,
    lastSurveyAt: surveys.at(-1)?.at ?? 0,
    surveys,
    visits: [],
    lastInteractionAt: 0,
    openFollowUpAt: 0,
    skus: [pick(['A', 'B', 'C', 'D'])],
    quality: Math.floor(rnd() * 101),
    contactable: rnd() < 0.5 ? ['email'] : [],
  };
}

const api = createInsightsApi();
const rows = Array.from({ length: N }, (_, i) => row(i));
for (let i = 0; i < rows.length; i += 500) api.load(rows.slice(i, i + 500));
api.overview({}, NOW);
api.info();

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const times: number[] = [];
const withInfo: number[] = [];
for (let k = 0; k < ROUNDS; k++) {
  const t0 = performance.now();
  api.apply([row(k * 37, k + 1)], []);
  api.overview({}, NOW);
  times.push(performance.now() - t0);
  api.info();
  withInfo.push(performance.now() - t0);
}
// the next minute (another activity window for the same filter)
const nextMinute: number[] = [];
for (let k = 0; k < ROUNDS; k++) {
  const t1 = performance.now();
  api.overview({}, NOW + (k + 1) * 60_000);
  nextMinute.push(performance.now() - t1);
}
// a new filter each time (20 distinct month ranges, more than the cache keeps): the full computation
const full: number[] = [];
for (let k = 0; k < ROUNDS; k++) {
  const t1 = performance.now();
  api.overview({ fromMonth: mk(NOW - (k % 20) * 31 * DAY) }, NOW);
  full.push(performance.now() - t1);
}
console.log(
  `${N} customers, median of ${ROUNDS}: one upsert + overview ${median(times).toFixed(2)} ms (min ${Math.min(...times).toFixed(2)}, max ${Math.max(...times).toFixed(2)}); + info ${median(withInfo).toFixed(2)} ms`,
);
console.log(
  `overview at the next minute: ${median(nextMinute).toFixed(2)} ms; overview of a new filter: ${median(full).toFixed(2)} ms`,
);
