// An orders file → OrderImportRows: the customer found by email, phone or Fieldbook id (the `id`
// column of a customer export); the product by SKU or name (the order form's own rule,
// validateOrder); money in minor units with its currency. Lines sharing an order number become
// one order with several items; without an order-number column each line is an order.
import type { OrderImportRow, ImportPlan } from '../../src/domain/import-plan';
import type { OrderFields, OrderStatus } from '../../src/domain/types';
import { validateOrder, type OrderItemInput, type OrderProductRef } from '../../src/domain/order';
import { normalizeEmail } from '../../src/domain/email';
import { normalizePhone } from '../../src/domain/phone';
import { parseImportDate, parseNumber } from '../../src/domain/import-values';
import { unneutralizeCell } from '../../src/domain/spreadsheet-cell';
import { fold } from '../../src/domain/text';
import { ORDER_IMPORT_FIELDS, type OrderImportField } from '../../src/domain/order-import-fields';
import { rejectedRowsCsv, type RejectedRow } from '../../src/domain/rejected-rows';

export { ORDER_IMPORT_FIELDS, type OrderImportField };
export type OrderColumnMapping = OrderImportField[];

const ORDER_SYNONYMS: Record<Exclude<OrderImportField, 'ignore'>, readonly string[]> = {
  customerEmail: ['email', 'customeremail', 'e-mail', '邮箱', '客户邮箱', '电子邮件'],
  customerPhone: ['phone', 'mobile', 'customerphone', 'tel', '电话', '手机', '客户电话'],
  customerId: ['customerid', 'id', 'clientid', 'externalid', '客户编号', '客户id'],
  orderRef: ['order', 'orderid', 'ordernumber', 'orderno', 'ordernr', '订单', '订单号', '订单编号'],
  orderedAt: ['date', 'orderdate', 'orderedat', 'ordered', '日期', '下单日期', '订单日期'],
  sku: ['sku', 'productcode', 'itemcode', 'code', '货号', '商品编码', '产品编码'],
  product: ['product', 'productname', 'item', 'itemname', 'description', '产品', '商品', '产品名称', '商品名称'],
  quantity: ['quantity', 'qty', 'amount', 'count', '数量'],
  unitPrice: ['unitprice', 'price', 'unitcost', '单价', '价格'],
  total: ['total', 'linetotal', 'sum', '总价', '金额', '合计'],
  currency: ['currency', 'cur', '币种', '货币'],
  status: ['status', 'state', '状态', '订单状态'],
};
const key = (h: string): string => fold(h).replace(/\s/g, '');
const ORDER_LOOKUP = new Map(
  (Object.entries(ORDER_SYNONYMS) as [OrderImportField, readonly string[]][]).flatMap(([f, ws]) =>
    ws.map((w) => [key(w), f] as const),
  ),
);

export function suggestOrderMapping(headers: readonly string[]): OrderColumnMapping {
  const seen = new Set<OrderImportField>();
  return headers.map((h) => {
    const f = ORDER_LOOKUP.get(key(h)) ?? 'ignore';
    if (f !== 'ignore' && seen.has(f)) return 'ignore';
    seen.add(f);
    return f;
  });
}

// Words files use for an order's state, onto the app's steps (an "open" order is a confirmed one, as
// orders stored before the status steps were migrated).
const STATUS_WORDS: Record<string, OrderStatus> = {
  draft: 'draft',
  quote: 'draft',
  草稿: 'draft',
  open: 'confirmed',
  new: 'confirmed',
  pending: 'confirmed',
  confirmed: 'confirmed',
  已确认: 'confirmed',
  未付款: 'confirmed',
  待付款: 'confirmed',
  shipped: 'delivered',
  delivered: 'delivered',
  已发货: 'delivered',
  已送达: 'delivered',
  paid: 'paid',
  complete: 'paid',
  completed: 'paid',
  已付款: 'paid',
  已完成: 'paid',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  已取消: 'cancelled',
};

