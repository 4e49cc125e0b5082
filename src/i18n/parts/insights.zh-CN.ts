// 简体中文 strings of the insights feature: exactly the keys of insights.en.ts (tsc checks).
import type { insightsEn } from './insights.en';

export const insightsZhCN: Record<keyof typeof insightsEn, string> = {
  'insights.title': '洞察',
};
