// Plain-HTTP helpers for the sync suite: every assertion goes over the wire, as a client sees it.
import type { Credentials } from '../../scripts/sync-setup.mjs';
import { customerFields, meta, orderFields } from '../factories/customer';
import { toCustomerDoc } from '../../src/data/repos/customers';

export interface Reply {
  status: number;
  json: Record<string, unknown> & { reason?: string; error?: string; _rev?: string };
  headers: Headers;
}

export function basicAuth({ name, password }: Credentials): string {
  return `Basic ${Buffer.from(`${name}:${password}`, 'utf8').toString('base64')}`;
}

export async function http(
  base: string,
  method: string,
  path: string,
  { as, body, headers = {} }: { as?: Credentials; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const res = await fetch(new URL(path, base), {
    method,
    headers: {
      Accept: 'application/json',
      ...(as ? { Authorization: basicAuth(as) } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Reply['json']) : {}, headers: res.headers };
}

let counter = 0;
const nextId = (kind: string) => `${kind}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

/** A customer as RxDB's CouchDB replication stores it: the app's document with `id` as `_id`. */
export function customerOnServer(
  by: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> & { _id: string } {
  const { id, ...doc } = toCustomerDoc(nextId('c'), customerFields({ ownerId: by }), meta().now, meta(0, by));
  return { _id: id, ...doc, ...overrides };
}

export function orderOnServer(by: string, customerId: string): Record<string, unknown> & { _id: string } {
  const m = meta(0, by);
  return { _id: nextId('o'), createdAt: m.now, updatedAt: m.now, updatedBy: by, ...orderFields(customerId) };
}
