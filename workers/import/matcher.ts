// Duplicates of imported rows, scored by the dedup engine with the explanation the duplicates
// screen shows:
// - against stored customers, as the engine's live check finds them (`DedupIndex.check`, holding the
//   stored records only, so its cost per row depends on the database, not on the file), by
//   stored-match.ts, which gives the same result at a fraction of the cost;
// - against earlier rows of the same file, by candidates that share an exact key (canonical email,
//   phone, or name with birth date / postcode / street) scored with the engine's `scorePair`. The
//   live index is not used for file rows: its blocks grow with every row added and common-name
//   blocks made a 100,000-row file quadratic.
import { standardize, type DedupInput, type StdRecord } from '../dedup/standardize';
import { DEFAULT_THRESHOLD, scorePrepared } from '../dedup/engine';
import { defaultParams, prepare, weightTable, type FieldExplanation, type Prepared } from '../dedup/model';
import { StringPool } from '../dedup/compare';
import { StoredMatcher } from './stored-match';

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

/** Earlier rows kept per key (a key shared by more rows says little: a switchboard, a namesake). */
const KEY_ROWS_MAX = 8;

/** Exact keys by kind, each kind in a map of its own (so an email or phone is its own key, no prefix). */
const KeyKind = { Email: 0, Phone: 1, NameBirth: 2, NamePostcode: 3, NameStreet: 4 } as const;
type KeyKind = (typeof KeyKind)[keyof typeof KeyKind];
const KEY_KINDS = 5;

/** The record's exact keys into `kinds`/`keys` (cleared first; reused per row, no garbage). */
function exactKeys(s: StdRecord, kinds: KeyKind[], keys: string[]): void {
  kinds.length = 0;
  keys.length = 0;
  const add = (kind: KeyKind, key: string): void => {
    kinds.push(kind);
    keys.push(key);
  };
  for (const e of s.emails) if (e) add(KeyKind.Email, e);
  for (const p of s.phones) if (p) add(KeyKind.Phone, p);
  const name = s.hanzi || `${s.family}|${s.given}`;
  if (name !== '|') {
    if (s.birth) add(KeyKind.NameBirth, `${name}|${s.birth}`);
    if (s.postcode) add(KeyKind.NamePostcode, `${name}|${s.postcode}`);
    if (s.streetName) add(KeyKind.NameStreet, `${name}|${s.streetName}|${s.streetNumber}`);
  }
}

export class ImportMatcher {
  private readonly index: StoredMatcher;
  private readonly defaultRegion: string;
  private readonly threshold: number;
  private readonly params = defaultParams();
  private readonly weights = weightTable(this.params);
  private readonly rowsByKey: Map<string, number[]>[] = Array.from(
    { length: KEY_KINDS },
    () => new Map<string, number[]>(),
  );
  private readonly kinds: KeyKind[] = [];
  private readonly keys: string[] = [];
  private readonly lists: (number[] | undefined)[] = [];
  private readonly stdOfRow = new Map<number, StdRecord>();
  // File rows are compared on one string pool, each row prepared once when first compared (the
  // engine's scorePair builds a pool per pair: most of a 100,000-row file's matching time).
  private readonly pool = new StringPool();
  private readonly preparedOfRow = new Map<number, Prepared>();
  private storedCount = 0;

  constructor(opts: { defaultRegion: string; threshold?: number }) {
    this.defaultRegion = opts.defaultRegion;
    this.threshold = opts.threshold ?? DEFAULT_THRESHOLD;
    this.index = new StoredMatcher({ defaultRegion: opts.defaultRegion, threshold: this.threshold });
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

  /** The row's best match (a stored customer first, else an earlier row), then remembers the row. */
  matchAndAdd(row: number, record: DedupInput): DuplicateHit | null {
    const s = this.standardize(record);
    return this.matchInFileAndAdd(row, s, this.matchStored(row, s));
  }

  /** A row standardized for matching (the first of matchAndAdd's three steps). */
  standardize(record: DedupInput): StdRecord {
    return standardize(record, this.defaultRegion);
  }

  /** The stored customer the row matches best, if any (depends on nothing of the file). */
  matchStored(row: number, s: StdRecord): DuplicateHit | null {
    const stored = this.storedCount > 0 ? this.index.best(s) : null;
    return stored
      ? { row, customerId: stored.id, score: stored.score, swappedNames: stored.swappedNames, fields: stored.fields }
      : null;
  }

  /**
   * Without a stored match, the earlier row of the file the row matches best; then remembers the
   * row. Rows must come here in file order (each is compared with the rows before it).
   */
  matchInFileAndAdd(row: number, s: StdRecord, storedHit: DuplicateHit | null): DuplicateHit | null {
    let best = storedHit;
    const { kinds, keys, lists } = this;
    exactKeys(s, kinds, keys);
    lists.length = 0;
    for (let i = 0; i < keys.length; i++) lists.push(this.rowsByKey[kinds[i] as KeyKind]?.get(keys[i] as string));
    if (!best) {
      const seen = new Set<number>();
      let p: Prepared | undefined;
      for (const list of lists) {
        for (const other of list ?? []) {
          if (seen.has(other)) continue;
          seen.add(other);
          const o = this.preparedOf(other);
          if (!o) continue;
          p ??= this.prepared(row, s);
          const r = scorePrepared(p, o, this.params, null, this.weights);
          if (r.score >= this.threshold && (!best || r.score > best.score)) {
            best = { row, duplicateOfRow: other, score: r.score, swappedNames: r.swappedNames, fields: r.fields };
          }
        }
      }
    }
    this.stdOfRow.set(row, s);
    for (let i = 0; i < keys.length; i++) {
      const list = lists[i];
      if (!list) this.rowsByKey[kinds[i] as KeyKind]?.set(keys[i] as string, [row]);
      else if (list.length < KEY_ROWS_MAX) list.push(row);
    }
    return best;
  }

  /** An earlier row, prepared for comparisons on first use. */
  private preparedOf(row: number): Prepared | undefined {
    const p = this.preparedOfRow.get(row);
    if (p) return p;
    const s = this.stdOfRow.get(row);
    return s ? this.prepared(row, s) : undefined;
  }

  private prepared(row: number, s: StdRecord): Prepared {
    let p = this.preparedOfRow.get(row);
    if (!p) {
      p = prepare(s, this.pool);
      this.preparedOfRow.set(row, p);
    }
    return p;
  }
}
