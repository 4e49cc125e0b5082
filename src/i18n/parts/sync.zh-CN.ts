// 简体中文 strings of the sync feature: exactly the keys of sync.en.ts (tsc checks).
import type { syncEn } from './sync.en';

export const syncZhCN: Record<keyof typeof syncEn, string> = {
  'sync.title': '同步',
};
