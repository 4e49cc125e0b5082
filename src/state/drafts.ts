// Unsaved form input survives reloads (an app update, a crash, the OS killing the tab): forms save a
// draft on every change and restore it when they open again. Cleared on save or cancel.
//
// On a device protected with a passphrase (session.svelte.ts) no draft is kept: localStorage is not
// encrypted, and a draft holds exactly the personal fields protection seals (a note being typed).
// Locking reloads the page, so what was typed and not saved is lost there.
const PREFIX = 'fieldbook.draft.';
let keeping = true;

/** Whether drafts are kept; turning it off removes the stored ones. */
export function keepDrafts(keep: boolean): void {
  keeping = keep;
  if (keep || !globalThis.localStorage) return;
  for (const key of Object.keys(localStorage)) if (key.startsWith(PREFIX)) localStorage.removeItem(key);
}

export function loadDraft<T>(key: string): T | null {
  try {
    const raw = globalThis.localStorage?.getItem(PREFIX + key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

export function saveDraft(key: string, value: unknown): void {
  if (!keeping) return;
  try {
    globalThis.localStorage?.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // Storage full or unavailable: the form still works, only the draft is not kept.
  }
}

export function clearDraft(key: string): void {
  globalThis.localStorage?.removeItem(PREFIX + key);
}