/** What the worker knows of stored customers to find an order's customer (plain data). */
export interface OrderCustomerRef {
  id: string;
  email: string;
  phone: string;
  otherEmails?: readonly string[];
  otherPhones?: readonly string[];
}

export interface OrderRunOptions {
  customers: readonly OrderCustomerRef[];
  products: readonly OrderProductRef[];
  /** Currency when the file has no currency column. */
  defaultCurrency: string;
  defaultRegion: string;
  /** Time of orders without a date, and "today". */
  now: number;
}

export interface OrderIssue {
  row: number;
  field: OrderImportField | 'customer';
  key: string;
  value: string;
}

export interface OrdersResult {
  rows: number;
  orders: OrderImportRow[];
  rejectedRows: number;
  issues: OrderIssue[];
  /**
   * The rejected orders: the file rows of each (every line of an order goes when one of them is
   * wrong) and that order's messages, for the rejected-rows CSV (ordersRejectedCsv).
   */
  rejectedOrders: RejectedOrder[];
}

export interface RejectedOrder {
  /** 1-based rows of the file (after the header), in file order. */
  rows: number[];
  issues: OrderIssue[];
}

interface Line {
  row: number;
  cells: Partial<Record<OrderImportField, string>>;
}

/** A day's local noon (a date without a time must not shift a day in another time zone's display). */
const dayToMs = (iso: string): number => {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1, 12).getTime();
};

export function buildOrders(
  rows: readonly string[][],
  mapping: OrderColumnMapping,
  opts: OrderRunOptions,
): OrdersResult {
  const byEmail = new Map<string, string>();
  const byPhone = new Map<string, string>();
  const ids = new Set<string>();
  for (const c of opts.customers) {
    ids.add(c.id);
    for (const e of [c.email, ...(c.otherEmails ?? [])]) if (e) byEmail.set(e.toLowerCase(), c.id);
    for (const p of [c.phone, ...(c.otherPhones ?? [])]) if (p) byPhone.set(p, c.id);
  }
  const issues: OrderIssue[] = [];
  const groups = new Map<string, Line[]>();
  rows.forEach((cells, i) => {
    const line: Line = { row: i + 1, cells: {} };
    mapping.forEach((f, c) => {
      const v = unneutralizeCell(cells[c] ?? '').trim();
      if (f !== 'ignore' && v !== '' && line.cells[f] === undefined) line.cells[f] = v;
    });
    const ref = line.cells.orderRef ? `ref:${line.cells.orderRef}` : `row:${line.row}`;
    const g = groups.get(ref);
    if (g) g.push(line);
    else groups.set(ref, [line]);
  });

  const orders: OrderImportRow[] = [];
  const rejectedOrders: RejectedOrder[] = [];
  let rejected = 0;
  for (const lines of groups.values()) {
    const head = lines[0] as Line;
    const firstIssue = issues.length;
    const fail = (field: OrderIssue['field'], k: string, value = ''): void => {
      issues.push({ row: head.row, field, key: k, value });
    };
    const reject = (): void => {
      rejected += lines.length;
      rejectedOrders.push({ rows: lines.map((l) => l.row), issues: issues.slice(firstIssue) });
    };
    const customerId = findCustomer(head.cells, byEmail, byPhone, ids, opts.defaultRegion);
    if (customerId === null) {
      fail(
        'customer',
        'import.error.customerNotFound',
        head.cells.customerEmail ?? head.cells.customerPhone ?? head.cells.customerId ?? '',
      );
      reject();
      continue;
    }
    let orderedAt = opts.now;
    if (head.cells.orderedAt) {
      const iso = parseImportDate(head.cells.orderedAt);
      if (iso === null) {
        fail('orderedAt', 'import.error.dateInvalid', head.cells.orderedAt);
        reject();
        continue;
      }
      orderedAt = dayToMs(iso);
    }
    const statusWord = head.cells.status
      ? (STATUS_WORDS[fold(head.cells.status)] ?? STATUS_WORDS[head.cells.status])
      : 'paid';
    if (statusWord === undefined) {
      fail('status', 'error.statusInvalid', head.cells.status ?? '');
      reject();
      continue;
    }
    const items: OrderItemInput[] = lines.map((l) => {
      const qty = l.cells.quantity ?? '1';
      let unitPrice = l.cells.unitPrice ?? '';
      if (unitPrice === '' && l.cells.total !== undefined && parseNumber(qty) === 1) unitPrice = l.cells.total;
      return { product: l.cells.sku ?? l.cells.product ?? '', quantity: qty, unitPrice };
    });
    const result = validateOrder(
      { items, currency: head.cells.currency ?? opts.defaultCurrency, status: statusWord, orderedAt },
      { products: opts.products, customerId, now: opts.now },
    );
    if (!result.ok) {
      for (const [k, msg] of Object.entries(result.errors)) {
        const m = /^items\.(\d+)\.(\w+)$/.exec(k);
        const line = m ? lines[Number(m[1])] : head;
        const field: OrderImportField =
          m?.[2] === 'quantity'
            ? 'quantity'
            : m?.[2] === 'unitPrice'
              ? 'unitPrice'
              : m
                ? 'product'
                : k === 'currency'
                  ? 'currency'
                  : 'status';
        issues.push({ row: line?.row ?? head.row, field, key: msg ?? '', value: line?.cells[field] ?? '' });
      }
      reject();
      continue;
    }
    // A SKU column that names no product: keep the product's name from its own column if any.
    const fields: OrderFields = result.value;
    fields.items = fields.items.map((it, i) => {
      const l = lines[i];
      return it.sku === '' && l?.cells.sku && l.cells.product ? { ...it, sku: l.cells.sku, name: l.cells.product } : it;
    });
    orders.push({ row: head.row, fields });
  }
  return { rows: rows.length, orders, rejectedRows: rejected, issues, rejectedOrders };
}

