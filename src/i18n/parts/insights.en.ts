// English strings of the insights feature, merged into en.ts. Keys start with 'insights.'.
export const insightsEn = {
  'insights.title': 'Insights',
} as const;
