// Derived index keys of a customer document. Computed on every write (and by the v0→v1 migration)
// so that every search and sort in the UI is an indexed range query with a limit.
import { customerSearchKeys } from '../../domain/customer';
import type { CustomerFields, CustomerSearchKeys } from '../../domain/types';
import { RECENT_MAX } from './schemas';

export interface StoredKeys extends CustomerSearchKeys {
  companySort: string;
  recentKey: number;
}

/**
 * Customers without a company sort after all companies. Not U+FFFF: RxDB bounds an open-ended
 * range with the bare string '\uffff', and '\uffff\u0001…' sorts after it, so such customers were
 * never returned by the company sort. Folded company keys never start at or above U+FFF0.
 */
const NO_COMPANY = '\ufff0';

export function storedKeys(
  fields: Pick<CustomerFields, 'givenName' | 'familyName' | 'email' | 'phone' | 'company'>,
  updatedAt: number,
): StoredKeys {
  return withSortKeys(customerSearchKeys(fields), updatedAt);
}

/** The stored keys from search keys derived elsewhere (the bulk path derives them in a worker). */
export function withSortKeys(keys: CustomerSearchKeys, updatedAt: number): StoredKeys {
  return {
    ...keys,
    // company first, then name: a prefix query on the company still works on this key.
    companySort: `${keys.companyKey || NO_COMPANY}\u0001${keys.nameKey}`.slice(0, 402),
    recentKey: RECENT_MAX - updatedAt,
  };
}

/** Inclusive-exclusive bounds of a string prefix for a range query. */
export function prefixRange(prefix: string): { $gte: string; $lt: string } {
  return { $gte: prefix, $lt: `${prefix}\uffff` };
}
