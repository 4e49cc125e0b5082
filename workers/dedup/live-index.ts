// `DedupIndex`: standardized records and their blocks kept in memory for the live "possible
// duplicate" check, updated record by record from the collection's change stream. Its full scan
// (`fitSteps`) runs engine.ts's scan over the records it already holds, and its EM weights then
// serve later checks.
import { standardize, type DedupInput, type StdRecord } from './standardize';
import { blockingKeys } from './blocking';
import { Slicer } from './sorting';
// Names the same model pieces as engine.ts's import: both score pairs with them (a list of names, not code).
import {
  FIELDS,
  RecordRows,
  TermFrequencies,
  comparePrepared,
  defaultParams,
  prepare,
  probability,
  scoreVector,
  tfValuesOf,
  weightTable,
  type FieldExplanation,
  type ModelParams,
  type Prepared,
} from './model';
import { StringPool } from './compare';
import {
  DEFAULT_THRESHOLD,
  drain,
  now,
  scanStandardized,
  scorePrepared,
  type DedupOptions,
  type DedupProgress,
  type DedupResult,
  type DuplicatePair,
} from './engine';

const F = FIELDS.length;

export interface DedupMatch {
  id: string;
  score: number;
  weight: number;
  swappedNames: boolean;
  fields: FieldExplanation[];
}

export interface CheckOptions {
  threshold?: number;
  limit?: number;
  /** The record being edited: never reported as its own duplicate. */
  excludeId?: string;
}

/** Blocks bigger than this are skipped by the live check (other keys still find the record). */
const LIVE_BLOCK_CAP = 5000;

/**
 * Incremental index for the live duplicate check: standardized records and their blocking keys,
 * kept up to date with add/update/remove. Weights come from `setParams` (e.g. the last full
 * scan) or `fit()`; until then the prior weights are used.
 */
export class DedupIndex {
  private readonly records = new Map<string, Prepared>();
  private readonly keysOf = new Map<string, string[]>();
  private readonly blocks = new Map<string, Set<string>>();
  private readonly tf = new TermFrequencies();
  private pool = new StringPool();
  private params: ModelParams = defaultParams();
  private weights = weightTable(this.params);
  // Each record's scan row, kept as records change (RecordRows in this index's pool, one slot per
  // record, slots reused), so a full scan does not re-intern 100,000 records. (Its numeric
  // blocking keys are not kept: they cost ~40 MB at 100k and take a few hundred ms to rebuild.)
  private store = new RecordRows([], this.pool);
  private readonly slotOf = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  private slotCount = 0;

  constructor(private readonly opts: { threshold?: number; defaultRegion?: string } = {}) {}

  get size(): number {
    return this.records.size;
  }

  has(id: string): boolean {
    return this.records.has(id);
  }

  add(id: string, record: DedupInput): void {
    if (this.records.has(id)) this.remove(id);
    const s = standardize(record, this.opts.defaultRegion ?? '');
    const keys = [...new Set(blockingKeys(s))];
    this.records.set(id, prepare(s, this.pool));
    this.keysOf.set(id, keys);
    this.tf.add(s);
    const slot = this.freeSlots.pop() ?? this.slotCount++;
    this.slotOf.set(id, slot);
    this.store.fillFrom(slot, s);
    for (const k of keys) {
      let set = this.blocks.get(k);
      if (set === undefined) this.blocks.set(k, (set = new Set()));
      set.add(id);
    }
  }

  update(id: string, record: DedupInput): void {
    this.add(id, record);
  }

  remove(id: string): boolean {
    const s = this.records.get(id)?.s;
    if (s === undefined) return false;
    for (const k of this.keysOf.get(id) ?? []) {
      const set = this.blocks.get(k);
      set?.delete(id);
      if (set?.size === 0) this.blocks.delete(k);
    }
    this.tf.add(s, -1);
    this.records.delete(id);
    this.keysOf.delete(id);
    const slot = this.slotOf.get(id);
    if (slot !== undefined) {
      this.slotOf.delete(id);
      this.freeSlots.push(slot);
    }
    return true;
  }

