// Prepares a CouchDB-compatible server for Fieldbook team sync: one database per replicated
// collection, `_security` by role, a `validate_doc_update` design document, optional users.
// Standard CouchDB HTTP only (fetch), so it runs unchanged against Apache CouchDB 3.x (single node
// or cluster) and against the project's own pouchdb-based server (scripts/sync-server.mjs).
// Idempotent: re-running changes only what differs and says so.
//
//   npm run sync:setup -- <couchdb-url> --admin <user:pass> [--prefix fieldbook]
//                         [--create-demo-users] [--user name:password:role]...

export const ROLES = Object.freeze({ admin: 'fieldbook-admin', rep: 'fieldbook-rep', viewer: 'fieldbook-viewer' });

/**
 * Replicated collections and the fields a live (non-deleted) document must carry on the server.
 * The lists are the schemas' `required` (src/data/db/schemas.ts) minus the primary key `id`, which
 * RxDB's CouchDB replication stores as `_id`; test/sync checks they stay in step with the schemas.
 * `ownerFields`: the first non-empty string among these fields of the stored document names the
 * user it belongs to (see the delete rule in validateDocUpdateSource). The derived, local-only
 * `customertags` collection is not replicated.
 */
export const COLLECTIONS = Object.freeze({
  customers: {
    required: [
      'createdAt',
      'updatedAt',
      'updatedBy',
      'givenName',
      'familyName',
      'email',
      'phone',
      'otherEmails',
      'otherPhones',
      'aliases',
      'company',
      'jobTitle',
      'street',
      'city',
      'postcode',
      'region',
      'country',
      'birthDate',
      'tags',
      'preferredLanguage',
      'notes',
      'ownerId',
      'source',
      'mergedInto',
      'consent',
      'consentHistory',
      'nameKey',
      'nameRevKey',
      'hanziKey',
      'initialsKey',
      'emailKey',
      'phoneKey',
      'nationalKey',
      'phoneRevKey',
      'companyKey',
      'companySort',
      'recentKey',
      'trashedAt',
    ],
    // An unassigned customer (ownerId '') belongs to whoever last wrote it on the server.
    ownerFields: ['ownerId', 'updatedBy'],
  },
  orders: {
    required: [
      'createdAt',
      'updatedAt',
      'updatedBy',
      'customerId',
      'orderedAt',
      'status',
      'currency',
      'items',
      'totalMinor',
      'confirmedAt',
      'deliveredAt',
      'paidAt',
      'cancelledAt',
    ],
    ownerFields: ['updatedBy'],
  },
  interactions: {
    required: [
      'createdAt',
      'updatedAt',
      'updatedBy',
      'customerId',
      'type',
      'at',
      'subject',
      'notes',
      'outcome',
      'followUpAt',
    ],
    ownerFields: ['updatedBy'],
  },
  surveys: {
    required: ['createdAt', 'updatedAt', 'updatedBy', 'customerId', 'at', 'score', 'comment', 'channel'],
    ownerFields: ['updatedBy'],
  },
  products: {
    required: ['createdAt', 'updatedAt', 'updatedBy', 'sku', 'name', 'category', 'priceMinor', 'currency', 'active'],
    ownerFields: ['updatedBy'],
  },
  // Duplicate decisions (merges, "not duplicates", quality fixes) replicate so every device agrees.
  decisions: {
    required: ['createdAt', 'updatedAt', 'updatedBy', 'kind', 'state', 'groupId', 'customerId', 'otherId', 'payload'],
    ownerFields: ['updatedBy'],
  },
  // The audit trail: append-only. A stored entry is never deleted and never changed, except that
  // erasing a customer blanks the values of the entries about them (`erasedAt` set, every
  // `changes[i].before/after` emptied, nothing else different).
  audit: {
    required: [
      'createdAt',
      'updatedAt',
      'updatedBy',
      'action',
      'coll',
      'customerId',
      'docId',
      'by',
      'byName',
      'device',
      'count',
      'changes',
      'note',
      'erasedAt',
    ],
    ownerFields: ['updatedBy'],
    appendOnly: true,
  },
});

/** Demo accounts for development and tests only (known passwords: never on a shared server). */
export const DEMO_USERS = Object.freeze([
  { name: 'admin', password: 'admin-pass', roles: [ROLES.admin] },
  { name: 'rep', password: 'rep-pass', roles: [ROLES.rep] },
  { name: 'viewer', password: 'viewer-pass', roles: [ROLES.viewer] },
]);

export const DESIGN_DOC_ID = '_design/fieldbook';

