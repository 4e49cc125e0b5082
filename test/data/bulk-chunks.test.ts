// The bulk path's chunk sizing rule and progress arithmetic (src/data/repos/bulk.ts), directly.
import { describe, expect, test } from 'vitest';
import {
  CHUNKS_PER_READ,
  ChunkSizer,
  RowCost,
  SEARCHING_CHUNK,
  SEARCHING_MIN_ROWS,
  progressOf,
  runInChunks,
  searchingChunkRows,
} from '../../src/data/repos/bulk';
import { BULK_TASK_BUDGET_MS, TaskBudget, docsWithinBudget } from '../../src/data/repos/task-budget';
import {
  SEARCH_BUDGET_MAX_MS,
  SEARCH_BUDGET_MIN_MS,
  SEARCH_BUDGET_SHARE,
  TYPING_GAP_MS,
  budgetFromReads,
  nextReadEnds,
  trackRead,
  typingNow,
} from '../../src/data/read-gate';

describe('ChunkSizer', () => {
  test('halves after a long task, down to the minimum; grows by a quarter after three clean chunks, up to the maximum', () => {
    const s = new ChunkSizer({ initial: 200, min: 25, max: 300 });
    s.record(true);
    expect(s.size).toBe(100);
    for (let i = 0; i < 5; i++) s.record(true);
    expect(s.size).toBe(25);
    s.record(false);
    s.record(false);
    expect(s.size).toBe(25);
    s.record(false);
    expect(s.size).toBe(32);
    for (let i = 0; i < 60; i++) s.record(false);
    expect(s.size).toBe(300);
  });
});

describe('progressOf', () => {
  test('rows per second and time left from the rows done in this run', () => {
    expect(progressOf(600, 1000, 100, 1000)).toEqual({ done: 600, total: 1000, rowsPerSecond: 500, msLeft: 800 });
    expect(progressOf(1000, 1000, 0, 2000)).toMatchObject({ msLeft: 0 });
  });
});

describe('runInChunks', () => {
  test('covers every row once, in order, from a resume point, and stops between chunks when cancelled', async () => {
    const seen: Array<[number, number]> = [];
    const r = await runInChunks({
      total: 23,
      start: 3,
      sizing: { initial: 5, min: 5, max: 5 },
      writeChunk: (from, count) => {
        seen.push([from, count]);
        return Promise.resolve(count);
      },
    });
    expect(seen).toEqual([
      [3, 5],
      [8, 5],
      [13, 5],
      [18, 5],
    ]);
    expect(r).toMatchObject({ done: 23, cancelled: false, chunks: 4 });

    const stop = new AbortController();
    const partial = await runInChunks({
      total: 100,
      sizing: { initial: 10, min: 10, max: 10 },
      signal: stop.signal,
      writeChunk: (_from, count) => Promise.resolve(count),
      onProgress: (p) => p.done === 30 && stop.abort(),
    });
    expect(partial).toMatchObject({ done: 30, cancelled: true, chunks: 3 });
  });
});

