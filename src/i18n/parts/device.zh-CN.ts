import type { deviceEn } from './device.en';

export const deviceZhCN: Record<keyof typeof deviceEn, string> = {
  'storage.persisted': '已在本设备上持久保存：浏览器不会为释放空间而清除 Fieldbook 的数据。',
  'storage.notPersisted':
    '未受保护：设备空间不足时，浏览器可能清除 Fieldbook 的数据。请安装本应用（添加到主屏幕）并开启同步，在团队服务器上保留一份副本。',
  'storage.waiting': '一旦有客户数据，Fieldbook 就会请求浏览器持久保存数据。',
  'storage.unsupported': '此浏览器无法保证保存 Fieldbook 的数据。',
  'storage.usage': '本设备上 Fieldbook 已使用 {used}，可用 {quota}',
  'storage.nearQuota':
    '存储空间即将用尽：已使用浏览器允许 Fieldbook 使用空间的 {percent}。请先释放设备空间或删除演示数据，再添加更多数据。',
  'settings.demoRemove': '删除演示数据',
  'settings.demoRemoveConfirm':
    '删除所有演示客户及其订单、拜访和调查？您自己的客户会保留。已同步的设备上，删除也会同步。',
  'settings.demoRemoveYes': '删除演示数据',
  'settings.demoRemoveNo': '保留',
  'settings.demoRemoving': '正在删除演示数据… 已删除 {count} 位客户',
  'settings.demoRemoved': '已删除 {count} 位演示客户及 {related} 条相关记录。',
  'settings.demoRemoved.one': '已删除 1 位演示客户及 {related} 条相关记录。',
  'settings.demoRemoveFailed': '删除演示数据失败：{error}',
};
