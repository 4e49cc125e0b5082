// The duplicates screen's review queue: pairs an import created anyway ("create anyway, review
// later", src/data/repos/imports.ts reviewPairs), scored and explained by the same dedup index as
// the scan's groups, so they read the same. A pair drops out once merged, marked "not duplicates",
// trashed, or when its import is undone.
import type { CustomerDoc } from '../data/db/schemas';
import { isInUse } from '../domain/trash';
import type { DedupIndexState } from './duplicates.svelte';
import type { ImportState } from './import.svelte';
import { byId, explanationsOf, pairKeyOf, type PairExplanation, type ScanGroup } from './duplicate-groups';

/** Pairs shown at most (the rest come after these are resolved). */
const SHOWN = 30;

export class ImportReviewState {
  status = $state<'idle' | 'loading' | 'ready'>('idle');
  /** Pairs in the queue (before the screen's filters), and those shown as groups of two. */
  total = $state(0);
  docs = $state.raw<ReadonlyMap<string, CustomerDoc>>(byId([]));
  explanations = $state.raw<ReadonlyMap<string, PairExplanation>>(explanationsOf([], []));
  #pairs = $state.raw<Array<[string, string]>>([]);

  groups = $derived.by((): ScanGroup[] => {
    void this.index.decisionsVersion;
    return this.#pairs.flatMap(([a, b]) => {
      const da = this.docs.get(a);
      const db = this.docs.get(b);
      if (!da || !db || !isInUse(da) || !isInUse(db) || this.index.isNotDuplicate(a, b)) return [];
      const score = this.explanations.get(pairKeyOf(a, b))?.score ?? 0;
      return [{ ids: [a, b], score, pairs: [{ a, b, score }] }];
    });
  });

  constructor(
    readonly index: DedupIndexState,
    private readonly imports: ImportState,
  ) {}

  /** Read the queue again (after a merge, an undo, or when the screen opens). */
  async load(): Promise<void> {
    this.status = 'loading';
    const queue = (await this.imports.reviewQueue()).filter(([a, b]) => !this.index.isNotDuplicate(a, b));
    this.total = queue.length;
    const pairs = queue.slice(0, SHOWN);
    await this.index.whenIdle();
    const [docs, explained] = await Promise.all([
      this.index.customers(pairs.flat().filter((id, i, all) => all.indexOf(id) === i)),
      this.index.worker.explain(pairs),
    ]);
    this.docs = byId(docs);
    this.explanations = explanationsOf(
      pairs.map(([a, b]) => pairKeyOf(a, b)),
      explained,
    );
    this.#pairs = pairs;
    this.status = 'ready';
  }
}
