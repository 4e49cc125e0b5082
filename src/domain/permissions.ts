// Who may change what, as the team's server decides it (its validate_doc_update, written by
// scripts/sync-setup.mjs): the UI offers only what the server will accept, instead of letting a
// change look done and be refused later. test/unit/permissions.test.ts runs the server's own
// function over the same cases, so the two cannot drift apart.

/** A signed-in user's role; null on a device that never signed in to a server (local only). */
export type TeamRole = 'admin' | 'rep' | 'viewer';

export interface Writer {
  /** The signed-in user name ('' when local only). */
  name: string;
  role: TeamRole | null;
}

/** What the server reads to find a document's owner: customers have an owner, other documents their last writer. */
export interface Owned {
  ownerId?: string;
  updatedBy: string;
}

/** The owner the server sees: the first non-empty of `ownerId` and `updatedBy`. */
export function ownerOf(doc: Owned): string {
  return doc.ownerId || doc.updatedBy;
}

/** Viewers read only; everyone else (and a local-only device) writes. */
export function mayWrite(writer: Writer): boolean {
  return writer.role !== 'viewer';
}

/** Admins delete anything; a rep only what is theirs; a local-only device everything on it. */
export function mayDelete(doc: Owned, writer: Writer): boolean {
  if (writer.role === null || writer.role === 'admin') return true;
  if (writer.role === 'viewer') return false;
  return ownerOf(doc) === writer.name;
}