describe('runInChunks and searches (read-gate.ts)', () => {
  test('a chunk starts only once the search in flight has ended; while searching, chunks fit the time budget', async () => {
    const db = {};
    const events: string[] = [];
    let endSearch: () => void = () => undefined;
    const search = trackRead(db, async () => {
      await new Promise<void>((r) => (endSearch = r));
      events.push('search');
    });
    // A clock where writing costs 1 ms per row, and a 10 ms budget: 10-row chunks once timed.
    let now = 0;
    const run = runInChunks({
      total: SEARCHING_CHUNK + 480,
      database: db,
      sizing: { initial: 200, min: 25, max: 200 },
      now: () => now,
      searchBudgetMs: () => 10,
      writeChunk: (from, count) => {
        events.push(`write ${from}+${count}`);
        now += count;
        return Promise.resolve(count);
      },
    });
    await new Promise((r) => setTimeout(r, 20));
    // Nothing written while the search runs.
    expect(events).toEqual([]);
    endSearch();
    await search;
    const result = await run;
    // The user searched a moment ago: the first chunk (nothing timed yet) is small, the next ones
    // take the budget's 10 ms. One search is not typing: the writer does not pause between them.
    expect(events[0]).toBe('search');
    expect(events[1]).toBe(`write 0+${SEARCHING_CHUNK}`);
    expect(events[2]).toBe(`write ${SEARCHING_CHUNK}+10`);
    expect(events.slice(2).every((e) => e.endsWith('+10'))).toBe(true);
    expect(result).toMatchObject({ done: SEARCHING_CHUNK + 480, searchingChunks: result.chunks });
  });

  test('while the user types a search, at most CHUNKS_PER_READ chunks go between two searches, and all rows get written', async () => {
    const db = {};
    const events: string[] = [];
    let finished = false;
    const run = runInChunks({
      total: 300,
      database: db,
      sizing: { initial: 200, min: 25, max: 200 },
      searchBudgetMs: () => 10,
      writeChunk: async (from, count) => {
        events.push('write');
        await new Promise((r) => setTimeout(r, 1));
        return Math.min(count, 10);
      },
    }).then((r) => ((finished = true), r));
    // A user typing: a search, a short pause, the next search.
    while (!finished) {
      await trackRead(db, async () => {
        await new Promise((r) => setTimeout(r, 2));
        events.push('search');
      });
      await new Promise((r) => setTimeout(r, 5));
    }
    const result = await run;
    expect(result.done).toBe(300);
    const between = events
      .join(' ')
      .split('search')
      .map((part) => part.split(' ').filter((e) => e === 'write').length);
    // Until the second search ends (one search is not typing yet) the writer may run freely;
    // after it, never more than allowed.
    expect(between.length).toBeGreaterThan(3);
    expect(Math.max(...between.slice(2))).toBeLessThanOrEqual(CHUNKS_PER_READ);
  });

  test('without a search, chunks keep their measured size', async () => {
    const sizes: number[] = [];
    await runInChunks({
      total: 400,
      database: {},
      sizing: { initial: 200, min: 25, max: 200 },
      writeChunk: (_from, count) => {
        sizes.push(count);
        return Promise.resolve(count);
      },
    });
    expect(sizes).toEqual([200, 200]);
  });
});

describe('chunk size while searching', () => {
  test('the budget is a share of the lower-quartile search (reads delayed by chunks do not raise it), within its bounds', () => {
    expect(budgetFromReads([])).toBe(SEARCH_BUDGET_MIN_MS);
    expect(budgetFromReads([30, 10, 20])).toBeCloseTo(10 * SEARCH_BUDGET_SHARE);
    // Eight undelayed 20 ms searches and eight that waited for a chunk: the budget stays at 20's share.
    expect(budgetFromReads([...Array<number>(8).fill(20), ...Array<number>(8).fill(60)])).toBeCloseTo(
      20 * SEARCH_BUDGET_SHARE,
    );
    expect(budgetFromReads([1, 2, 3])).toBe(SEARCH_BUDGET_MIN_MS);
    expect(budgetFromReads([400, 500, 600])).toBe(SEARCH_BUDGET_MAX_MS);
  });

  test('rows that fit the budget at the measured cost, within [min, cap]', () => {
    expect(searchingChunkRows(10, null, 200)).toBe(SEARCHING_CHUNK);
    expect(searchingChunkRows(10, 0.1, 200)).toBe(100);
    expect(searchingChunkRows(10, 0.01, 200)).toBe(200);
    expect(searchingChunkRows(10, 0, 200)).toBe(200);
    expect(searchingChunkRows(10, 5, 200)).toBe(SEARCHING_MIN_ROWS);
    expect(searchingChunkRows(10, 5, 3)).toBe(3);
  });

  test('the cost per row follows the chunks, one slow chunk counting a quarter', () => {
    const cost = new RowCost();
    expect(cost.msPerRow).toBeNull();
    cost.record(100, 10);
    expect(cost.msPerRow).toBeCloseTo(0.1);
    cost.record(100, 50);
    expect(cost.msPerRow).toBeCloseTo(0.2);
  });
});

