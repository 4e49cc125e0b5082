// 简体中文 strings of the dedup feature: exactly the keys of dedup.en.ts (tsc checks).
import type { dedupEn } from './dedup.en';

export const dedupZhCN: Record<keyof typeof dedupEn, string> = {
  'dedup.title': '重复客户',
};
