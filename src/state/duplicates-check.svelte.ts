// The live "possible duplicate" check behind the customer form and the customer screen: debounced,
// runs in the dedup worker (index lookups + scoring there), then loads the few matched customers.
import type { CustomerDoc } from '../data/db/schemas';
import type { DedupIndexState, DedupMatch } from './duplicates.svelte';
import type { DedupInput } from '../../workers/dedup/contract';
import { isInUse } from '../domain/trash';

export interface PossibleDuplicate {
  match: DedupMatch;
  customer: CustomerDoc;
}

const DEBOUNCE_MS = 250;

export class DuplicateCheckState {
  results = $state.raw<PossibleDuplicate[]>([]);
  checking = $state(false);
  #index: DedupIndexState;
  #excludeId: string | undefined;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #seq = 0;
  #last = '';

  constructor(index: DedupIndexState, excludeId?: string) {
    this.#index = index;
    this.#excludeId = excludeId;
  }

  /** Schedule a check of what is typed now (identical input is not re-checked). */
  update(record: DedupInput): void {
    const key = JSON.stringify(record);
    if (key === this.#last) return;
    this.#last = key;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#run(record), DEBOUNCE_MS);
  }

  /** Check again now (e.g. after a "not duplicates" decision or a merge). */
  refresh(record: DedupInput): void {
    this.#last = '';
    this.update(record);
  }

  async #run(record: DedupInput): Promise<void> {
    const seq = ++this.#seq;
    const hasName = Boolean((record.givenName ?? '').trim() || (record.familyName ?? '').trim());
    const hasContact = Boolean((record.email ?? '').trim() || (record.phone ?? '').trim());
    if (!hasName && !hasContact) {
      this.results = [];
      return;
    }
    this.checking = true;
    try {
      const matches = await this.#index.check(record, this.#excludeId);
      const docs = matches.length ? await this.#index.customers(matches.map((m) => m.id)) : [];
      if (seq !== this.#seq) return;
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not UI state (decisionsVersion signals changes)
      const byId = new Map(docs.map((d) => [d.id, d]));
      this.results = matches.flatMap((m) => {
        const c = byId.get(m.id);
        return c && isInUse(c) ? [{ match: m, customer: c }] : [];
      });
    } finally {
      if (seq === this.#seq) this.checking = false;
    }
  }

  destroy(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#seq++;
  }
}
