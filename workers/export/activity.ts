// Orders (one line per item), interactions and surveys as export tables, each its own file. Pure.
import type { Interaction, Order, Survey } from '../../src/domain/types';
import { minorToDecimalString } from '../../src/domain/money';
import { dateTimeText } from './customers';
import type { Cell, Table } from './table';

export function orderTable(orders: readonly Order[]): Table {
  const columns = [
    'orderId',
    'customerId',
    'orderedAt',
    'status',
    'confirmedAt',
    'deliveredAt',
    'paidAt',
    'cancelledAt',
    'currency',
    'sku',
    'product',
    'quantity',
    'unitPrice',
    'lineTotal',
    'orderTotal',
  ];
  const rows: Cell[][] = [];
  for (const o of orders) {
    const money = (minor: number): string => minorToDecimalString(minor, o.currency);
    const items = o.items.length > 0 ? o.items : [null];
    for (const it of items) {
      rows.push([
        o.id,
        o.customerId,
        dateTimeText(o.orderedAt),
        o.status,
        ...[o.confirmedAt, o.deliveredAt, o.paidAt, o.cancelledAt].map((at) => (at > 0 ? dateTimeText(at) : '')),
        o.currency,
        it?.sku ?? '',
        it?.name ?? '',
        it?.qty ?? null,
        it ? money(it.unitPriceMinor) : '',
        it ? money(it.qty * it.unitPriceMinor) : '',
        money(o.totalMinor),
      ]);
    }
  }
  return { columns, rows };
}

export function interactionTable(list: readonly Interaction[]): Table {
  return {
    columns: ['id', 'customerId', 'type', 'at', 'subject', 'notes', 'outcome', 'followUpAt'],
    rows: list.map((i) => [
      i.id,
      i.customerId,
      i.type,
      dateTimeText(i.at),
      i.subject,
      i.notes,
      i.outcome,
      dateTimeText(i.followUpAt),
    ]),
  };
}

export function surveyTable(list: readonly Survey[]): Table {
  return {
    columns: ['id', 'customerId', 'at', 'score', 'comment', 'channel'],
    rows: list.map((s) => [s.id, s.customerId, dateTimeText(s.at), s.score, s.comment, s.channel]),
  };
}
