// English strings of the dedup feature, merged into en.ts. Keys start with 'dedup.'.
export const dedupEn = {
  'dedup.title': 'Duplicates',
} as const;
