// Start-up: register the service worker first (so the shell works offline even if something later
// fails), open the database, start the background work (derived data, merge follower), then mount
// the UI.
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { openDatabase } from './data/database';
import { startBackgroundWork } from './data/background';
import { i18n, t } from './i18n/i18n.svelte';
import { PwaState } from './state/pwa.svelte';

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
  target.textContent = t('app.loading');
  try {
    const db = await openDatabase();
    // Tag index and measures follow every write (and rebuild in the background after a version
    // change); children or edits arriving later for a merged record go to its survivor.
    startBackgroundWork(db);
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