/**
 * The validate_doc_update function for one database, as CouchDB wants it: a string of plain ES5
 * (CouchDB's JavaScript engine and pouchdb-validation both evaluate it). Rules:
 *  - design documents: admins only (CouchDB itself already restricts them to database admins);
 *  - writers are `fieldbook-admin`, `fieldbook-rep` and server admins (`_admin`); anyone else,
 *    `fieldbook-viewer` included, is rejected with `forbidden`;
 *  - deletes (`_deleted: true`): admins delete anything; a rep deletes a document only if it is
 *    theirs, i.e. the first non-empty of `ownerFields` in the stored document equals their user
 *    name; a tombstone over nothing or over a tombstone is allowed (nothing to protect);
 *  - live documents must carry every required field (not undefined/null), else
 *    `forbidden: 'missing field X'`;
 *  - `appendOnly` (the audit trail): a stored entry may not be deleted, by anyone, and not changed,
 *    except by erasure's blanking: `erasedAt` goes from 0 to a time, every change's `before` and
 *    `after` become '', and every other field (and each change's `field` and `sealed`) stays equal.
 */
export function validateDocUpdateSource({ required, ownerFields, appendOnly = false }) {
  return [
    'function (newDoc, oldDoc, userCtx, secObj) {',
    `  var REQUIRED = ${JSON.stringify(required)};`,
    `  var OWNER_FIELDS = ${JSON.stringify(ownerFields)};`,
    `  var APPEND_ONLY = ${appendOnly ? 'true' : 'false'};`,
    '  var roles = (userCtx && userCtx.roles) || [];',
    '  function has(role) {',
    '    for (var i = 0; i < roles.length; i++) { if (roles[i] === role) { return true; } }',
    '    return false;',
    '  }',
    `  var isAdmin = has('_admin') || has('${ROLES.admin}');`,
    `  var isRep = has('${ROLES.rep}');`,
    "  if (String(newDoc._id).indexOf('_design/') === 0) {",
    '    if (isAdmin) { return; }',
    "    throw({forbidden: 'only admins may change design documents'});",
    '  }',
    '  if (!isAdmin && !isRep) {',
    `    if (has('${ROLES.viewer}')) { throw({forbidden: 'read-only: the viewer role may not write'}); }`,
    "    throw({forbidden: 'no role that may write (needs fieldbook-rep or fieldbook-admin)'});",
    '  }',
    '  function same(a, b) {',
    '    if (a === b) { return true; }',
    "    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) { return false; }",
    '    var ka = [], kb = [], key;',
    "    for (key in a) { if (a.hasOwnProperty(key) && key !== '_rev' && key !== '_revisions') { ka.push(key); } }",
    "    for (key in b) { if (b.hasOwnProperty(key) && key !== '_rev' && key !== '_revisions') { kb.push(key); } }",
    '    if (ka.length !== kb.length) { return false; }',
    '    for (var i = 0; i < ka.length; i++) { if (!same(a[ka[i]], b[ka[i]])) { return false; } }',
    '    return true;',
    '  }',
    '  if (APPEND_ONLY && oldDoc && oldDoc._deleted !== true) {',
    "    if (newDoc._deleted === true) { throw({forbidden: 'audit entries cannot be deleted'}); }",
    "    var changed = 'audit entries cannot be changed (only an erasure may blank their values)';",
    '    if (!(oldDoc.erasedAt === 0 && newDoc.erasedAt > 0)) { throw({forbidden: changed}); }',
    '    var oc = oldDoc.changes || [], nc = newDoc.changes || [];',
    '    if (oc.length !== nc.length) { throw({forbidden: changed}); }',
    '    for (var c = 0; c < oc.length; c++) {',
    "      if (nc[c].field !== oc[c].field || nc[c].sealed !== oc[c].sealed || nc[c].before !== '' || nc[c].after !== '') { throw({forbidden: changed}); }",
    '    }',
    "    var FREE = ['_rev', '_revisions', 'changes', 'erasedAt', 'updatedAt', 'updatedBy'];",
    '    function rest(d) {',
    '      var o = {};',
    '      for (var f in d) { if (d.hasOwnProperty(f) && FREE.indexOf(f) < 0) { o[f] = d[f]; } }',
    '      return o;',
    '    }',
    '    if (!same(rest(oldDoc), rest(newDoc))) { throw({forbidden: changed}); }',
    '    return;',
    '  }',
    '  if (newDoc._deleted === true) {',
    '    if (isAdmin || !oldDoc || oldDoc._deleted === true) { return; }',
    "    var owner = '';",
    '    for (var j = 0; j < OWNER_FIELDS.length && !owner; j++) {',
    '      var value = oldDoc[OWNER_FIELDS[j]];',
    "      if (typeof value === 'string' && value !== '') { owner = value; }",
    '    }',
    '    if (owner !== userCtx.name) {',
    "      throw({forbidden: 'a rep may delete only their own documents (this one belongs to ' + (owner || 'nobody') + ')'});",
    '    }',
    '    return;',
    '  }',
    '  for (var k = 0; k < REQUIRED.length; k++) {',
    '    if (newDoc[REQUIRED[k]] === undefined || newDoc[REQUIRED[k]] === null) {',
    "      throw({forbidden: 'missing field ' + REQUIRED[k]});",
    '    }',
    '  }',
    '}',
  ].join('\n');
}

