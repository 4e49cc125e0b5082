// What the app keeps running next to the UI once the database is open: the derived tag index, the
// search term index and per-customer measures (followers, plus a background rebuild when their version changed or they
// are missing) and the merge follower (children or edits arriving later for a merged record go to
// its survivor). start.ts starts it; the benchmark page starts exactly the same set, so the insert
// figures include what a real insert costs in the app.
import type { FieldbookDatabase } from '../db/database';
import { startMeasures } from './measures';
import { ensureMeasures } from './measures-rebuild';
import { startMergeFollower } from '../merge/follower';
import { startTagIndex } from './tag-index';
import { ensureTagIndex } from './tag-index-rebuild';
import { startSearchTermIndex } from './search-term-index';
import { ensureSearchTerms } from './search-term-rebuild';

export interface BackgroundWork {
  /** Resolves when every follower has applied the changes seen so far. */
  idle(): Promise<void>;
  stop(): void;
}

export function startBackgroundWork(db: FieldbookDatabase, opts: { rebuild?: boolean } = {}): BackgroundWork {
  const followers = [startTagIndex(db), startSearchTermIndex(db), startMergeFollower(db), startMeasures(db)];
  const stopping = new AbortController();
  const rebuilds =
    (opts.rebuild ?? true)
      ? [
          ensureTagIndex(db, { signal: stopping.signal }).catch((err: unknown) =>
            console.error('tag index rebuild failed', err),
          ),
          ensureMeasures(db, { signal: stopping.signal }).catch((err: unknown) =>
            console.error('measures rebuild failed', err),
          ),
          ensureSearchTerms(db, { signal: stopping.signal }).catch((err: unknown) =>
            console.error('search terms rebuild failed', err),
          ),
        ]
      : [];
  return {
    idle: async () => {
      await Promise.all(rebuilds);
      // One follower's writes can wake another (a re-pointed order changes measures): settle twice.
      for (let round = 0; round < 2; round++) for (const f of followers) await f.idle();
    },
    stop: () => {
      stopping.abort();
      for (const f of followers) f.stop();
    },
  };
}
