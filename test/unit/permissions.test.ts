// The UI's write rights (src/domain/write-rights.ts) and the server's validate_doc_update agree on every case: the server's
// function (as scripts/sync-setup.mjs installs it) runs here on the same documents and users.
import { runInNewContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { mayDeleteActivity, mayDeleteCustomer, mayEdit, type WriterRole } from '../../src/domain/write-rights';
import { ROLES, validateDocUpdateSource } from '../../scripts/sync-setup.mjs';

type Validate = (newDoc: object, oldDoc: object | null, userCtx: object) => void;
// The source CouchDB evaluates, evaluated here the same way (a function expression).
const serverRule = (ownerFields: string[]): Validate =>
  runInNewContext(`(${validateDocUpdateSource({ required: [], ownerFields })})`) as Validate;

interface Writer {
  name: string;
  role: WriterRole;
}
const ROLE_NAMES: Record<Exclude<WriterRole, null>, string> = {
  admin: ROLES.admin,
  rep: ROLES.rep,
  viewer: ROLES.viewer,
};
const userCtx = (w: Writer) => ({ name: w.name, roles: w.role ? [ROLE_NAMES[w.role]] : [] });
const accepts = (validate: Validate, newDoc: object, oldDoc: object | null, w: Writer): boolean => {
  try {
    validate(newDoc, oldDoc, userCtx(w));
    return true;
  } catch {
    return false;
  }
};

const WRITERS: Writer[] = [
  { name: 'ana', role: 'rep' },
  { name: 'ben', role: 'rep' },
  { name: 'boss', role: 'admin' },
  { name: 'vic', role: 'viewer' },
];
const CUSTOMERS = [
  { ownerId: 'ana', updatedBy: 'ben' },
  { ownerId: '', updatedBy: 'ana' },
  { ownerId: '', updatedBy: 'ben' },
  { ownerId: 'ben', updatedBy: 'ana' },
];

describe('permissions', () => {
  test('delete of a customer: the UI offers it exactly when the server accepts it', () => {
    const validate = serverRule(['ownerId', 'updatedBy']);
    for (const w of WRITERS)
      for (const doc of CUSTOMERS) {
        const server = accepts(validate, { _id: 'c1', _deleted: true }, { _id: 'c1', ...doc }, w);
        expect([w, doc, mayDeleteCustomer(w.role, w.name, doc)]).toEqual([w, doc, server]);
      }
  });

  test('delete of an order, interaction or survey (owner = last writer) agrees too', () => {
    const validate = serverRule(['updatedBy']);
    for (const w of WRITERS)
      for (const updatedBy of ['ana', 'ben']) {
        const server = accepts(validate, { _id: 'o1', _deleted: true }, { _id: 'o1', updatedBy }, w);
        expect([w, updatedBy, mayDeleteActivity(w.role, w.name, { updatedBy })]).toEqual([w, updatedBy, server]);
      }
  });

  test('writing: viewers are refused, reps and admins accepted; a local-only device writes and deletes', () => {
    const validate = serverRule(['ownerId', 'updatedBy']);
    for (const w of WRITERS) expect(mayEdit(w.role)).toBe(accepts(validate, { _id: 'c1', updatedBy: w.name }, null, w));
    const local: Writer = { name: '', role: null };
    expect(mayEdit(local.role)).toBe(true);
    expect(mayDeleteCustomer(local.role, local.name, { ownerId: 'someone', updatedBy: 'x' })).toBe(true);
  });
});
