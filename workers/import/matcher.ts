// Duplicates of imported rows, by the dedup engine's own live check (its public `DedupIndex`):
// rows that match a stored customer, and rows that match an earlier row of the same file. The
// score and the field-by-field explanation are the ones the duplicates screen shows.
import { DedupIndex } from '../dedup/live-index';
import type { DedupInput } from '../dedup/standardize';
import type { FieldExplanation } from '../dedup/model';

export interface DuplicateHit {
  row: number;
  /** The stored customer the row matches … */
  customerId?: string;
  /** … or the earlier row of the file it matches. */
  duplicateOfRow?: number;
  /** Match probability (0–1). */
  score: number;
  swappedNames: boolean;
  fields: FieldExplanation[];
}

// File rows live in the same index under ids no stored customer has (UUIDs never start with '#').
const ROW_PREFIX = '#';

export class ImportMatcher {
  private readonly index: DedupIndex;
  private storedCount = 0;

  constructor(opts: { defaultRegion: string; threshold?: number }) {
    this.index = new DedupIndex({ defaultRegion: opts.defaultRegion, threshold: opts.threshold });
  }

  /** Stored customers to match against (plain records, in pages). */
  addStored(entries: readonly { id: string; record: DedupInput }[]): number {
    for (const e of entries) this.index.add(e.id, e.record);
    this.storedCount += entries.length;
    return this.storedCount;
  }

  get stored(): number {
    return this.storedCount;
  }

  /** The row's best match (stored customer or earlier row), then remembers the row for later ones. */
  matchAndAdd(row: number, record: DedupInput): DuplicateHit | null {
    const best = this.index.check(record, { limit: 1 })[0];
    this.index.add(`${ROW_PREFIX}${row}`, record);
    if (!best) return null;
    const { score, swappedNames, fields } = best;
    return best.id.startsWith(ROW_PREFIX)
      ? { row, duplicateOfRow: Number(best.id.slice(ROW_PREFIX.length)), score, swappedNames, fields }
      : { row, customerId: best.id, score, swappedNames, fields };
  }
}
