// The Duplicates screen's state: a full scan of the dedup index in the worker (progress, cancel),
// the pairs it found, and the groups at the threshold the user picks (re-grouped here from the
// scored pairs, so moving the slider needs no new scan). "Not duplicates" pairs and records merged
// since the scan are left out.
import type { CustomerDoc } from '../data/db/schemas';
import { proxy } from '../../workers/client';
import type { DedupProgress, DedupStats } from '../../workers/dedup/contract';
import { markFullScan, type DedupIndexState } from './duplicates.svelte';
import { byId, explanationsOf, groupPairs, pairKeyOf, type PairExplanation, type ScanPair } from './duplicate-groups';
import { isInUse } from '../domain/trash';

export type { PairExplanation, ScanGroup, ScanPair } from './duplicate-groups';

/** Pairs at or above this probability are kept from a scan; the slider cannot go lower. */
export const SCAN_FLOOR = 0.3;
const GROUPS_SHOWN = 30;

export class DuplicateScanState {
  status = $state<'idle' | 'running' | 'done' | 'cancelled' | 'error'>('idle');
  progress = $state.raw<DedupProgress | null>(null);
  threshold = $state(0.5);
  pairs = $state.raw<ScanPair[]>([]);
  stats = $state.raw<DedupStats | null>(null);
  /** Loaded customers of the groups on screen. */
  docs = $state.raw<ReadonlyMap<string, CustomerDoc>>(byId([]));
  /** Explanations of the pairs on screen, by `pairKeyOf(a, b)`. */
  explanations = $state.raw<ReadonlyMap<string, PairExplanation>>(explanationsOf([], []));
  shown = $state(GROUPS_SHOWN);

  groups = $derived.by(() => {
    void this.index.decisionsVersion;
    const gone = this.docs;
    const isGone = (id: string): boolean => {
      const d = gone.get(id);
      return d === undefined ? this.#loadedIds.includes(id) : !isInUse(d);
    };
    return groupPairs(
      this.pairs,
      this.threshold,
      (p) => this.index.isNotDuplicate(p.a, p.b) || isGone(p.a) || isGone(p.b),
    );
  });

  /** Ids asked for in the last load (an id asked for but not found was deleted). */
  #loadedIds: readonly string[] = [];

  constructor(readonly index: DedupIndexState) {}

  async run(): Promise<void> {
    this.status = 'running';
    this.progress = null;
    const startedAt = Date.now();
    try {
      await this.index.start();
      const out = await this.index.worker.scanIndex(
        { threshold: SCAN_FLOOR },
        proxy((p: DedupProgress) => {
          this.progress = p;
        }),
      );
      if (!out) {
        this.status = 'cancelled';
        return;
      }
      const pairs: ScanPair[] = new Array<ScanPair>(out.score.length);
      for (let i = 0; i < out.score.length; i++)
        pairs[i] = { a: out.pairIds[2 * i] ?? '', b: out.pairIds[2 * i + 1] ?? '', score: out.score[i] ?? 0 };
      this.pairs = pairs;
      this.stats = out.stats;
      this.status = 'done';
      // Everything is covered by this scan: earlier arrivals need no separate list any more.
      markFullScan(startedAt);
      this.index.arrivals = [];
      await this.loadDocs();
    } catch (err) {
      console.error('duplicate scan failed', err);
      this.status = 'error';
    }
  }

  cancel(): void {
    void this.index.worker.cancel();
  }

  setThreshold(t: number): void {
    this.threshold = t;
    void this.loadDocs();
  }

  showMore(): void {
    this.shown += GROUPS_SHOWN;
    void this.loadDocs();
  }

  /** Load (again) the customers of the groups on screen; merged ones drop out of their groups. */
  async loadDocs(): Promise<void> {
    const groups = groupPairs(this.pairs, this.threshold, (p) => this.index.isNotDuplicate(p.a, p.b)).slice(
      0,
      this.shown + 10,
    );
    const ids = groups.flatMap((g) => g.ids);
    const pairs = groups.flatMap((g) => g.pairs).map((p): [string, string] => [p.a, p.b]);
    const [docs, explained] = await Promise.all([this.index.customers(ids), this.index.worker.explain(pairs)]);
    this.#loadedIds = ids;
    this.docs = byId(docs);
    this.explanations = explanationsOf(
      pairs.map(([a, b]) => pairKeyOf(a, b)),
      explained,
    );
  }
}

const scans = new WeakMap<DedupIndexState, DuplicateScanState>();
/** The scan of this index (kept while the app runs, so its results survive navigation). */
export function duplicateScan(index: DedupIndexState): DuplicateScanState {
  let s = scans.get(index);
  if (!s) {
    s = new DuplicateScanState(index);
    scans.set(index, s);
  }
  return s;
}
