// Measure columns for tests of the analyses (risk, recommendations): plain orders, surveys and
// interactions go through the app's own path — src/domain/measures.ts summarize() per customer, then
// the stats worker's SummaryStore — so a test states its data as records, not as summary rows.
import { summarize, type MeasuredCustomer } from '../../src/domain/summarize';
import { countsAsRevenue, isOrderStatus } from '../../src/domain/order-status';
import type { InteractionType, OrderStatus } from '../../src/domain/types';
import { emptyConsent } from '../../src/domain/consent';
import type { MeasureColumns } from '../../workers/stats/columns';
import { CoOccurrence } from '../../workers/stats/recommend';
import { SummaryStore } from '../../workers/stats/summary';

export interface OrderRow {
  id: string;
  customerId: string;
  orderedAt: number;
  totalMinor: number;
  status: OrderStatus;
  /** default 'EUR' */
  currency?: string;
  skus?: readonly string[];
}

export interface SurveyRow {
  id: string;
  customerId: string;
  at: number;
  score: number;
}

export interface InteractionRow {
  id: string;
  customerId: string;
  at: number;
  type: InteractionType;
  /** 0 or absent: none */
  followUpAt?: number;
}

const customer = (id: string): MeasuredCustomer => ({
  id,
  tags: [],
  ownerId: '',
  givenName: '',
  familyName: '',
  email: '',
  phone: '',
  company: '',
  street: '',
  city: '',
  postcode: '',
  region: '',
  country: '',
  birthDate: '',
  consent: emptyConsent(),
});

/** A SummaryStore holding one summarized row per customer that has any record (first seen first). */
export function buildSummaryStore(
  input: { orders?: readonly OrderRow[]; surveys?: readonly SurveyRow[]; interactions?: readonly InteractionRow[] },
  currency = 'EUR',
): { store: SummaryStore; columns: (now: number) => MeasureColumns } {
  const ids = new Set<string>();
  for (const r of [...(input.orders ?? []), ...(input.surveys ?? []), ...(input.interactions ?? [])])
    ids.add(r.customerId);
  const store = new SummaryStore();
  for (const id of ids) {
    const orders = (input.orders ?? [])
      .filter((o) => o.customerId === id)
      .map((o) => ({
        id: o.id,
        orderedAt: o.orderedAt,
        status: o.status,
        currency: o.currency ?? 'EUR',
        totalMinor: o.totalMinor,
        items: (o.skus ?? []).map((sku) => ({ sku, name: sku, qty: 1, unitPriceMinor: o.totalMinor })),
      }));
    const surveys = (input.surveys ?? []).filter((s) => s.customerId === id);
    const interactions = (input.interactions ?? [])
      .filter((r) => r.customerId === id)
      .map((r) => ({ id: r.id, at: r.at, type: r.type, followUpAt: r.followUpAt ?? 0 }));
    store.upsert(summarize(customer(id), orders, surveys, interactions, 0));
  }
  return { store, columns: (now) => store.columns(now, currency) };
}

/** Co-occurrence counts built order by order from plain orders (only counted statuses, as summarize()). */
export function coOccurrenceFromOrders(
  orders: Iterable<{ customerId: string; skus: readonly string[]; status?: string }>,
): CoOccurrence {
  const co = new CoOccurrence();
  for (const o of orders)
    if (o.status === undefined || (isOrderStatus(o.status) && countsAsRevenue(o.status)))
      co.addOrder(o.customerId, o.skus);
  return co;
}
