// One audit entry in words for the History tab: the action, the record it was about, and each
// changed field as "Field: before → after" with the sync screens' field labels, values in the UI
// language (dates formatted, lists joined, consent per channel). Sealed fields say only "changed".
import { CONSENT_CHANNELS, type ConsentChannel } from '../../domain/consent';
import { parseAuditValue, type AuditChange, type AuditEntry } from '../../domain/audit';
import { i18n, t, type MessageKey } from '../../i18n/i18n.svelte';
import { fieldLabel, recordLabel } from '../sync/conflict-text';

const isConsent = (v: unknown): v is Record<ConsentChannel, { status: string }> =>
  typeof v === 'object' && v !== null && CONSENT_CHANNELS.every((ch) => ch in v);

/** One entry of a list value: a string, an order item by its name, anything else as JSON. */
function itemText(x: unknown): string {
  if (typeof x === 'string') return x;
  if (typeof x === 'object' && x !== null && 'name' in x && typeof x.name === 'string') return x.name;
  return JSON.stringify(x);
}

/** A stored value in words; '' for no value. */
export function valueText(field: string, text: string): string {
  const v = parseAuditValue(text);
  if (v === undefined || v === null || v === '') return '';
  if (typeof v === 'number' && field.endsWith('At')) return v > 0 ? i18n.formatDate(v, 'dateTime') : '';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return (v as unknown[]).map(itemText).join(', ');
  if (isConsent(v))
    return CONSENT_CHANNELS.map(
      (ch) =>
        `${t(`record.consent.channel.${ch}` as MessageKey)}: ${t(`record.consent.status.${v[ch].status}` as MessageKey)}`,
    ).join(', ');
  return JSON.stringify(v);
}

/** "Edited", or "Created: Order" for an entry about one of the customer's orders, visits or surveys. */
export function actionText(e: AuditEntry): string {
  const action = t(`history.action.${e.action}` as MessageKey);
  const base = e.coll && e.coll !== 'customers' ? t('history.of', { action, record: recordLabel(e.coll) }) : action;
  if (e.action === 'merge' || e.action === 'unmerge') {
    const others = e.note.split(' ').filter(Boolean).length;
    return `${base} ${t('history.mergedWith', { count: others })}`;
  }
  if (e.count > 1) return `${base} (${t('history.rows', { count: e.count })})`;
  return base;
}

/** One changed field in words. */
export function changeText(c: AuditChange, erased: boolean): string {
  const field = fieldLabel(c.field);
  if (c.sealed) return t('history.changeSealed', { field });
  if (erased) return t('history.changeErased', { field });
  const before = valueText(c.field, c.before);
  const after = valueText(c.field, c.after);
  if (!before && after) return t('history.changeAdded', { field, after });
  if (before && !after) return t('history.changeRemoved', { field, before });
  return t('history.change', { field, before: before || t('history.empty'), after: after || t('history.empty') });
}
