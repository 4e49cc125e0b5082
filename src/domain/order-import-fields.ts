// The fields an orders file's columns can fill (the import wizard's choices; the import worker
// reads the columns onto them, workers/import/orders.ts).
export const ORDER_IMPORT_FIELDS = [
  'customerEmail',
  'customerPhone',
  'customerId',
  'orderRef',
  'orderedAt',
  'sku',
  'product',
  'quantity',
  'unitPrice',
  'total',
  'currency',
  'status',
  'ignore',
] as const;
export type OrderImportField = (typeof ORDER_IMPORT_FIELDS)[number];

/** What a file holds: customers, or order lines. */
export type FileKind = 'customers' | 'orders';

/** An orders file when its headers name an order number, or a product with a price or quantity. */
export function guessKind(suggestedOrders: readonly OrderImportField[]): FileKind {
  const has = (f: OrderImportField): boolean => suggestedOrders.includes(f);
  const product = has('sku') || has('product');
  return has('orderRef') || (product && (has('unitPrice') || has('total') || has('quantity'))) ? 'orders' : 'customers';
}
