// The app's way of loading pinyin-pro (installed by start.ts with setPinyinLoader; it runs on the
// first need: a Chinese name written, or typed into a search). Its dictionaries evaluated at once
// are one long task; here each evaluates in a task of its own, as start-up does with its stages.
import type { pinyin as PinyinFn } from 'pinyin-pro';
import { nextTask } from './lib/next-task';

/**
 * Runs `load` with `requestIdleCallback` hidden. pinyin-pro, when its module evaluates, schedules
 * the build of its word-pattern tree (a long task) for the next idle period. Without
 * requestIdleCallback it builds the tree on first use instead, inside the write that needed it.
 * Only the evaluation of pinyin-pro's own modules needs it hidden; RxDB, the one other user,
 * falls back to timers while it is missing.
 */
async function withoutIdleCallbacks<T>(load: () => Promise<T>): Promise<T> {
  const g = globalThis as { requestIdleCallback?: unknown };
  const saved = g.requestIdleCallback;
  g.requestIdleCallback = undefined;
  try {
    return await load();
  } finally {
    g.requestIdleCallback = saved;
  }
}

export async function loadPinyinStaged(): Promise<typeof PinyinFn> {
  await import('pinyin-pro/dist/esm/data/dict1.mjs');
  await nextTask();
  await Promise.all([import('pinyin-pro/dist/esm/data/dict2.mjs'), import('pinyin-pro/dist/esm/data/dict4.mjs')]);
  await nextTask();
  const { pinyin } = await withoutIdleCallbacks(() => import('pinyin-pro'));
  await nextTask();
  return pinyin;
}
