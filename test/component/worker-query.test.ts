// WorkerQuery: re-runs when its inputs change, keeps only the latest answer, reports failures.
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerQuery } from '../../src/state/worker-query.svelte';
import { QueryInput } from './worker-query-input.svelte';

/** A query whose answers the test hands out, in any order. */
function controlled<I, T>() {
  const pending = new Map<I, { resolve: (v: T) => void; reject: (e: unknown) => void }>();
  const run = (input: I): Promise<T> => new Promise<T>((resolve, reject) => pending.set(input, { resolve, reject }));
  return { pending, run };
}
const settle = () => new Promise<void>((r) => setTimeout(r, 0));

const queries: Array<WorkerQuery<unknown, unknown>> = [];
afterEach(() => {
  for (const q of queries.splice(0)) q.destroy();
});

describe('WorkerQuery', () => {
  it('keeps the answer to the latest inputs when an older answer arrives later', async () => {
    const input = new QueryInput(1);
    const { pending, run } = controlled<number, string>();
    const q = new WorkerQuery(() => input.value, run);
    queries.push(q);
    flushSync();
    expect(q.loading).toBe(true);
    input.value = 2;
    flushSync();
    pending.get(2)?.resolve('two');
    await settle();
    expect(q.value).toBe('two');
    expect(q.loading).toBe(false);
    pending.get(1)?.resolve('one');
    await settle();
    expect(q.value).toBe('two');
  });

  it('runs nothing while the inputs are null, and keeps the last answer while the next one runs', async () => {
    const input = new QueryInput<number | null>(null);
    const { pending, run } = controlled<number, string>();
    const q = new WorkerQuery(() => input.value, run);
    queries.push(q);
    flushSync();
    expect(pending.size).toBe(0);
    expect(q.loading).toBe(false);
    input.value = 1;
    flushSync();
    pending.get(1)?.resolve('one');
    await settle();
    input.value = 2;
    flushSync();
    expect(q.loading).toBe(true);
    expect(q.value).toBe('one');
  });

  it('reports a failure and clears it with the next answer', async () => {
    const input = new QueryInput(1);
    const { pending, run } = controlled<number, string>();
    const q = new WorkerQuery(() => input.value, run);
    queries.push(q);
    flushSync();
    const boom = new Error('worker gone');
    pending.get(1)?.reject(boom);
    await settle();
    expect(q.error).toBe(boom);
    expect(q.loading).toBe(false);
    input.value = 2;
    flushSync();
    pending.get(2)?.resolve('two');
    await settle();
    expect(q.error).toBeNull();
    expect(q.value).toBe('two');
  });

  it('drops answers that arrive after destroy()', async () => {
    const input = new QueryInput(1);
    const { pending, run } = controlled<number, string>();
    const q = new WorkerQuery(() => input.value, run);
    flushSync();
    q.destroy();
    pending.get(1)?.resolve('one');
    await settle();
    expect(q.value).toBeNull();
  });
});
