// 简体中文 catalogue: the same keys as en.ts (the type makes a missing or extra key a compile error).
import { activityZhCN } from './parts/activity.zh-CN';
import type { activityEn } from './parts/activity.en';
import type { auditEn } from './parts/audit.en';
import type { MessageKey } from './en';
import { dedupZhCN } from './parts/dedup.zh-CN';
import type { deviceEn } from './parts/device.en';
import { deviceZhCN } from './parts/device.zh-CN';
import { recordLabelsZhCN } from './parts/record-labels.zh-CN';
import { insightsZhCN } from './parts/insights.zh-CN';
import { syncZhCN } from './parts/sync.zh-CN';
import { todayZhCN } from './parts/today.zh-CN';
import { recordZhCN } from './parts/record.zh-CN';
import { auditZhCN } from './parts/audit.zh-CN';
import { wipeZhCN } from './parts/wipe.zh-CN';
import { importHistoryZhCN } from './parts/import-history.zh-CN';
import { backupZhCN } from './parts/backup.zh-CN';
import { importRunZhCN } from './parts/import-run.zh-CN';
import { transferZhCN } from './parts/transfer.zh-CN';
import { securityZhCN } from './parts/security.zh-CN';
import type { securityEn } from './parts/security.en';

const core: Record<
  Exclude<
    MessageKey,
    | `sync.${string}`
    | `dedup.${string}`
    | `insights.${string}`
    | `today.${string}`
    | `record.${string}`
    | `wipe.${string}`
    | `importHistory.${string}`
    | `backup.${string}`
    | `importRun.${string}`
    | `export.${string}`
    | `import.${string}`
    | 'nav.today'
    | keyof typeof deviceEn
    | keyof typeof activityEn
    | keyof typeof auditEn
    | keyof typeof securityEn
  >,
  string
