// What erasing a customer writes before it deletes (pure). RxDB pushes a deleted document with its
// last fields, and CouchDB keeps those fields in the tombstone revision, so every replicated
// document about the person is first rewritten without anything personal, and only then deleted.
// What stays is bookkeeping: ids, times, who wrote, the owner (a user id, not the customer's data).
import { emptyCustomerFields } from './customer-fields';
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
