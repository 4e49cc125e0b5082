// The bulk path's chunk sizing rule and progress arithmetic (src/data/repos/bulk.ts), directly.
import { describe, expect, test } from 'vitest';
import { ChunkSizer, SEARCHING_CHUNK, progressOf, runInChunks } from '../../src/data/repos/bulk';
import { trackRead } from '../../src/data/read-gate';

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
  test('a chunk starts only once the search in flight has ended; while searching, chunks are small', async () => {
    const db = {};
    const events: string[] = [];
    let endSearch: () => void = () => undefined;
    const search = trackRead(db, async () => {
      await new Promise<void>((r) => (endSearch = r));
      events.push('search');
    });
    const run = runInChunks({
      total: 500,
      database: db,
      sizing: { initial: 200, min: 25, max: 200 },
      writeChunk: (from, count) => {
        events.push(`write ${from}+${count}`);
        return Promise.resolve(count);
      },
    });
    await new Promise((r) => setTimeout(r, 20));
    // Nothing written while the search runs.
    expect(events).toEqual([]);
    endSearch();
    await search;
    await run;
    // The user searched a moment ago: small chunks.
    expect(events[0]).toBe('search');
    expect(events[1]).toBe(`write 0+${SEARCHING_CHUNK}`);
    expect(events.slice(1).every((e) => e.endsWith(`+${SEARCHING_CHUNK}`))).toBe(true);
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
