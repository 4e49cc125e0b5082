// Unsaved form input survives reloads (an app update, a crash, the OS killing the tab): forms save a
// draft on every change and restore it when they open again. Cleared on save or cancel.
const PREFIX = 'fieldbook.draft.';

export function loadDraft<T>(key: string): T | null {
  try {
    const raw = globalThis.localStorage?.getItem(PREFIX + key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

export function saveDraft(key: string, value: unknown): void {
  try {
    globalThis.localStorage?.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // Storage full or unavailable: the form still works, only the draft is not kept.
  }
}

export function clearDraft(key: string): void {
  globalThis.localStorage?.removeItem(PREFIX + key);
}
