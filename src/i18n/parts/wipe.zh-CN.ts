// 设置 → 清除此设备，以及清除后显示的页面。
import type { wipeEn } from './wipe.en';

export const wipeZhCN: Record<keyof typeof wipeEn, string> = {
  'wipe.title': '清除此设备',
  'wipe.hint':
    '删除 Fieldbook 在此浏览器中保存的全部内容：客户、订单、拜访、调查、设置和同步登录。应用本身保持安装，仍可离线使用。',
  'wipe.synced': '已设置同步：清除后重新登录同步，团队的数据会从服务器恢复。',
  'wipe.pending': '此设备上有 {count} 项更改尚未到达服务器，清除后将丢失。',
  'wipe.pending.one': '此设备上有 1 项更改尚未到达服务器，清除后将丢失。',
  'wipe.refused': '有 {count} 项被服务器拒绝的更改只保存在此设备上，清除后将丢失。',
  'wipe.refused.one': '有 1 项被服务器拒绝的更改只保存在此设备上，清除后将丢失。',
  'wipe.nothingWaiting': '没有等待发送到服务器的更改。',
  'wipe.notSynced': '尚未设置同步：此设备上的数据没有其他副本，清除后无法恢复。',
  'wipe.start': '清除此设备…',
  'wipe.confirmLabel': '输入“{word}”以确认',
  'wipe.confirmWord': '清除',
  'wipe.confirm': '立即清除此设备',
  'wipe.cancel': '取消',
  'wipe.wiping': '正在清除此设备…',
  'wipe.failed': '清除未完成：{error}。请关闭其他 Fieldbook 标签页后重试。',
  'wipe.done.title': '此设备已清除',
  'wipe.done.body': 'Fieldbook 的数据已从此浏览器中删除：客户、订单、拜访、调查、设置和同步登录。',
  'wipe.done.resync': '如果团队使用同步，请在“设置 → 同步”中重新登录，数据会从服务器恢复。',
  'wipe.done.start': '启动 Fieldbook',
};
