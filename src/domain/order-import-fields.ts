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
