// pinyin-pro and its dictionaries (~130 kB gzip, most of a first visit's JavaScript) load on first
// need, not at start-up: only the pinyin search keys of a Chinese name need them. Whoever may
// compute those keys awaits `ensurePinyin()` first (the write paths through `ensurePinyinFor`);
// `pinyinOf` is synchronous and throws if nobody did, so a missing await fails loudly in the tests
// instead of storing different keys.
import type { pinyin as PinyinFn } from 'pinyin-pro';
import { isCjk } from './text';

type Pinyin = typeof PinyinFn;

/** How pinyin-pro is loaded. The app swaps in a staged loader (src/pinyin-loader.ts). */
export type PinyinLoader = () => Promise<Pinyin>;

let loader: PinyinLoader = async () => (await import('pinyin-pro')).pinyin;
let pinyinFn: Pinyin | undefined;
let loading: Promise<void> | undefined;

/**
 * Replaces the default loader (one dynamic import). The app's loader evaluates the dictionaries
 * one task each, like the rest of start-up; the result is the same function either way.
 */
export function setPinyinLoader(load: PinyinLoader): void {
  if (!pinyinFn && !loading) loader = load;
}

/**
 * For code that imports pinyin-pro statically anyway (the dedup worker, a bundle of its own):
 * the name keys are then available at once, without the asynchronous load.
 */
export function usePinyin(fn: Pinyin): void {
  pinyinFn = fn;
  loading ??= Promise.resolve();
}

/** Loads pinyin-pro once; later calls return the same promise (a failed load may be retried). */
export function ensurePinyin(): Promise<void> {
  loading ??= loader().then(
    (fn) => {
      pinyinFn = fn;
    },
    (err: unknown) => {
      loading = undefined;
      throw err;
    },
  );
  return loading;
}

/** True once `ensurePinyin()` has resolved. */
export function pinyinReady(): boolean {
  return pinyinFn !== undefined;
}

/** True when these names have Han characters, i.e. their search keys need the pinyin dictionaries. */
export function namesNeedPinyin(givenName: unknown, familyName: unknown): boolean {
  return isCjk(`${typeof givenName === 'string' ? givenName : ''}${typeof familyName === 'string' ? familyName : ''}`);
}

/**
 * Before computing the keys of these customers (or customer-like documents from sync, imports,
 * migrations): loads the dictionaries when one of them has a Chinese name. Resolves at once otherwise.
 */
export async function ensurePinyinFor(docs: Iterable<object>): Promise<void> {
  if (pinyinFn) return;
  for (const d of docs) {
    const { givenName, familyName } = d as { givenName?: unknown; familyName?: unknown };
    if (namesNeedPinyin(givenName, familyName)) {
      await ensurePinyin();
      return;
    }
  }
}

export class PinyinNotLoadedError extends Error {
  constructor() {
    super('pinyin dictionaries not loaded: await ensurePinyin() (or ensurePinyinFor) before computing name keys');
    this.name = 'PinyinNotLoadedError';
  }
}

/** pinyin-pro's `pinyin()`; throws PinyinNotLoadedError before `ensurePinyin()` has resolved. */
export const pinyinOf: Pinyin = ((...args: Parameters<Pinyin>) => {
  if (!pinyinFn) throw new PinyinNotLoadedError();
  return pinyinFn(...args);
}) as Pinyin;
