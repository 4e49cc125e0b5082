// The merge flow shared by the customer screen and the Duplicates screen: which records the merge
// dialog shows, the merge itself, and Undo.
import { customersByIds } from '../data/customers';
import type { FieldbookDatabase } from '../data/database';
import { mergeCustomers, undoMerge, type MergeResult } from '../data/merge';
import type { CustomerDoc } from '../data/schemas';
import type { MergeChoices } from '../domain/merge';

export class MergeState {
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
    const docs = (await customersByIds(this.#db, [survivorId, ...otherIds.filter((id) => id !== survivorId)])).filter((d) => !d.mergedInto);
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

  undo(mergeId: string): Promise<boolean> {
    return undoMerge(this.#db, mergeId, this.#by);
  }
}
