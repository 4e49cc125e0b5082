// Reads before bulk writes. IndexedDB runs a transaction after every earlier readwrite transaction
// on the same stores, so a search typed while an import writes waits for the chunk being written
// (a 14.8x p95 during a 100,000-row import before this gate). A search marks itself in flight here
// (`trackRead`); the bulk writer (repos/bulk.ts) waits until no read is in flight before it starts
// its next chunk (`readsSettled`), and while the user is searching (a read in the last
// `SEARCHING_MS`) it sizes each chunk to a time budget (`searchBudgetMs`: 0.4 of what an undelayed
// search takes), so a search that arrives mid-chunk waits at most that much more: its p95 stays
// near 1.4x idle while the writer keeps the largest chunks that allow it. While the user types
// (`typingNow`: reads at most TYPING_GAP_MS apart) the writer also writes only a few chunks after
// each read ends (`readsEnded`, `nextReadEnds`; bulk.ts CHUNKS_PER_READ), then pauses until the
// next read ends (at most bulk.ts PROGRESS_FLOOR_MS after its last write): a person types with
// pauses, and the next search then finds no chunk in flight instead of one started just before it.
// Per database object; nothing here touches the data.

interface Gate {
  inFlight: number;
  lastReadAt: number;
  waiters: Array<() => void>;
  /** Durations of the last READ_SAMPLES reads (ms), oldest first. */
  durations: number[];
  /** Start times of the last two reads (ms): how far apart the user's searches come (`typingNow`). */
  starts: [number, number];
  /** Reads ended so far, and who waits for the next one to end (`nextReadEnds`). */
  ended: number;
  endWaiters: Array<() => void>;
}

const READ_SAMPLES = 16;

const gates = new WeakMap<object, Gate>();

function gateOf(db: object): Gate {
  let g = gates.get(db);
  if (!g)
    gates.set(
      db,
      (g = {
        inFlight: 0,
        lastReadAt: Number.NEGATIVE_INFINITY,
        waiters: [],
        durations: [],
        starts: [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY],
        ended: 0,
        endWaiters: [],
      }),
    );
  return g;
}

/** A read the user waits for (a search): bulk writes on `db` hold their next chunk until it ends. */
export async function trackRead<T>(db: object, read: () => Promise<T>): Promise<T> {
  const g = gateOf(db);
  g.inFlight++;
  const t0 = (g.lastReadAt = performance.now());
  g.starts = [g.starts[1], t0];
  try {
    return await read();
  } finally {
    g.inFlight--;
    g.lastReadAt = performance.now();
    g.durations.push(g.lastReadAt - t0);
    if (g.durations.length > READ_SAMPLES) g.durations.shift();
    g.ended++;
    if (g.inFlight === 0) for (const w of g.waiters.splice(0)) w();
    for (const w of g.endWaiters.splice(0)) w();
  }
}

/** How many tracked reads on `db` have ended (a bulk writer counts its chunks per read). */
export function readsEnded(db: object): number {
  return gates.get(db)?.ended ?? 0;
}

/**
 * Resolves when the next tracked read on `db` ends, or when the user stops counting as searching
 * (SEARCHING_MS after the last read), or after `maxMs`, whichever comes first: a paused bulk writer
 * never waits longer than the user searches, nor longer than its own progress floor.
 */
export function nextReadEnds(db: object, now = performance.now(), maxMs = SEARCHING_MS): Promise<void> {
  const g = gateOf(db);
  const left = Math.min(maxMs, g.inFlight > 0 ? SEARCHING_MS : g.lastReadAt + SEARCHING_MS - now);
  if (left <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      const i = g.endWaiters.indexOf(done);
      if (i >= 0) g.endWaiters.splice(i, 1);
      resolve();
    };
    const timer = setTimeout(done, left);
    g.endWaiters.push(done);
  });
}

/** A writer never waits longer than this for reads (a read that never ends must not stop an import). */
const MAX_WAIT_MS = 1000;

/** Resolves when no tracked read on `db` is in flight (at once when none is), or after MAX_WAIT_MS. */
export function readsSettled(db: object): Promise<void> {
  const g = gateOf(db);
  if (g.inFlight === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, MAX_WAIT_MS);
    g.waiters.push(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** How long after a read the user counts as searching (typing: a query every ~100–300 ms). */
export const SEARCHING_MS = 1000;

/** True when a tracked read on `db` ran in the last SEARCHING_MS. */
export function searchingNow(db: object, now = performance.now()): boolean {
  const g = gates.get(db);
  return !!g && (g.inFlight > 0 || now - g.lastReadAt < SEARCHING_MS);
}

/**
 * Reads that start at most this far apart are a person typing a search (a query per keystroke,
 * ~100–300 ms); the list re-reading on changes (at most every 1.5 s, state/refresh-pace.ts) is not.
 */
export const TYPING_GAP_MS = 500;

/** True while the user types a search: searching, and the last two reads started close together. */
export function typingNow(db: object, now = performance.now()): boolean {
  const g = gates.get(db);
  return !!g && searchingNow(db, now) && g.starts[1] - g.starts[0] <= TYPING_GAP_MS;
}

/** Bounds of the chunk time budget while searching (ms). */
export const SEARCH_BUDGET_MIN_MS = 4;
export const SEARCH_BUDGET_MAX_MS = 50;

/**
 * Share of an undelayed search a chunk may take while the user searches. A search waits at most for
 * the chunk in flight, so it takes about idle + budget: 0.4 aims at 1.4x idle, with room under the
 * issue's 2x for what else shares the main thread (the import's staging, key derivation replies).
 */
export const SEARCH_BUDGET_SHARE = 0.4;

/**
 * The time a bulk chunk may take while the user searches: SEARCH_BUDGET_SHARE of the lower quartile
 * of the recent reads' durations, within [SEARCH_BUDGET_MIN_MS, SEARCH_BUDGET_MAX_MS]. The lower
 * quartile, not the median: the reads measured during a bulk include their waits for a chunk, and a
 * budget taken from those would grow with its own delays (the median gave 2.06x idle at 100k).
 * Pure.
 */
export function budgetFromReads(durations: readonly number[]): number {
  if (durations.length === 0) return SEARCH_BUDGET_MIN_MS;
  const sorted = [...durations].sort((a, b) => a - b);
  const lowerQuartile = sorted[(sorted.length - 1) >> 2] ?? 0;
  return Math.max(SEARCH_BUDGET_MIN_MS, Math.min(SEARCH_BUDGET_MAX_MS, lowerQuartile * SEARCH_BUDGET_SHARE));
}

/** The chunk time budget for `db` while the user searches (budgetFromReads over its reads). */
export function searchBudgetMs(db: object): number {
  return budgetFromReads(gates.get(db)?.durations ?? []);
}
