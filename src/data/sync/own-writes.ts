// What the push of one database tells its pull: the revisions this device wrote, and the pushes
// still waiting for the server's reply. The changes feed lists every write, this device's own
// included; fetching those documents back (and RxDB comparing them with what it just pushed) would
// double the server's work during a big push. A document whose current revision this device wrote
// is already here, with its meta (RxDB stored the pushed state as the server's), so the pull skips
// it. In memory only: after a restart they are pulled once more (harmless).
import type { Change } from './mapping';

export class OwnWrites {
  /** Revisions written by this device and not yet seen in the feed, by document id. */
  readonly #revs = new Map<string, string>();
  /** Pushes on their way, by document id. */
  readonly #inFlight = new Map<string, Promise<void>>();

  /** Some revision of ours is still to come in the feed (then the feed is read without documents). */
  get any(): boolean {
    return this.#revs.size > 0;
  }

  /** The server wrote `rev` of `id` for this device. */
  record(id: string, rev: string): void {
    this.#revs.set(id, rev);
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
        if (own === rev) continue;
      }
      wanted.push({ id: r.id, rev });
    }
    return wanted;
  }
}
