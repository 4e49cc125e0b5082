// The rejected rows of the open file (customers or orders) saved as a CSV the user fixes in Excel
// and imports again: the file's own columns, a reason column in the user's language, and a name
// that says where it came from ("rejected-kunden.csv" for kunden.xlsx or kunden.csv).
import { downloadText } from '../../lib/download';
import type { ImportWizardState } from '../../state/import-wizard.svelte';

/** "rejected-<file name without its extension>.csv" ("rows" when no file is open). */
export function rejectedFileName(fileName: string | undefined): string {
  const stem = (fileName ?? '').replace(/\.[^.]+$/, '') || 'rows';
  return `rejected-${stem}.csv`;
}

/** Asks the import worker for the rejected rows (`labels` translate field names and message keys) and saves them. */
export async function saveRejected(
  wizard: ImportWizardState,
  labels: Record<string, string>,
  reasonHeader: string,
): Promise<void> {
  const csv = await wizard.rejectedCsv(labels, reasonHeader);
  downloadText(rejectedFileName(wizard.opened?.fileName), csv);
}
