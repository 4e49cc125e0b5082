// "N changes waiting": the local changes not yet on the server, per collection. Counted from the
// stored replication state (unpushed.ts), then kept current from the collections' change events
// (sync on or off) and by the pushes that settle documents.
import type { RxCollection } from 'rxdb';
import type { Subscription } from 'rxjs';
import type { ReplicatedName } from './collections';
import type { AnyDoc } from './mapping';
import { unpushedIds } from './unpushed';

/**
 * The waiting ids of one collection. A count from the stored data takes a while; the writes and
 * settled pushes that happen meanwhile are applied on top of its result.
 */
export class PendingIds {
  #ids = new Set<string>();
  #counting: { added: Set<string>; settled: Set<string> } | null = null;

  get size(): number {
    return this.#ids.size;
  }

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  /** A local write of `id`. */
  add(id: string): void {
    this.#ids.add(id);
    this.#counting?.added.add(id);
  }

  /** `id` is on the server (or kept as rejected): no longer waiting. */
  settle(id: string): void {
    this.#ids.delete(id);
    this.#counting?.added.delete(id);
    this.#counting?.settled.add(id);
  }

  /**
   * Begins a count; `finish` with the ids found makes them the waiting set, corrected by what
   * happened since. A later count supersedes this one (its `finish` is then ignored); `abandon`
   * ends a count that failed and leaves the set as it was.
   */
  beginCount(): { finish(found: readonly string[]): void; abandon(): void } {
    const counting = { added: new Set<string>(), settled: new Set<string>() };
    this.#counting = counting;
    return {
      finish: (found) => {
        if (this.#counting !== counting) return;
        this.#counting = null;
        const next = new Set(found.filter((id) => !counting.settled.has(id)));
        for (const id of counting.added) next.add(id);
        this.#ids = next;
      },
      abandon: () => {
        if (this.#counting === counting) this.#counting = null;
      },
    };
  }
}

/**
 * Audit entries are written beside the change they record, which is counted already: "2 changes
 * waiting" after two edits, not 4. They still replicate like everything else.
 */
const UNCOUNTED: ReadonlySet<ReplicatedName> = new Set(['audit']);

/** The waiting changes of every replicated collection a database has open (audit entries aside). */
export class PendingChanges {
  readonly #byCollection = new Map<string, PendingIds>();
  readonly #watchers: Subscription[] = [];

  /** `changed` runs after every local write (the count may have moved). */
  constructor(
    private readonly collections: ReadonlyMap<ReplicatedName, RxCollection<AnyDoc>>,
    changed: () => void,
  ) {
    for (const [name, collection] of collections) {
      if (UNCOUNTED.has(name)) continue;
      const pending = new PendingIds();
      this.#byCollection.set(name, pending);
      this.#watchers.push(
        collection.eventBulks$.subscribe((bulk) => {
          // Writes by the replication itself are not local changes waiting to be pushed.
          if (bulk.context.startsWith('replication')) return;
          for (const ev of bulk.events) pending.add(ev.documentId);
          changed();
        }),
      );
    }
  }

  get count(): number {
    let n = 0;
    for (const pending of this.#byCollection.values()) n += pending.size;
    return n;
  }

  settle(name: string, id: string): void {
    this.#byCollection.get(name)?.settle(id);
  }

  /**
   * Makes the count true from the stored data for the server databases `dbUrlOf(name)` (see
   * unpushedIds). Best effort: a collection whose count fails keeps its in-memory count.
   */
  async recount(dbUrlOf: (name: ReplicatedName) => string): Promise<void> {
    await Promise.all(
      [...this.collections].map(async ([name, collection]) => {
        const pending = this.#byCollection.get(name);
        if (!pending) return;
        const count = pending.beginCount();
        let ids: string[];
        try {
          ids = await unpushedIds(collection, dbUrlOf(name));
        } catch {
          count.abandon();
          return;
        }
        count.finish(ids);
      }),
    );
  }

  /** Stops following the collections' writes. */
  destroy(): void {
    for (const sub of this.#watchers) sub.unsubscribe();
  }
}
