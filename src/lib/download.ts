// Save a Blob as a file from the page (no network: an object URL the browser downloads).
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Save text (a CSV by default) as a file. */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  downloadBlob(new Blob([text], { type }), fileName);
}

/** "fieldbook-<what>-YYYY-MM-DD.csv" */
export const csvName = (what: string): string => `fieldbook-${what}-${new Date().toISOString().slice(0, 10)}.csv`;

/** "fieldbook-backup-YYYY-MM-DD.fbbackup" for a backup made at `atMs`. */
export const backupFileName = (atMs: number): string =>
  `fieldbook-backup-${new Date(atMs).toISOString().slice(0, 10)}.fbbackup`;
