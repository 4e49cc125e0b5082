// Start-up, loaded by main.ts in a task after the first layout: register the service worker first
// (so the shell works offline even if something later fails), load the active language's message
// catalogue (only that one: i18n/i18n.svelte.ts), open the database (or, on a device protected
// with a passphrase, the lock screen first), start the background work (derived data, merge
// follower), then mount the UI.
//
// A module graph evaluates in one task, and the whole app evaluated at once is one long task before
// anything else can run. So this module holds only the shell (messages,
// service worker) and the rest arrives in stages, each its own dynamic import with a yield to the
// browser in between: the domain rules, the data layer (RxDB, Dexie), the database opening, the
// background work, and last the UI. Each stage evaluates only the modules no earlier stage did.
//
// What the first rows do not need stays out of start-up, which keeps a first visit's JavaScript
// under 200 kB gzip (npm run bench:first-visit): the pinyin dictionaries load on first need
// (a Chinese name written or typed: pinyin-loader.ts, staged the same way, one dictionary per
// task), the phone metadata when a number is shown or parsed (the list loads it before rows with
// numbers, otherwise it follows the first rows: domain/phone.ts), the other language's catalogue
// when the user switches. The service worker precaches every chunk, so offline start-up is the same.
import { mount } from 'svelte';
import { catalogueLoaded, i18n, loadCatalogue, t } from './i18n/i18n.svelte';
import { PwaState } from './state/pwa.svelte';
import { nextTask } from './lib/next-task';
import { setPinyinLoader } from './domain/pinyin';
import { loadPinyinStaged } from './pinyin-loader';

function deviceUserId(): string {
  const key = 'fieldbook.deviceId';
  let id = localStorage.getItem(key);
  if (!id) {
    id = `device-${crypto.randomUUID().slice(0, 8)}`;
    localStorage.setItem(key, id);
  }
  return id;
}

async function start(): Promise<void> {
  document.documentElement.lang = i18n.locale;
  const target = document.getElementById('app');
  if (!target) throw new Error('#app missing');
  const pwa = new PwaState();
  pwa.start();
  setPinyinLoader(loadPinyinStaged);
  try {
    // Only the active language's catalogue, before the first text: no keys, no other language.
    await loadCatalogue(i18n.locale);
    // After Settings → Wipe this device: say so before anything is opened again (data/db/wipe.ts).
    const wipe = await import('./data/db/wipe');
    if (location.hash === wipe.WIPED_HASH) await (await import('./wiped-landing')).showWipedLanding(target);
    wipe.followWipesElsewhere();
    target.textContent = t('app.loading');
    await nextTask();
    await import('./domain/customer');
    await nextTask();
    // The storage (Dexie, RxDB's query engine), then RxDB's core with the database module.
    await import('./data/db/storage');
    await nextTask();
    await import('./data/db/database');
    await nextTask();
    await import('./data/derived/background');
    await nextTask();
    // The session reads the key record first: a protected device shows the lock screen and opens
    // the database only with the passphrase (state/session.svelte.ts); otherwise it opens now.
    const { Session } = await import('./state/session.svelte');
    const session = new Session();
    await session.begin();
    await nextTask();
    const { default: Root } = await import('./Root.svelte');
    await nextTask();
    target.textContent = '';
    mount(Root, { target, props: { session, pwa, userId: deviceUserId() } });
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    // Without a catalogue (it failed to load) the error is shown as it is.
    target.textContent = catalogueLoaded(i18n.locale) ? t('app.openFailed', { error }) : error;
    throw err;
  }
}

void start();
