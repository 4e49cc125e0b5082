// A file the importer refused, as the wizard says it: the message in the user's language with its
// numbers formatted ("2,000 columns (at most 500)", not "2000").
import { i18n, t } from '../../i18n/i18n.svelte';
import type { MessageKey } from '../../i18n/en';

export interface WizardError {
  key: string;
  params: Record<string, string | number>;
}

export function fileErrorText(error: WizardError): string {
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(error.params)) params[k] = typeof v === 'number' ? i18n.formatNumber(v) : v;
  return t(error.key as MessageKey, params);
}
