// The merge flow shared by the customer screen and the Duplicates screen: which records the merge
// dialog shows, the merge itself, and Undo.
import { customersByIds } from '../data/repos/customers';
import type { FieldbookDatabase } from '../data/db/database';
import { mergeCustomers, type MergePayload, type MergeResult } from '../data/merge/merge';
import { recentMerges, undoMerge } from '../data/merge/undo';
import type { CustomerDoc } from '../data/db/schemas';
import type { MergeChoices } from '../domain/merge';
import { isInUse } from '../domain/trash';

export interface RecentMerge {
  mergeId: string;
  at: number;
  survivor: CustomerDoc;
  others: CustomerDoc[];
}

export class MergeState {
  /** The last merges (newest first), for "Undo" on the Duplicates screen. */
  recent = $state.raw<RecentMerge[]>([]);
  /** The open dialog's records (survivor candidate first) or null. */
  dialog = $state.raw<{ records: CustomerDoc[]; survivorId: string } | null>(null);
  #db: FieldbookDatabase;
  #by: string;

  constructor(db: FieldbookDatabase, by: string) {
    this.#db = db;
    this.#by = by;
  }

  /** Open the dialog for merging `otherIds` into `survivorId` (missing or merged records are left out). */
  async open(survivorId: string, otherIds: string[]): Promise<void> {
    const docs = (await customersByIds(this.#db, [survivorId, ...otherIds.filter((id) => id !== survivorId)])).filter(
      isInUse,
    );
    if (docs.length < 2) return;
    this.dialog = { records: docs, survivorId };
  }

  cancel(): void {
    this.dialog = null;
  }

  async confirm(survivorId: string, otherIds: string[], choices: MergeChoices): Promise<MergeResult> {
    const result = await mergeCustomers(this.#db, survivorId, otherIds, choices, this.#by);
    this.dialog = null;
    return result;
  }

  async undo(mergeId: string): Promise<boolean> {
    const done = await undoMerge(this.#db, mergeId, this.#by);
    this.recent = this.recent.filter((m) => m.mergeId !== mergeId);
    return done;
  }

  async loadRecent(): Promise<void> {
    const rows = await recentMerges(this.#db, 30);
    const out: RecentMerge[] = [];
    for (const d of rows) {
      const p = JSON.parse(d.payload) as MergePayload;
      const hit = out.find((m) => m.mergeId === d.groupId);
      if (hit) hit.others.push(p.otherBefore);
      else out.push({ mergeId: d.groupId, at: d.createdAt, survivor: p.survivorBefore, others: [p.otherBefore] });
    }
    this.recent = out.slice(0, 10);
  }
}
