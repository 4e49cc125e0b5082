// Imported rows against the stored customers: the same result as the dedup engine's live check
// (`DedupIndex.check(record, { limit: 1 })`: the same blocking keys, the same cap on a block's
// size, the same weights, term frequencies and threshold, the same explanation) for every row of a
// file, at a fraction of its cost. A 100,000-row file into 20,000 stored customers compares ~5
// million pairs; the live check, built for one record typed in a form, spent most of a validation
// run there. Here:
// - the stored records are packed rows of the engine's `RecordRows` (the scan's comparison, which
//   gives exactly the live check's levels) and their blocks lists of row numbers;
// - a row is standardized once (the matcher's own), its candidates de-duplicated with a stamp array;
// - a candidate whose comparison pattern cannot reach the threshold even with the largest
//   term-frequency boost is dropped without scoring (the engine's scan does the same: `reachable`);
// - only the best match is explained.
// test/unit/import-stored-match.test.ts holds it to DedupIndex.check on generated data.
import { blockingKeys } from '../dedup/blocking';
import type { DedupInput, StdRecord } from '../dedup/standardize';
import { standardize } from '../dedup/standardize';
import {
  FIELDS,
  MISSING,
  RecordRows,
  TF_FIELDS,
  TermFrequencies,
  comparePrepared,
  defaultParams,
  prepare,
  probability,
  scoreVector,
  weightTable,
  type FieldExplanation,
  type ModelParams,
  type TfValues,
} from '../dedup/model';
import { StringPool } from '../dedup/compare';
import { DEFAULT_THRESHOLD, scorePrepared } from '../dedup/engine';

const F = FIELDS.length;
/** The live check's cap: blocks bigger than this are skipped (live-index.ts, LIVE_BLOCK_CAP). */
const LIVE_BLOCK_CAP = 5000;
/** Most bits the term-frequency adjustment adds to one exactly agreeing field (model.ts: clipped to ±4). */
const TF_MAX_BOOST = 4;
const TF_FIELD_INDEX: readonly number[] = TF_FIELDS.map((f) => FIELDS.indexOf(f));
/** Levels are < 8 or MISSING: a pattern packs into 3 bits per field. */
const levelCode = (l: number): number => (l === MISSING ? 7 : l);

export interface StoredMatch {
  id: string;
  score: number;
  swappedNames: boolean;
  fields: FieldExplanation[];
}

export class StoredMatcher {
  private readonly pool = new StringPool();
  private readonly records: StdRecord[] = [];
  private readonly rows = new RecordRows(this.records, this.pool);
  private readonly ids: string[] = [];
  private readonly blocks = new Map<string, number[]>();
  private readonly tf = new TermFrequencies();
  private readonly params: ModelParams = defaultParams();
  private readonly weights = weightTable(this.params);
  private readonly threshold: number;
  /** Per comparison pattern (3 bits a field): whether it can reach the threshold. */
  private readonly reachable = new Map<number, boolean>();
  private stamps = new Int32Array(1024);
  private stamp = 0;
  private readonly levels = new Uint8Array(F);
  private readonly tfv: TfValues = { given: '', family: '', company: '', streetName: '' };

  constructor(private readonly opts: { defaultRegion: string; threshold?: number }) {
    this.threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  }

  get size(): number {
    return this.ids.length;
  }

  /** A stored customer (ids are unique: the database's). */
  add(id: string, record: DedupInput): void {
    const s = standardize(record, this.opts.defaultRegion);
    const slot = this.ids.length;
    this.ids.push(id);
    this.records[slot] = s;
    this.rows.fillFrom(slot, s);
    this.tf.add(s);
    for (const k of new Set(blockingKeys(s))) {
      const list = this.blocks.get(k);
      if (list === undefined) this.blocks.set(k, [slot]);
      else list.push(slot);
    }
  }

  /** The best stored match of a standardized row (`standardize(record, defaultRegion)`), or null. */
  best(s: StdRecord): StoredMatch | null {
    const n = this.ids.length;
    if (n === 0) return null;
    // The row in the slot after the stored ones (overwritten by the next row or a later add).
    const probe = n;
    this.records[probe] = s;
    this.rows.fillFrom(probe, s);
    const probeOverflows = this.rows.overflows(probe);
    let probePrepared = probeOverflows ? prepare(s, this.pool) : null;
    if (this.stamps.length < n) this.stamps = new Int32Array(Math.max(n, this.stamps.length * 2));
    const stamp = ++this.stamp;
    const { stamps, levels, weights, threshold, tfv, tf } = this;
    const lambda = this.params.lambda;
    let bestSlot = -1;
    let bestScore = -1;
    for (const k of new Set(blockingKeys(s))) {
      const list = this.blocks.get(k);
      if (list === undefined || list.length > LIVE_BLOCK_CAP) continue;
      for (let x = 0; x < list.length; x++) {
        const j = list[x] as number;
        if (stamps[j] === stamp) continue;
        stamps[j] = stamp;
        // RecordRows.compare falls back to its cached object form for a record with more than two
        // emails or phones; the probe's slot is reused, so those pairs are compared here.
        if (probeOverflows || this.rows.overflows(j))
          comparePrepared((probePrepared ??= prepare(s, this.pool)), this.rows.prepared(j), levels);
        else this.rows.compare(probe, j, levels);
        if (!this.canReach(levels)) continue;
        const score = probability(scoreVector(levels, weights, this.rows.tfValues(probe, j, tfv), tf), lambda);
        if (score < threshold) continue;
        if (score > bestScore || (score === bestScore && (this.ids[j] as string) < (this.ids[bestSlot] as string))) {
          bestSlot = j;
          bestScore = score;
        }
      }
    }
    if (bestSlot < 0) return null;
    probePrepared ??= prepare(s, this.pool);
    const r = scorePrepared(probePrepared, this.rows.prepared(bestSlot), this.params, tf, weights);
    return { id: this.ids[bestSlot] as string, score: r.score, swappedNames: r.swappedNames, fields: r.fields };
  }

  /** Whether a pair with these levels can reach the threshold with the largest TF boosts (per pattern, cached). */
  private canReach(levels: Uint8Array): boolean {
    let code = 0;
    for (let f = 0; f < F; f++) code = code * 8 + levelCode(levels[f] ?? MISSING);
    let ok = this.reachable.get(code);
    if (ok === undefined) {
      let boost = 0;
      for (const f of TF_FIELD_INDEX) if (levels[f] === 0 && (this.weights[f]?.[0] ?? 0) > 0) boost += TF_MAX_BOOST;
      const base = scoreVector(levels, this.weights, this.tfv, null);
      ok = probability(base + boost, this.params.lambda) >= this.threshold;
      this.reachable.set(code, ok);
    }
    return ok;
  }
}
