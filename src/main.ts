// Start-up: register the service worker first (so the shell works offline even if something later
// fails), open the database, keep the derived tag index running, then mount the UI.
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { openDatabase } from './data/database';
import { startTagIndex } from './data/tag-index';
import { startMergeFollower } from './data/merge';
import { ensureTagIndex } from './data/tag-index-rebuild';
import { startMeasures } from './data/measures';
import { ensureMeasures } from './data/measures-rebuild';
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
    startTagIndex(db);
    // Merged duplicates: children or edits arriving later for a merged record go to its survivor.
    startMergeFollower(db);
    // After a migration (or a new index version) fill the derived tag index in the background.
    void ensureTagIndex(db).catch((err: unknown) => console.error('tag index rebuild failed', err));
    // Per-customer measures for Insights: follow the change streams, rebuild in the background when needed.
    startMeasures(db);
    void ensureMeasures(db).catch((err: unknown) => console.error('measures rebuild failed', err));
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