export function designDoc(collection) {
  const spec = COLLECTIONS[collection];
  return {
    _id: DESIGN_DOC_ID,
    language: 'javascript',
    validate_doc_update: validateDocUpdateSource(spec),
    // Not read by CouchDB; records what the function was generated from.
    fieldbook: {
      collection,
      required: spec.required,
      ownerFields: spec.ownerFields,
      appendOnly: spec.appendOnly === true,
      generatedBy: 'scripts/sync-setup.mjs',
    },
  };
}

export function securityObject() {
  return {
    admins: { names: [], roles: [ROLES.admin] },
    members: { names: [], roles: [ROLES.admin, ROLES.rep, ROLES.viewer] },
  };
}

const DB_NAME = /^[a-z][a-z0-9_$()+/-]*$/;

function parseCredentials(value, what) {
  if (value && typeof value === 'object') return { name: value.name, password: value.password };
  const text = String(value ?? '');
  const colon = text.indexOf(':');
  if (colon <= 0) throw new Error(`${what} must be name:password`);
  return { name: text.slice(0, colon), password: text.slice(colon + 1) };
}

function basic({ name, password }) {
  return `Basic ${Buffer.from(`${name}:${password}`, 'utf8').toString('base64')}`;
}

// Servers may return an object's keys in another order than they were written in.
function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical(value[key])]),
    );
  }
  return value;
}
const same = (a, b) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
const union = (a = [], b = []) => [...new Set([...a, ...b])];

/**
 * Sets up (or brings up to date) a CouchDB-compatible server. `admin` is a server admin
 * ("name:password" or { name, password }). `users` are extra accounts ({ name, password, roles });
 * `createDemoUsers` adds DEMO_USERS. Returns the list of actions taken, each also passed to `log`.
 */
