// What the push of one database tells its pull: the revisions this device wrote, and the pushes
// still waiting for the server's reply. The changes feed lists every write, this device's own
// included; fetching those documents back (and RxDB comparing them with what it just pushed) would
// double the server's work during a big push. A document whose current revision this device wrote
// is already here, with its meta (RxDB stored the pushed state as the server's), so the pull skips
// it. In memory only: after a restart they are pulled once more (harmless).
//
// One exception: a document the pull fetched just before (or while) this device's push of it
// landed. RxDB stores the pushed state as the server's, so when it then applies the older pulled
// revision it takes it for news and overwrites the newer local state (an erasure became the other
// device's edit again, 3 runs in 10 on a test that restarts sync offline). Such a document's own
// revision is fetched back from the feed like anyone else's, which puts the newer state back.
import type { Change } from './mapping';

/** How many delivered batches may still be unwritten by RxDB (READ_AHEAD + the one taken + 1). */
const RECENT_BATCHES = 4;

export class OwnWrites {
  /** Revisions written by this device and not yet seen in the feed, by document id. */
  readonly #revs = new Map<string, string>();
  /** Pushes on their way, by document id. */
  readonly #inFlight = new Map<string, Promise<void>>();
  /**
   * Ids of the last batches the pull delivered: RxDB may still be writing them (the pull reads
   * ahead, pull.ts READ_AHEAD, and RxDB joins the batches it has not written yet).
   */
  #recent: Set<string>[] = [];
  /** Ids whose own revision the feed must not skip: a pulled older state may have overwritten it. */
  readonly #refetch = new Set<string>();

  /** Some revision of ours is still to come in the feed (then the feed is read without documents). */
  get any(): boolean {
    return this.#revs.size > 0;
  }

  /** The server wrote `rev` of `id` for this device. */
  record(id: string, rev: string): void {
    this.#revs.set(id, rev);
    if (this.#recent.some((batch) => batch.has(id))) this.#refetch.add(id);
  }

  /**
   * The pull handed these documents to RxDB. One this device pushed and has not yet seen in the
   * feed, or one pushed right after, may be older than the push: its own revision is fetched back.
   */
  delivered(docs: readonly { id: string }[]): void {
    const ids = new Set<string>();
    for (const { id } of docs) {
      ids.add(id);
      if (this.#revs.has(id) || this.#inFlight.has(id)) this.#refetch.add(id);
    }
    this.#recent = [...this.#recent.slice(-(RECENT_BATCHES - 1)), ids];
  }

  /** Marks `ids` as being pushed; the function returned ends that (call it once, in `finally`). */
  begin(ids: readonly string[]): () => void {
    let landed = () => {};
    const sending = new Promise<void>((done) => {
      landed = done;
    });
    for (const id of ids) this.#inFlight.set(id, sending);
    return () => {
      for (const id of ids) if (this.#inFlight.get(id) === sending) this.#inFlight.delete(id);
      landed();
    };
  }

  /**
   * The feed can list a document before our `_bulk_docs` reply (and the revision in it) has
   * arrived: waits for the pushes of these rows, so the pull does not fetch our own write.
   */
  async landed(rows: readonly Change[]): Promise<void> {
    const pushing = new Set(rows.flatMap((r) => this.#inFlight.get(r.id) ?? []));
    if (pushing.size) await Promise.all(pushing);
  }

  /**
   * The rows of a `_changes` page (without documents) whose revision this device did not write,
   * as `_bulk_get` wants them. Our revisions are forgotten once seen: a later change of the same
   * document shows up later in the feed.
   */
  others(rows: readonly Change[]): { id: string; rev: string }[] {
    const wanted: { id: string; rev: string }[] = [];
    for (const r of rows) {
      const rev = r.changes?.[0]?.rev;
      if (!rev) continue;
      const own = this.#revs.get(r.id);
      if (own !== undefined) {
        this.#revs.delete(r.id);
        const refetch = this.#refetch.delete(r.id);
        if (own === rev && !refetch) continue;
      }
      wanted.push({ id: r.id, rev });
    }
    return wanted;
  }
}