describe('typingNow', () => {
  test('searches close together are typing; one search, or searches further apart (the list re-reading), are not', async () => {
    const read = () => Promise.resolve();
    const once = {};
    await trackRead(once, read);
    expect(typingNow(once)).toBe(false);
    const typed = {};
    await trackRead(typed, read);
    await trackRead(typed, read);
    expect(typingNow(typed)).toBe(true);
    const refreshed = {};
    await trackRead(refreshed, read);
    await new Promise((r) => setTimeout(r, TYPING_GAP_MS + 50));
    await trackRead(refreshed, read);
    expect(typingNow(refreshed)).toBe(false);
  });
});

/** A clock only the writes move: each write of n documents "costs" n * msPerDoc of main thread. */
function costedClock(msPerDoc: number) {
  let now = 0;
  return { now: () => now, spend: (docs: number) => (now += docs * msPerDoc) };
}

describe('TaskBudget (repos/task-budget.ts): one main-thread budget for every bulk write', () => {
  test('documents per write: the first guess before anything is measured, then what fits the budget, within bounds', () => {
    expect(docsWithinBudget(8, null, 25, 200)).toBe(200);
    expect(docsWithinBudget(8, 0.1, 25, 200)).toBe(80);
    expect(docsWithinBudget(8, 1, 25, 200)).toBe(25);
    const none = new TaskBudget(Number.POSITIVE_INFINITY);
    expect(none.docs({ min: 25, first: 50, max: 300 })).toBe(300);
    const fresh = new TaskBudget();
    expect(fresh.budgetMs).toBe(BULK_TASK_BUDGET_MS);
    expect(fresh.docs({ min: 25, first: 50, max: 300 })).toBe(50);
    expect(fresh.docs({ min: 25, first: 50, max: 10 })).toBe(10);
  });

  test('no write carries more documents than fit in the budget at the measured cost; every document is written once, in order', async () => {
    const clock = costedClock(0.5); // 0.5 ms per document: 16 fit in 8 ms
    const budget = new TaskBudget(8, clock.now);
    const docs = Array.from({ length: 300 }, (_, i) => i);
    const writes: number[][] = [];
    await budget.inSlices(docs, { min: 5, first: 50, max: 200 }, (slice) => {
      clock.spend(slice.length); // the write's synchronous part
      writes.push(slice);
      return Promise.resolve();
    });
    expect(writes.flat()).toEqual(docs);
    expect(writes[0]).toHaveLength(50); // nothing measured yet
    expect(budget.taskMsPerDoc).toBeCloseTo(0.5);
    expect(Math.max(...writes.slice(1).map((w) => w.length))).toBe(16);
    // A costlier kind of document shrinks the next writes, down to the minimum.
    const heavy = costedClock(4);
    const tight = new TaskBudget(8, heavy.now);
    const sizes: number[] = [];
    await tight.inSlices(docs, { min: 5, first: 50, max: 200 }, (slice) => {
      heavy.spend(slice.length);
      sizes.push(slice.length);
      return Promise.resolve();
    });
    expect(sizes.slice(1, -1).every((n) => n === 5)).toBe(true);
  });

  test('a paused writer waits for the next search at most the time it is given, even while a search never ends', async () => {
    const db = {};
    let endSearch: () => void = () => undefined;
    const search = trackRead(db, () => new Promise<void>((r) => (endSearch = r)));
    let resumed = false;
    await nextReadEnds(db, performance.now(), 20).then(() => (resumed = true));
    expect(resumed).toBe(true);
    endSearch();
    await search;
  });
});
