// English strings of the sync feature, merged into en.ts. Keys start with 'sync.'.
export const syncEn = {
  'sync.title': 'Sync',
} as const;
