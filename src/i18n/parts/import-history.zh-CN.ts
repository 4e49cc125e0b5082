// 导入记录（设置）的简体中文文案，合并进 zh-CN.ts。键以 'importHistory.' 开头。
import type { importHistoryEn } from './import-history.en';

export const importHistoryZhCN: Record<keyof typeof importHistoryEn, string> = {
  'importHistory.title': '导入记录',
  'importHistory.hint': '每次导入是一个整体：撤销会收回它写入的内容，之后被编辑过的记录除外。',
  'importHistory.none': '还没有导入。',
  'importHistory.state.running': '进行中',
  'importHistory.state.finished': '已完成',
  'importHistory.state.unfinished': '未完成',
  'importHistory.state.undone': '已撤销',
  'importHistory.meta': '{date} · {by} · {state}',
  'importHistory.counts': '新建 {created} · 更新 {updated} · 跳过 {skipped} · 拒绝 {rejected}',
  'importHistory.progress': '已写入 {done} / {total} 行',
  'importHistory.rate': '每秒 {rate} 行 · 约剩 {seconds} 秒',
  'importHistory.undo': '撤销',
  'importHistory.resume': '继续',
  'importHistory.cancel': '停止',
  'importHistory.kept': '导入后有改动（被编辑，或新增了订单、拜访或调查）的 {count} 条记录已保留。',
  'importHistory.kept.one': '导入后有改动（被编辑，或新增了订单、拜访或调查）的 1 条记录已保留。',
  'importHistory.keptLoading': '正在查找保留的客户…',
  'importHistory.keptMore': '另有 {count} 位',
  'importHistory.undone': '已撤销：删除 {removed} 条，恢复 {restored} 条。',
  'importHistory.failed': '失败：{error}',
};