function findCustomer(
  cells: Line['cells'],
  byEmail: ReadonlyMap<string, string>,
  byPhone: ReadonlyMap<string, string>,
  ids: ReadonlySet<string>,
  region: string,
): string | null {
  if (cells.customerId && ids.has(cells.customerId)) return cells.customerId;
  const email = cells.customerEmail ? normalizeEmail(cells.customerEmail) : null;
  if (email) {
    const id = byEmail.get(email.toLowerCase());
    if (id) return id;
  }
  const phone = cells.customerPhone ? normalizePhone(cells.customerPhone, region) : null;
  if (phone?.e164) return byPhone.get(phone.e164) ?? null;
  return null;
}

/**
 * The rejected lines as a CSV to fix and import again: the file's own columns with each line's
 * cells as read (`fileRows`, the rows buildOrders was given), in file order, and a reason column
 * with its order's messages. Every line of a rejected order is there, so the order comes back
 * whole. `label` turns a field name or a message key into the user's language.
 */
export function ordersRejectedCsv(
  headers: readonly string[],
  fileRows: readonly (readonly string[])[],
  r: Pick<OrdersResult, 'rejectedOrders'>,
  label: (keyOrField: string) => string = (k) => k,
  reasonHeader = 'reason',
): string {
  const lines: Array<RejectedRow & { row: number }> = [];
  for (const o of r.rejectedOrders) {
    const reasons = o.issues.map((i) => `${label(i.field)}: ${label(i.key)}`);
    for (const row of o.rows) lines.push({ row, cells: fileRows[row - 1] ?? [], reasons });
  }
  lines.sort((a, b) => a.row - b.row);
  return rejectedRowsCsv(headers, lines, reasonHeader);
}

export function ordersPlan(importId: string, fileName: string, r: OrdersResult): ImportPlan {
  return { importId, fileName, totalRows: r.rows, rejectedRows: r.rejectedRows, kind: 'orders', rows: r.orders };
}
