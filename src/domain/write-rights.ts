// Who may change what, as the sync server's validate_doc_update rules it (scripts/sync-setup.mjs),
// so the UI offers only what the server will accept. A device never signed in to sync (role null)
// is its own admin. Edits: any writer (admin, rep). Real deletes: an admin, or a rep whose document
// it is — the first non-empty owner field of the stored document (customers: ownerId, then
// updatedBy; orders, interactions, surveys: updatedBy). Putting a customer in the Trash is an edit.
export type WriterRole = 'admin' | 'rep' | 'viewer' | null;

export function mayEdit(role: WriterRole): boolean {
  return role !== 'viewer';
}

function mayDeleteOwnedBy(role: WriterRole, user: string, owner: string): boolean {
  if (role === null || role === 'admin') return true;
  return role === 'rep' && owner !== '' && owner === user;
}

/** Delete an order, interaction or survey (owner: who wrote it last). */
export function mayDeleteActivity(role: WriterRole, user: string, doc: { updatedBy: string }): boolean {
  return mayDeleteOwnedBy(role, user, doc.updatedBy);
}

/** Delete a customer for good (owner: ownerId, else who wrote it last). */
export function mayDeleteCustomer(role: WriterRole, user: string, c: { ownerId: string; updatedBy: string }): boolean {
  return mayDeleteOwnedBy(role, user, c.ownerId || c.updatedBy);
}
