// The merge follower: children that arrive later pointing at a merged record are re-pointed to its
// survivor (and recorded in the merge, so Undo sends them back); an edit that arrives later on a
// tombstone (another device's sync) is applied to the survivor.
import type { Subscription } from 'rxjs';
import { applyLateEdit } from '../../domain/merge';
import { updateCustomer } from '../repos/customers';
import { pageDecisions } from '../repos/decisions';
import type { FieldbookDatabase } from '../db/database';
import type { CustomerDoc, DecisionDoc } from '../db/schemas';
import { CHILDREN, childrenOf, fieldsOf, getCustomer, repointLate, resolveSurvivor, type ChildDoc } from './records';

export interface MergeFollower {
  /** Resolves when every change seen so far has been handled. */
  idle(): Promise<void>;
  stop(): void;
}

/**
 * Keeps merges consistent with what arrives later (sync, import, another tab): children pointing
 * at a merged record are re-pointed to its survivor; an edit to a merged record is applied to the
 * survivor; a record that becomes merged (e.g. its tombstone arrived by sync) has its existing
 * children re-pointed. Runs for the app's lifetime (started with the background work, derived/background.ts).
 */
export function startMergeFollower(db: FieldbookDatabase, by = 'merge-follower'): MergeFollower {
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (job: () => Promise<void>): void => {
    queue = queue.then(job).catch((err: unknown) => console.error('merge follower failed', err));
  };
  const subs: Subscription[] = [];
  // Ids of records merged away, so a child write costs a Set lookup, not a read (demo loads and
  // sync pulls write children in bulk). Filled from the merge decisions, kept current from the
  // decisions and customers streams; the database is still checked before anything is re-pointed.
  const merged = new Set<string>();
  if ((db.collections as Partial<FieldbookDatabase['collections']>).decisions) {
    enqueue(async () => {
      let after: { createdAt: number; id: string } | null = null;
      for (;;) {
        const page = await pageDecisions(db, 'merge', after);
        for (const d of page) merged.add(d.customerId);
        const last = page[page.length - 1];
        if (!last || page.length < 500) break;
        after = { createdAt: last.createdAt, id: last.id };
      }
    });
    subs.push(
      db.decisions.eventBulks$.subscribe((bulk) => {
        for (const ev of bulk.events) {
          const d = ev.documentData as DecisionDoc;
          if (d.kind === 'merge' && d.state === 'active') merged.add(d.customerId);
        }
      }),
    );
  }

  for (const name of CHILDREN) {
    const coll = db[name] as unknown as { eventBulks$: FieldbookDatabase['orders']['eventBulks$'] };
    subs.push(
      coll.eventBulks$.subscribe((bulk) => {
        const byCustomer = new Map<string, string[]>();
        for (const ev of bulk.events) {
          if (ev.operation === 'DELETE') continue;
          const d = ev.documentData as ChildDoc;
          if (!merged.has(d.customerId)) continue;
          const list = byCustomer.get(d.customerId) ?? [];
          list.push(d.id);
          byCustomer.set(d.customerId, list);
        }
        if (byCustomer.size === 0) return;
        enqueue(async () => {
          const customers = await db.customers.findByIds([...byCustomer.keys()]).exec();
          for (const [customerId, ids] of byCustomer) {
            if (!customers.get(customerId)?.mergedInto) continue;
            const target = await resolveSurvivor(db, customerId);
            const found = await (
              db[name] as unknown as {
                findByIds(ids: string[]): { exec(): Promise<Map<string, { toMutableJSON(): ChildDoc }>> };
              }
            )
              .findByIds(ids)
              .exec();
            const docs = [...found.values()].map((d) => d.toMutableJSON()).filter((d) => d.customerId === customerId);
            await repointLate(db, name, docs, customerId, target, by);
          }
        });
      }),
    );
  }

  subs.push(
    db.customers.eventBulks$.subscribe((bulk) => {
      for (const ev of bulk.events) {
        const prev = ev.previousDocumentData as CustomerDoc | undefined;
        const next = ev.documentData as CustomerDoc & { _deleted?: boolean };
        if (ev.operation === 'DELETE' || next._deleted || !next.mergedInto) continue;
        merged.add(next.id);
        if (!prev?.mergedInto) {
          // Became merged (here, or a tombstone arrived by sync): move any children still on it.
          enqueue(async () => {
            const target = await resolveSurvivor(db, next.id);
            for (const name of CHILDREN)
              await repointLate(db, name, await childrenOf(db, name, next.id), next.id, target, by);
          });
        } else if (prev.mergedInto === next.mergedInto) {
          // An edit to a record already merged: it belongs to the survivor.
          const before = fieldsOf(prev);
          const after = fieldsOf(next);
          enqueue(async () => {
            const target = await resolveSurvivor(db, next.id);
            const survivor = await getCustomer(db, target);
            if (!survivor || survivor.id === next.id) return;
            const updated = applyLateEdit(fieldsOf(survivor), before, after);
            if (updated) await updateCustomer(db, target, updated, { now: Date.now(), by });
          });
        }
      }
    }),
  );

  return {
    idle: async () => {
      let current: Promise<void>;
      do {
        current = queue;
        await current;
      } while (current !== queue);
    },
    stop: () => {
      for (const s of subs) s.unsubscribe();
    },
  };
}