> = {
  'app.name': 'Fieldbook 客户簿',
  'app.tagline': '离线客户管理',
  'nav.customers': '客户',
  'nav.settings': '设置',
  'nav.main': '主导航',
  'nav.back': '返回列表',
  'app.loading': '正在打开数据库…',
  'app.openFailed': '无法打开数据库：{error}',
  'app.offline': '离线中——本设备上的所有功能照常可用',
  'pwa.updateAvailable': 'Fieldbook 有新版本可用。',
  'pwa.reload': '重新加载',
  'pwa.later': '稍后',
  'pwa.offlineReady': 'Fieldbook 已可离线使用。',
  'list.search': '搜索客户',
  'list.searchPlaceholder': '姓名、拼音、邮箱、电话、公司',
  'list.tag': '按标签筛选',
  'list.allTags': '全部标签',
  'list.sort': '排序',
  'list.sort.name': '姓名',
  'list.sort.recent': '最近更新',
  'list.sort.company': '公司',
  'list.count': '{count} 位客户',
  'list.count.one': '1 位客户',
  'list.results.one': '1 条结果',
  'orders.items.one': '1 项',
  'products.title': '产品',
  'products.hint': '录入订单时可选的产品目录。目录中没有的产品也可以直接输入。',
  'products.sku': '货号',
  'products.name': '产品名称',
  'products.category': '类别',
  'products.price': '价格',
  'products.currency': '货币',
  'products.add': '添加产品',
  'products.none': '还没有产品。请添加，或加载演示数据。',
  'products.added': '已添加 {name}。',
  'error.skuTaken': '已存在相同货号的产品。',
  'error.required': '必填。',
  'list.results': '{count} 条结果',
  'list.resultsMore': '已显示 {count} 条结果，向下滚动查看更多',
  'list.empty': '还没有客户。新建一位，或在设置中加载演示数据。',
  'list.noMatches': '没有与“{query}”匹配的客户。',
  'list.loadingMore': '加载中…',
  'list.label': '客户列表',
  'customer.new': '新建客户',
  'customer.edit': '编辑',
  'customer.delete': '删除',
  'customer.save': '保存',
  'customer.cancel': '取消',
  'customer.deleted': '已删除 {name}。',
  'customer.undo': '撤销',
  'customer.saved': '已保存。',
  'customer.notFound': '该客户不存在（或已被删除）。',
  'customer.select': '请选择一位客户，或新建客户。',
  'customer.newTitle': '新建客户',
  'customer.editTitle': '编辑 {name}',
  'customer.unnamed': '（无姓名）',
  'customer.draftRestored': '已恢复重新加载前输入的内容。',
  'customer.fixErrors': '请修正标出的字段。',
  'customer.duplicateWarning': '已存在{what}相同的客户：',
  'customer.duplicateEmail': '邮箱',
  'customer.duplicatePhone': '电话',
  'customer.duplicateBoth': '邮箱和电话',
  'customer.saveAnyway': '仍然保存',
  'customer.profile': '资料',
  'customer.contact': '联系方式',
  'customer.address': '地址',
  'customer.updated': '更新于 {date}',
  'field.givenName': '名',
  'field.familyName': '姓',
  'field.email': '邮箱',
  'field.phone': '电话',
  'field.company': '公司',
  'field.street': '街道',
  'field.city': '城市',
  'field.postcode': '邮编',
  'field.region': '省/州',
  'field.country': '国家/地区',
  'field.birthDate': '出生日期',
  'field.tags': '标签',
  'field.notes': '备注',
  'field.tagsHint': '多个标签用逗号分隔',
  'field.nameHint': '在一个字段中输入完整中文姓名会自动拆分（欧阳娜娜 → 欧阳 / 娜娜）。',
  'field.phoneHint': '未带国家代码的号码按 {region} 解析。',
  'error.nameRequired': '请输入名或姓。',
  'error.emailInvalid': '邮箱地址无效。',
  'error.phoneInvalid': '这不是 {region} 的有效电话号码。',
  'error.birthDateInvalid': '请输入真实日期（年-月-日）。',
  'error.birthDateFuture': '出生日期不能晚于今天。',
  'error.countryUnknown': '未知国家/地区——请输入名称或两位代码（如 CN、DE）。',
  'error.tooLong': '内容过长。',
  'error.productRequired': '请输入产品。',
  'error.quantityInvalid': '数量必须是不小于 1 的整数。',
  'error.priceInvalid': '请输入价格，例如 12.50。',
  'error.itemsRequired': '请至少添加一项。',
  'error.currencyInvalid': '未知货币。',
  'error.typeInvalid': '请选择类型。',
  'error.dateInvalid': '请输入真实日期。',
  'error.scoreInvalid': '请选择 0 到 10 的分数。',
  'error.saveFailed': '保存失败：{error}',
  'orders.title': '订单',
  'orders.add': '添加订单',
  'orders.none': '暂无订单。',
  'orders.total': '合计',
  'orders.items': '{count} 项',
  'orders.product': '产品',
  'orders.quantity': '数量',
  'orders.unitPrice': '单价',
  'orders.currency': '货币',
  'orders.addItem': '添加一项',
  'orders.removeItem': '删除第 {n} 项',
  'orders.item': '第 {n} 项',
  'orders.save': '保存订单',
  'interactions.title': '拜访与互动',
  'interactions.add': '记录互动',
  'interactions.none': '暂无互动记录。',
  'interactions.type': '类型',
  'interactions.subject': '主题',
  'interactions.notes': '备注',
  'interactions.outcome': '结果',
  'interactions.followUp': '跟进日期',
  'interactions.followUpOn': '{date} 跟进',
  'interactions.save': '保存互动',
  'interactions.type.visit': '拜访',
  'interactions.type.call': '电话',
  'interactions.type.email': '邮件',
  'interactions.type.meeting': '会议',
  'interactions.type.note': '备注',
  'surveys.title': '满意度调查',
  'surveys.add': '添加调查',
  'surveys.none': '暂无调查结果。',
  'surveys.score': '评分',
  'surveys.comment': '意见',
  'surveys.save': '保存调查',
  'surveys.scoreOf': '{score} / 10',
  'surveys.promoter': '推荐者',
  'surveys.passive': '被动者',
  'surveys.detractor': '贬损者',
  'settings.title': '设置',
  'settings.language': '语言',
  'settings.region': '默认电话区域',
  'settings.regionHint': '未带国家代码的电话号码按此国家/地区解析。',
  'settings.demo': '演示数据',
  'settings.demoHint': '添加逼真的客户（中西文姓名、多个国家）及其订单、拜访和调查。',
  'settings.demoCount': '客户数量',
  'settings.demoLoad': '加载演示数据',
  'settings.demoCancel': '停止',
  'settings.demoProgress': '已添加 {done} / {total} 位客户',
  'settings.demoDone': '已添加 {done} 位客户（{rows} 行）。',
  'settings.demoFailed': '演示数据加载失败：{error}',
  'settings.storage': '存储',
  'settings.storageUsage': '本设备已使用 {used}',
  'settings.version': '版本 {version}',
  'common.close': '关闭',
  'common.optional': '可选',
};

export const zhCN: Record<MessageKey, string> = {
  ...core,
  ...syncZhCN,
  ...dedupZhCN,
  ...insightsZhCN,
  ...deviceZhCN,
  ...recordLabelsZhCN,
  ...todayZhCN,
  ...recordZhCN,
  ...activityZhCN,
  ...auditZhCN,
  ...wipeZhCN,
  ...importHistoryZhCN,
  ...backupZhCN,
  ...importRunZhCN,
  ...transferZhCN,
  ...securityZhCN,
};
