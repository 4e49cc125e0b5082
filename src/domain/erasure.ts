// What erasing a customer writes before it deletes (pure). RxDB pushes a deleted document with its
// last fields, and CouchDB keeps those fields in the tombstone revision, so every replicated
// document about the person is first rewritten without anything personal, and only then deleted.
// What stays is bookkeeping: ids, times, who wrote, the owner (a user id, not the customer's data).
import { redactedChanges, type AuditChange } from './audit';
import { emptyCustomerFields } from './customer-fields';
import { jsonEqual } from './three-way-merge';
import type { Customer, Interaction, Order, Survey } from './types';

/** The customer's stored fields with every personal value blanked (search keys included). */
export function erasedCustomer<C extends Customer>(doc: C): C {
  return {
    ...doc,
    ...emptyCustomerFields(),
    ownerId: doc.ownerId,
    mergedInto: doc.mergedInto,
    nameKey: '',
    nameRevKey: '',
    hanziKey: '',
    initialsKey: '',
    emailKey: '',
    phoneKey: '',
    nationalKey: '',
    phoneRevKey: '',
    companyKey: '',
  };
}

/** An order without what was bought (a person's purchases are personal data); its dates and status stay. */
export function erasedOrder<O extends Order>(doc: O): O {
  return { ...doc, items: [], totalMinor: 0 };
}

/** An interaction without its words (the type, time and follow-up date are not personal). */
export function erasedInteraction<I extends Interaction>(doc: I): I {
  return { ...doc, subject: '', notes: '', outcome: '' };
}

/** A survey answer without its comment. */
export function erasedSurvey<S extends Survey>(doc: S): S {
  return { ...doc, comment: '' };
}

type Doc = Record<string, unknown>;

/**
 * Each replicated collection that erasure rewrites, and what its documents keep once erased.
 * Customers also lose `companySort` (a derived sort key holding the company name). Audit entries
 * lose the values of their changes; `erasedAt` (set by the erasure) is left as it was, so the
 * caller decides whether the entry is marked.
 */
const BLANKERS: Readonly<Record<string, (doc: Doc) => Doc>> = {
  customers: (d) => ({ ...erasedCustomer(d as unknown as Customer), companySort: '' }),
  orders: (d) => erasedOrder(d as unknown as Order) as unknown as Doc,
  interactions: (d) => erasedInteraction(d as unknown as Interaction) as unknown as Doc,
  surveys: (d) => erasedSurvey(d as unknown as Survey) as unknown as Doc,
  decisions: (d) => ({ ...d, payload: '{}' }),
  audit: (d) => ({ ...d, changes: redactedChanges((d.changes ?? []) as AuditChange[]) }),
};

/**
 * `doc` of `collection` without anything personal, every other field (id, times, `_deleted`,
 * `erasedAt`) as it was. Unchanged for a collection erasure does not rewrite.
 */
export function blankedState<T extends object>(collection: string, doc: T): T {
  const blank = BLANKERS[collection];
  return blank ? (blank(doc as unknown as Doc) as unknown as T) : doc;
}

/**
 * Whether `doc` is what an erasure writes, so that it must win over whatever the server or another
 * device holds: an audit entry with `erasedAt` set (the erasure's own marker, which the server's
 * validation accepts), or a deleted document of a collection erasure rewrites whose personal fields
 * are all blank. The second needs no marker field; a record deleted normally after someone emptied
 * every personal field by hand is taken for an erasure too, which loses nothing personal.
 */
export function isErasure(collection: string, doc: object): boolean {
  const d = doc as Doc;
  if (collection === 'audit') return typeof d.erasedAt === 'number' && d.erasedAt > 0;
  const blank = BLANKERS[collection];
  return !!blank && d._deleted === true && jsonEqual(blank(d), d);
}
