// Start-up, loaded by main.ts in a task after the first layout: register the service worker first
// (so the shell works offline even if something later fails), open the database, start the
// background work (derived data, merge follower), then mount the UI.
//
// A module graph evaluates in one task, and the whole app evaluated at once was one 110–190 ms task
// on a 2-core machine before anything else could run. So this module holds only the shell (messages,
// service worker) and the rest arrives in stages, each its own dynamic import with a
// yield to the browser in between: the domain rules with large tables (phone metadata, pinyin), the data
// layer (RxDB, Dexie), the database opening, the background work, and last the UI. Each stage
// evaluates only the modules no earlier stage did. The service worker precaches every chunk, so
// offline start-up is the same.
import { mount } from 'svelte';
import { i18n, t } from './i18n/i18n.svelte';
import { PwaState } from './state/pwa.svelte';
import { nextTask } from './lib/next-task';

function deviceUserId(): string {
  const key = 'fieldbook.deviceId';
  let id = localStorage.getItem(key);
  if (!id) {
    id = `device-${crypto.randomUUID().slice(0, 8)}`;
    localStorage.setItem(key, id);
  }
  return id;
}

/**
 * Runs `load` with `requestIdleCallback` hidden. pinyin-pro, when it loads, schedules the build of
 * its word-pattern tree (a 40–80 ms task here) for the first idle period, which at start-up is
 * while the database opens or the first screen renders. Without requestIdleCallback it builds
 * the tree on first use instead: the first write of a Chinese name (pinyin keys). Only start-up
 * code runs while it is hidden (nothing else uses it before the UI mounts); RxDB falls back to
 * timers when it is missing.
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

async function start(): Promise<void> {
  document.documentElement.lang = i18n.locale;
  const target = document.getElementById('app');
  if (!target) throw new Error('#app missing');
  const pwa = new PwaState();
  pwa.start();
  target.textContent = t('app.loading');
  try {
    await nextTask();
    // The domain layer's two large tables, each in its own task: phone metadata, then the pinyin
    // dictionary (without its idle-time pattern build, see below).
    await import('./domain/phone');
    await nextTask();
    // pinyin-pro's dictionaries evaluate in three tasks: together they were ~32 ms here.
    await withoutIdleCallbacks(async () => {
      await import('pinyin-pro/dist/esm/data/dict1.mjs');
      await nextTask();
      await Promise.all([import('pinyin-pro/dist/esm/data/dict2.mjs'), import('pinyin-pro/dist/esm/data/dict4.mjs')]);
      await nextTask();
      await import('pinyin-pro');
    });
    await nextTask();
    await import('./domain/customer');
    await nextTask();
    // The storage (Dexie, RxDB's query engine), then RxDB's core with the database module.
    await import('./data/db/storage');
    await nextTask();
    const { openDatabase } = await import('./data/db/database');
    await nextTask();
    const db = await openDatabase();
    await nextTask();
    const { startBackgroundWork } = await import('./data/derived/background');
    await nextTask();
    // Tag index and measures follow every write (and rebuild in the background after a version
    // change); children or edits arriving later for a merged record go to its survivor.
    startBackgroundWork(db);
    await nextTask();
    const { default: App } = await import('./App.svelte');
    await nextTask();
    target.textContent = '';
    mount(App, { target, props: { db, pwa, userId: deviceUserId() } });
    // Tests and the benchmark wait for this mark instead of guessing.
    performance.mark('fieldbook:db-open');
    document.body.dataset.ready = 'true';
  } catch (err) {
    target.textContent = t('app.openFailed', { error: err instanceof Error ? err.message : String(err) });
    throw err;
  }
}

void start();
