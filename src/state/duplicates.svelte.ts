// Duplicate detection in the app: the dedup worker's in-memory index, loaded from the customers
// collection in small batches (no long main-thread task: a few hundred plain records per message,
// yielding between batches) and kept current from the customers change stream, so records that
// arrive by sync or import are indexed and checked as they come. One index per database.
import type { Subscription } from 'rxjs';
import type { Remote } from 'comlink';
import { customersByIds } from '../data/repos/customers';
import type { FieldbookDatabase } from '../data/db/database';
import { decisionChanges$, loadNotDuplicatePairs, markNotDuplicates } from '../data/repos/decisions';
import { customerBatch, customerUpserts$ } from '../data/repos/customer-feed';
import type { CustomerDoc } from '../data/db/schemas';
import { normalizeCountry } from '../domain/country';
import { isEventCustomer } from '../domain/kiosk';
import { normalizePhone } from '../domain/phone';
import { pairKey } from '../domain/merge';
import { displayName } from '../domain/names';
import type { CustomerInput } from '../domain/types';
import { dedupWorker, proxy } from '../../workers/client';
import type { DedupApi, DedupInput, DedupMatch } from '../../workers/dedup/contract';
import { afterQueuedTasks } from '../lib/next-task';
import { isInUse } from '../domain/trash';

export type { DedupMatch };
const BATCH = 300;
/** Most new arrivals checked per change batch (a big import is covered by the full scan). */
const ARRIVAL_CHECKS = 20;

/** The stored fields the engine reads. */
// The engine's input (DedupInput), a list of its own: it shares names, not purpose, with the schema and CSV lists.
const DEDUP_FIELDS = [
  'givenName',
  'familyName',
  'email',
  'phone',
  'otherEmails',
  'otherPhones',
  'company',
  'street',
  'city',
  'postcode',
  'region',
  'country',
  'birthDate',
] as const satisfies readonly (keyof DedupInput & keyof CustomerDoc)[];

export function toDedupInput(c: CustomerDoc): DedupInput {
  return Object.fromEntries(DEDUP_FIELDS.map((k) => [k, c[k]]));
}

/** What the form holds, as the engine reads it (phone as E.164 with the form's region when valid). */
export function formToDedupInput(input: CustomerInput, defaultRegion: string): DedupInput {
  const country = normalizeCountry(input.country) ?? '';
  const phone = normalizePhone(input.phone, country || defaultRegion)?.e164 ?? input.phone;
  return {
    givenName: input.givenName,
    familyName: input.familyName,
    email: input.email.trim(),
    phone,
    company: input.company,
    street: input.street,
    city: input.city,
    postcode: input.postcode,
    region: input.region,
    country: country || input.country,
    birthDate: input.birthDate,
  };
}

export interface ArrivalHit {
  id: string;
  name: string;
  matches: DedupMatch[];
}

/** When the last full scan finished on this device (records created since are checked on load). */
const LAST_SCAN_KEY = 'fieldbook.dedup.lastScanAt';
/** Most records created since the last scan that are checked when the index loads. */
const SINCE_SCAN_CHECKS = 500;

export function markFullScan(at = Date.now()): void {
  globalThis.localStorage?.setItem(LAST_SCAN_KEY, String(at));
}
function lastFullScan(): number {
  return Number(globalThis.localStorage?.getItem(LAST_SCAN_KEY) ?? 0) || 0;
}

export class DedupIndexState {
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  /** Records indexed so far (progress of the initial load) and in total. */
  size = $state(0);
  /** Newly arrived records (sync, import, another tab, this form) with likely duplicates. */
  arrivals = $state.raw<ArrivalHit[]>([]);
  /** Bumped when "not duplicates" decisions change (screens re-filter). */
  decisionsVersion = $state(0);

  #db: FieldbookDatabase;
  #started: Promise<void> | null = null;
  #subs: Subscription[] = [];
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not UI state (decisionsVersion signals changes)
  #notDup = new Set<string>();
  /** Index updates from the change stream, applied in order. */
  #queue: Promise<void> = Promise.resolve();

  constructor(db: FieldbookDatabase) {
    this.#db = db;
  }

  get worker(): Remote<DedupApi> {
    return dedupWorker();
  }

