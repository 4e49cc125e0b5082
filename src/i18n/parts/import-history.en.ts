// English strings of the import history (Settings), merged into en.ts. Keys start with 'importHistory.'.
export const importHistoryEn = {
  'importHistory.title': 'Import history',
  'importHistory.hint': 'Every import is one unit: undo takes back what it wrote, except records edited since.',
  'importHistory.none': 'No imports yet.',
  'importHistory.state.running': 'running',
  'importHistory.state.finished': 'finished',
  'importHistory.state.unfinished': 'unfinished',
  'importHistory.state.undone': 'undone',
  'importHistory.meta': '{date} · by {by} · {state}',
  'importHistory.counts': '{created} created · {updated} updated · {skipped} skipped · {rejected} rejected',
  'importHistory.progress': '{done} of {total} rows written',
  'importHistory.rate': '{rate} rows/s · about {seconds} s left',
  'importHistory.undo': 'Undo',
  'importHistory.resume': 'Resume',
  'importHistory.cancel': 'Stop',
  'importHistory.kept':
    '{count} records changed since the import (edited, or given an order, visit or survey) were kept.',
  'importHistory.kept.one': '1 record changed since the import (edited, or given an order, visit or survey) was kept.',
  'importHistory.keptLoading': 'Looking up the kept customers…',
  'importHistory.keptMore': 'and {count} more',
  'importHistory.undone': 'Undone: {removed} removed, {restored} restored.',
  'importHistory.failed': 'Failed: {error}',
} as const;