export async function setupCouch({
  url,
  admin,
  prefix = 'fieldbook',
  createDemoUsers = false,
  users = [],
  log = () => {},
}) {
  if (!url) throw new Error('a CouchDB URL is required');
  if (!DB_NAME.test(prefix)) throw new Error(`prefix "${prefix}" is not a valid CouchDB database name start`);
  const base = new URL(String(url).endsWith('/') ? String(url) : `${String(url)}/`);
  const adminAuth = basic(parseCredentials(admin, '--admin'));
  const actions = [];
  const did = (text) => {
    actions.push(text);
    log(text);
  };

  async function request(method, path, { body, auth = adminAuth, ok = [] } = {}) {
    const res = await fetch(new URL(path, base), {
      method,
      headers: {
        Accept: 'application/json',
        Authorization: auth,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!res.ok && !ok.includes(res.status)) {
      const reason = json && typeof json === 'object' ? `${json.error}: ${json.reason}` : text.slice(0, 200);
      throw new Error(`${method} ${new URL(path, base).pathname} → ${res.status} ${reason}`);
    }
    return { status: res.status, json };
  }

  // Fails early, with a clear message, on a wrong URL or wrong admin credentials.
  // Any CouchDB-protocol server answers its root with a JSON object; its greeting differs
  // (CouchDB "couchdb", PouchDB Server "express-pouchdb"), so only the shape is checked.
  const root = await request('GET', '');
  if (!root.json || typeof root.json !== 'object' || Array.isArray(root.json)) {
    throw new Error(`${base.href} does not answer like a CouchDB server (its root is not a JSON object)`);
  }
  const session = await request('GET', '_session');
  if (!session.json?.userCtx?.roles?.includes('_admin')) throw new Error('--admin must be a CouchDB server admin');

  for (const collection of Object.keys(COLLECTIONS)) {
    const db = `${prefix}-${collection}`;
    const created = await request('PUT', encodeURIComponent(db), { ok: [412] });
    did(created.status === 412 ? `database ${db}: exists` : `database ${db}: created`);

    const wanted = securityObject();
    const current = (await request('GET', `${encodeURIComponent(db)}/_security`)).json ?? {};
    // Names or extra roles someone added by hand are kept; ours are ensured.
    const merged = {
      ...current,
      admins: { names: union(current.admins?.names), roles: union(current.admins?.roles, wanted.admins.roles) },
      members: { names: union(current.members?.names), roles: union(current.members?.roles, wanted.members.roles) },
    };
    if (same(current, merged)) {
      did(`database ${db}: _security unchanged`);
    } else {
      await request('PUT', `${encodeURIComponent(db)}/_security`, { body: merged });
      did(
        `database ${db}: _security set (admins: ${merged.admins.roles.join(', ')}; members: ${merged.members.roles.join(', ')})`,
      );
    }

    const ddoc = designDoc(collection);
    const existing = await request('GET', `${encodeURIComponent(db)}/${DESIGN_DOC_ID}`, { ok: [404] });
    const { _rev: rev, ...stored } = existing.status === 404 ? {} : (existing.json ?? {});
    if (existing.status !== 404 && same(stored, ddoc)) {
      did(`database ${db}: ${DESIGN_DOC_ID} unchanged`);
    } else {
      await request('PUT', `${encodeURIComponent(db)}/${DESIGN_DOC_ID}`, { body: rev ? { ...ddoc, _rev: rev } : ddoc });
      did(`database ${db}: ${DESIGN_DOC_ID} ${rev ? 'updated' : 'installed'}`);
    }
  }

  const accounts = [...(createDemoUsers ? DEMO_USERS : []), ...users];
  if (accounts.length) {
    // CouchDB 3 creates _users during cluster/single-node setup; make sure it exists.
    await request('PUT', '_users', { ok: [412] });
  }
  for (const user of accounts) {
    const path = `_users/${encodeURIComponent(`org.couchdb.user:${user.name}`)}`;
    const found = await request('GET', path, { ok: [404] });
    if (found.status === 404) {
      await request('PUT', path, {
        body: {
          _id: `org.couchdb.user:${user.name}`,
          name: user.name,
          type: 'user',
          roles: user.roles,
          password: user.password,
        },
      });
      did(`user ${user.name}: created (roles: ${user.roles.join(', ')})`);
      continue;
    }
    const doc = found.json;
    const rolesOk = same([...(doc.roles ?? [])].sort(), [...user.roles].sort());
    const login = await request('GET', '_session', { auth: basic(user), ok: [401, 403] });
    const passwordOk = login.status === 200 && login.json?.userCtx?.name === user.name;
    if (rolesOk && passwordOk) {
      did(`user ${user.name}: unchanged`);
      continue;
    }
    await request('PUT', path, {
      body: { ...doc, roles: user.roles, ...(passwordOk ? {} : { password: user.password }) },
    });
    did(
      `user ${user.name}: updated (${[rolesOk ? '' : 'roles', passwordOk ? '' : 'password'].filter(Boolean).join(', ')})`,
    );
  }
  return actions;
}

function parseArgs(argv) {
  const options = { url: undefined, admin: undefined, prefix: 'fieldbook', createDemoUsers: false, users: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--admin') options.admin = value();
    else if (arg === '--prefix') options.prefix = value();
    else if (arg === '--create-demo-users') options.createDemoUsers = true;
    else if (arg === '--user') {
      const [name, password, role] = value().split(':');
      if (!name || !password || !Object.values(ROLES).includes(role ?? '')) {
        throw new Error(`--user wants name:password:role with role one of ${Object.values(ROLES).join(', ')}`);
      }
      options.users.push({ name, password, roles: [role] });
    } else if (arg === '--help' || arg === '-h') options.help = true;
    else if (!arg.startsWith('-') && options.url === undefined) options.url = arg;
    else throw new Error(`unknown argument ${arg}`);
  }
  return options;
}

const USAGE = `usage: npm run sync:setup -- <couchdb-url> --admin <user:pass> [--prefix fieldbook]
                          [--create-demo-users] [--user name:password:role]...
roles: ${Object.values(ROLES).join(', ')}`;

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const options = parseArgs(process.argv.slice(2));
    if (options.help || !options.url || !options.admin) {
      console.log(USAGE);
      process.exit(options.help ? 0 : 2);
    }
    // Credentials in the URL would end up in logs; take them from --admin only.
    const url = new URL(options.url);
    if (url.username || url.password) throw new Error('put the admin credentials in --admin, not in the URL');
    console.log(`Setting up ${url.href} (prefix ${options.prefix})`);
    await setupCouch({ ...options, log: (line) => console.log(`  ${line}`) });
    console.log('Done.');
  } catch (err) {
    console.error(`sync:setup failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
