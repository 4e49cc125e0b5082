// Saves text as a file through a Blob URL (no network; works offline).
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "fieldbook-<what>-YYYY-MM-DD.csv" */
export const csvName = (what: string): string => `fieldbook-${what}-${new Date().toISOString().slice(0, 10)}.csv`;
