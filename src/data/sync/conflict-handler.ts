// RxDB conflict handler = the pure three-way merge (domain/three-way-merge.ts) plus two things only
// the data layer can do: recompute a customer's derived search keys from the merged fields, and
// keep every losing value in the local sync log. RxDB's default handler (server wins: a local edit
// silently lost) is never used: database.ts sets this one on every replicated collection.
import type { RxCollection, RxConflictHandler, WithDeleted } from 'rxdb';
import { isErasure } from '../../domain/erasure';
import { jsonEqual, threeWayMerge, type LostValue } from '../../domain/three-way-merge';
import type { CustomerFields } from '../../domain/types';
import { storedKeys } from '../db/keys';
import type { SyncLogDoc } from './schemas';
import { ensureSearchKeyDataFor } from '../../domain/customer';

/**
 * Customer fields derived on write (keys.ts): recomputed after a merge, never merged or logged. Not
 * the schema's index list: that says which keys are indexed (companyKey is derived, not indexed).
 */
export const CUSTOMER_DERIVED = [
  'nameKey',
  'nameRevKey',
  'hanziKey',
  'initialsKey',
  'emailKey',
  'phoneKey',
  'nationalKey',
  'phoneRevKey',
  'companyKey',
  'companySort',
  'recentKey',
] as const;

const IGNORED = new Set(['_meta', '_rev', '_attachments']);
const strip = (doc: object): Record<string, unknown> =>
  Object.fromEntries(Object.entries(doc).filter(([k]) => !IGNORED.has(k)));

/** Short stable hash (FNV-1a) for log ids. */
function fnv(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

export function conflictLogEntry(collection: string, docId: string, lost: LostValue): SyncLogDoc {
  const lostJson = JSON.stringify(lost.lost) ?? 'null';
  return {
    // The same conflict resolved twice (RxDB may retry a resolution) gives the same id: one entry.
    id: ['conflict', collection, docId, lost.field, lost.lostAt, lost.keptAt, fnv(lostJson)].join('|').slice(0, 400),
    kind: 'conflict',
    state: 'open',
    coll: collection,
    docId,
    at: Math.max(lost.lostAt, lost.keptAt),
    field: lost.field,
    reason: '',
    body: JSON.stringify(lost),
  };
}

/**
 * Where conflict handlers put log entries. Created before the collections (their handlers need it)
 * and attached to the sync log collection once it exists. Entries recorded before that wait in
 * memory and are written on attach. Writes are upserts of deterministic ids: never duplicated.
 */
export class ConflictSink {
  #log: RxCollection<SyncLogDoc> | null = null;
  #waiting: SyncLogDoc[] = [];

  async attach(log: RxCollection<SyncLogDoc>): Promise<void> {
    this.#log = log;
    const waiting = this.#waiting;
    this.#waiting = [];
    if (waiting.length) await log.bulkUpsert(waiting);
  }

  async record(entries: SyncLogDoc[]): Promise<void> {
    if (!entries.length) return;
    if (!this.#log) {
      this.#waiting.push(...entries);
      return;
    }
    // Keep a user's "restored"/"dismissed" state if the same conflict is seen again.
    const existing = await this.#log.findByIds(entries.map((e) => e.id)).exec();
    const fresh = entries.filter((e) => !existing.has(e.id));
    if (fresh.length) await this.#log.bulkUpsert(fresh);
  }
}

export interface MergedForCollection {
  doc: Record<string, unknown>;
  lost: LostValue[];
}

/**
 * The merge as the handler does it, exported for the rejected-changes retry (sync-log.ts).
 * Customers: `ensureSearchKeyDataFor` first (the pinyin dictionaries for a Chinese name, phone metadata).
 */
export function mergeForCollection(
  collection: string,
  local: object,
  server: object,
  base: object | undefined,
): MergedForCollection {
  const isCustomer = collection === 'customers';
  const { doc, lost } = threeWayMerge(strip(local), strip(server), base ? strip(base) : undefined, {
    derived: isCustomer ? CUSTOMER_DERIVED : [],
    // Consent changes recorded on two devices are all kept (domain/consent.ts).
    appendOnly: isCustomer ? ['consentHistory'] : [],
  });
  if (isCustomer) Object.assign(doc, storedKeys(doc as unknown as CustomerFields, Number(doc.updatedAt) || 0));
  return { doc, lost };
}

export function createConflictHandler<T>(
  collection: string,
  primaryKey: string,
  sink: ConflictSink,
): RxConflictHandler<T> {
  return {
    isEqual(a, b) {
      return jsonEqual(strip(a), strip(b));
    },
    async resolve(input) {
      // An erasure wins over any edit (a merge would bring personal values back), and nothing of
      // the losing side is logged: the log would keep what was erased. Two erasures: the server's.
      const erased = [input.realMasterState, input.newDocumentState].find((d) => isErasure(collection, d));
      if (erased) return erased;
      // The merge recomputes a customer's name keys; the merged names come from these states.
      if (collection === 'customers')
        await ensureSearchKeyDataFor(
          [input.newDocumentState, input.realMasterState, input.assumedMasterState].filter(
            (d): d is NonNullable<typeof d> => !!d,
          ),
        );
      const { doc, lost } = mergeForCollection(
        collection,
        input.newDocumentState,
        input.realMasterState,
        input.assumedMasterState,
      );
      const id = String((input.newDocumentState as Record<string, unknown>)[primaryKey]);
      // Recorded before the merged document is written: a crash in between re-runs the resolution,
      // which records the same ids again (upsert), so an entry is neither lost nor duplicated.
      await sink.record(lost.map((l) => conflictLogEntry(collection, id, l)));
      return doc as WithDeleted<T>;
    },
  };
}