  clear(): void {
    for (const id of [...this.records.keys()]) this.remove(id);
    this.pool = new StringPool();
    this.store = new RecordRows([], this.pool);
    this.freeSlots.length = 0;
    this.slotCount = 0;
  }

  /**
   * The records to scan, in scan order, with a copy of the rows the index keeps for them. Copied
   * now, before the scan first yields: the worker applies change-stream updates between scan
   * steps, and those overwrite and reuse the index's slots.
   */
  private scanInput(): { ids: string[]; std: StdRecord[]; known: () => RecordRows } {
    const ids = [...this.records.keys()];
    const std = ids.map((id) => (this.records.get(id) as Prepared).s);
    const slots = Int32Array.from(ids, (id) => this.slotOf.get(id) ?? 0);
    const rows = RecordRows.gather(std, this.store, slots);
    return { ids, std, known: () => rows };
  }

  getParams(): ModelParams {
    return this.params;
  }

  setParams(params: ModelParams): void {
    this.params = params;
    this.weights = weightTable(params);
  }

  /** Estimate the weights from the indexed records (a full scan's EM); returns the scan. */
  fit(opts: Omit<DedupOptions, 'params'> = {}): { ids: string[]; result: DedupResult } {
    const { ids, std, known } = this.scanInput();
    const result = drain(
      scanStandardized(std, this.tf.clone(), { threshold: this.opts.threshold, ...opts }, now(), new Slicer(), known),
    );
    this.setParams(result.params);
    return { ids, result };
  }

  /** `fit` as a generator of progress (the worker yields between steps so cancel gets through). */
  *fitSteps(opts: Omit<DedupOptions, 'params'> = {}): Generator<DedupProgress, { ids: string[]; result: DedupResult }> {
    const { ids, std, known } = this.scanInput();
    const result = yield* scanStandardized(
      std,
      this.tf.clone(),
      { threshold: this.opts.threshold, ...opts },
      now(),
      new Slicer(),
      known,
    );
    this.setParams(result.params);
    return { ids, result };
  }

  /** Score and explanation of two indexed records (null when either is not indexed). */
  explain(idA: string, idB: string): Omit<DuplicatePair, 'a' | 'b'> | null {
    const a = this.records.get(idA);
    const b = this.records.get(idB);
    if (!a || !b) return null;
    return scorePrepared(a, b, this.params, this.tf, this.weights);
  }

  /** Likely duplicates of a (new or edited) record among the indexed ones, best first. */
  check(record: DedupInput, opts: CheckOptions = {}): DedupMatch[] {
    const threshold = opts.threshold ?? this.opts.threshold ?? DEFAULT_THRESHOLD;
    const s = prepare(standardize(record, this.opts.defaultRegion ?? ''), this.pool);
    const seen = new Set<string>();
    if (opts.excludeId !== undefined) seen.add(opts.excludeId);
    const out: DedupMatch[] = [];
    const levels = new Uint8Array(F);
    for (const k of new Set(blockingKeys(s.s))) {
      const set = this.blocks.get(k);
      if (set === undefined || set.size > LIVE_BLOCK_CAP) continue;
      for (const id of set) {
        if (seen.has(id)) continue;
        seen.add(id);
        const other = this.records.get(id);
        if (other === undefined) continue;
        // Weight without an explanation first; explain only the matches.
        comparePrepared(s, other, levels);
        if (
          probability(scoreVector(levels, this.weights, tfValuesOf(s.s, other.s), this.tf), this.params.lambda) <
          threshold
        )
          continue;
        const r = scorePrepared(s, other, this.params, this.tf, this.weights);
        if (r.score >= threshold) out.push({ id, ...r });
      }
    }
    out.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    return out.slice(0, opts.limit ?? 20);
  }
}
