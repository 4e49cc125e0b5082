// The page a wipe lands on (data/db/wipe.ts reloads to `#/wiped`): it says the device was wiped and
// what comes next, before start-up opens anything again, so nothing of the origin's data exists
// while it shows (the wipe e2e test checks exactly that here). "Start Fieldbook" goes on to a fresh
// first run. Plain DOM: it runs before the UI's modules are loaded.
import { t } from './i18n/i18n.svelte';

/** Shows the landing in `target` and resolves when the user chooses to start the fresh app. */
export function showWipedLanding(target: HTMLElement): Promise<void> {
  const section = document.createElement('section');
  section.className = 'card wiped';
  section.setAttribute('aria-labelledby', 'wiped-title');
  const heading = document.createElement('h1');
  heading.id = 'wiped-title';
  heading.textContent = t('wipe.done.title');
  const gone = document.createElement('p');
  gone.textContent = t('wipe.done.body');
  const sync = document.createElement('p');
  sync.textContent = t('wipe.done.resync');
  const start = document.createElement('button');
  start.type = 'button';
  start.className = 'primary';
  start.textContent = t('wipe.done.start');
  section.append(heading, gone, sync, start);
  target.replaceChildren(section);
  start.focus();
  return new Promise((resolve) =>
    start.addEventListener(
      'click',
      () => {
        history.replaceState(null, '', location.pathname);
        target.replaceChildren();
        resolve();
      },
      { once: true },
    ),
  );
}
