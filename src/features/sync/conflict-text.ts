// One conflict entry in words ("Email: kept … by … at …; lost … by … at …"), for the customer's
// "Changed on two devices" list and for Settings → Sync → Conflicts.
import { i18n, t, type MessageKey } from '../../i18n/i18n.svelte';
import { lostValueOf, type SyncLogDoc } from '../../state/sync-log.svelte';

/** A field's label in the UI language (a field without one is "another field", never its key). */
export function fieldLabel(field: string): string {
  const key = `record.field.${field}`;
  return i18n.has(key) ? t(key as MessageKey) : t('record.field.other');
}

/** A collection's record in words ("Order"), for lists that mix collections. */
export function recordLabel(collection: string): string {
  const key = `record.${collection}`;
  return i18n.has(key) ? t(key as MessageKey) : collection;
}

/**
 * A conflict's sentence. `listsAsText` words a list value as "a, b" (the customer screen); without it
 * a list reads as JSON (Settings, which also names the collection and the record).
 */
export function conflictText(e: SyncLogDoc, listsAsText: boolean): string {
  const l = lostValueOf(e);
  const show = (v: unknown): string => {
    if (v === '' || v === null || v === undefined || (Array.isArray(v) && v.length === 0))
      return t('sync.conflicts.empty');
    if (listsAsText && Array.isArray(v))
      return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(', ');
    return typeof v === 'string' ? v : JSON.stringify(v);
  };
  const when = (ms: number) => i18n.formatDate(ms, 'dateTime');
  if (l.field === '_deleted')
    return t('sync.conflicts.deleted', {
      lostBy: l.lostBy,
      lostAt: when(l.lostAt),
      keptBy: l.keptBy,
      keptAt: when(l.keptAt),
    });
  return t('sync.conflicts.summary', {
    field: fieldLabel(l.field),
    kept: show(l.kept),
    keptBy: l.keptBy,
    keptAt: when(l.keptAt),
    lost: show(l.lost),
    lostBy: l.lostBy,
    lostAt: when(l.lostAt),
  });
}