  /** Load the index once (later calls wait for the same load). */
  start(): Promise<void> {
    this.#started ??= this.#load().catch((err: unknown) => {
      this.status = 'error';
      console.error('dedup index load failed', err);
    });
    return this.#started;
  }

  async #load(): Promise<void> {
    this.status = 'loading';
    const w = dedupWorker();
    // Changes during the load are held back and applied after it, so a batch read before an edit
    // can never overwrite the edit in the index.
    let pending: { upserts: CustomerDoc[]; removed: string[]; inserted: string[] }[] | null = [];
    this.#subs.push(
      customerUpserts$(this.#db).subscribe((change) => {
        if (pending) pending.push(change);
        else
          this.#queue = this.#queue
            .then(() => this.#apply(change))
            .catch((err: unknown) => console.error('dedup index update failed', err));
      }),
      decisionChanges$(this.#db).subscribe((docs) => {
        let changed = false;
        for (const d of docs) {
          if (d.kind !== 'notDuplicate') continue;
          const key = `${d.customerId}|${d.otherId}`;
          if (d.state === 'active') this.#notDup.add(key);
          else this.#notDup.delete(key);
          changed = true;
        }
        if (changed) this.decisionsVersion++;
      }),
    );
    for (const k of await loadNotDuplicatePairs(this.#db)) this.#notDup.add(k);
    this.decisionsVersion++;
    await w.load([]);
    let after: string | null = null;
    let total = 0;
    // Records that arrived (sync, import, other devices) since this device's last full scan are
    // checked once the index is complete, so they show up as new possible duplicates.
    const since = lastFullScan();
    const arrived: CustomerDoc[] = [];
    do {
      const batch = await customerBatch(this.#db, after, BATCH);
      const live = batch.rows.filter((r) => isInUse(r) && !isEventCustomer(r));
      if (since > 0)
        for (const r of live) if (r.createdAt > since && arrived.length < SINCE_SCAN_CHECKS) arrived.push(r);
      total = await w.upsert(live.map((r) => ({ id: r.id, record: toDedupInput(r) })));
      this.size = total;
      after = batch.next;
      await afterQueuedTasks();
    } while (after !== null);
    const held = pending;
    pending = null;
    for (const change of held) await this.#apply(change, false);
    this.status = 'ready';
    for (let i = 0; i < arrived.length; i += ARRIVAL_CHECKS) {
      const chunk = arrived.slice(i, i + ARRIVAL_CHECKS);
      await this.#checkArrivals(
        chunk,
        chunk.map((r) => r.id),
      );
      await afterQueuedTasks();
    }
  }

  async #apply(
    change: { upserts: CustomerDoc[]; removed: string[]; inserted: string[] },
    checkArrivals = true,
  ): Promise<void> {
    const w = dedupWorker();
    if (change.removed.length) this.size = await w.remove(change.removed);
    if (change.upserts.length)
      this.size = await w.upsert(change.upserts.map((r) => ({ id: r.id, record: toDedupInput(r) })));
    if (!checkArrivals || change.inserted.length === 0) return;
    await this.#checkArrivals(change.upserts, change.inserted.slice(0, ARRIVAL_CHECKS));
  }

  async #checkArrivals(docs: readonly CustomerDoc[], ids: readonly string[]): Promise<void> {
    const w = dedupWorker();
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not UI state
    const byId = new Map(docs.map((r) => [r.id, r]));
    const hits: ArrivalHit[] = [];
    for (const id of ids) {
      const doc = byId.get(id);
      if (!doc) continue;
      const matches = this.filterDecided(id, await w.check(toDedupInput(doc), { excludeId: id, limit: 5 }));
      if (matches.length) hits.push({ id, name: displayName(doc) || doc.email || doc.phone, matches });
    }
    if (hits.length)
      this.arrivals = [...hits, ...this.arrivals.filter((a) => !hits.some((h) => h.id === a.id))].slice(0, 50);
  }

  /** Resolves once the index has caught up with every change seen so far. */
  async whenIdle(): Promise<void> {
    await this.start();
    let current: Promise<void>;
    do {
      current = this.#queue;
      await current;
    } while (current !== this.#queue);
  }

  /** Drop matches the user said are not duplicates of `id`. */
  filterDecided(id: string | undefined, matches: DedupMatch[]): DedupMatch[] {
    if (!id) return matches;
    return matches.filter((m) => !this.isNotDuplicate(id, m.id));
  }

  isNotDuplicate(a: string, b: string): boolean {
    const { lo, hi } = pairKey(a, b);
    return this.#notDup.has(`${lo}|${hi}`);
  }

  /** Likely duplicates of a record being typed (`excludeId`: the record being edited). */
  async check(record: DedupInput, excludeId?: string, threshold?: number): Promise<DedupMatch[]> {
    await this.start();
    const matches = await dedupWorker().check(record, { excludeId, limit: 5, threshold });
    return this.filterDecided(excludeId, matches);
  }

  async notDuplicates(a: string, b: string, by: string): Promise<void> {
    await markNotDuplicates(this.#db, a, b, { now: Date.now(), by });
    const { lo, hi } = pairKey(a, b);
    this.#notDup.add(`${lo}|${hi}`);
    this.arrivals = this.arrivals
      .map((x) => (x.id === a || x.id === b ? { ...x, matches: x.matches.filter((m) => m.id !== a && m.id !== b) } : x))
      .filter((x) => x.matches.length > 0);
    this.decisionsVersion++;
  }

  customers(ids: string[]): Promise<CustomerDoc[]> {
    return customersByIds(this.#db, ids);
  }

  destroy(): void {
    for (const s of this.#subs) s.unsubscribe();
    this.#subs = [];
  }
}

const instances = new WeakMap<FieldbookDatabase, DedupIndexState>();
/** The one index of this database (created on first use; lives as long as the app). */
export function dedupIndex(db: FieldbookDatabase): DedupIndexState {
  let s = instances.get(db);
  if (!s) {
    s = new DedupIndexState(db);
    instances.set(db, s);
  }
  return s;
}

/** Progress callback wrapper for worker calls. */
export { proxy };
