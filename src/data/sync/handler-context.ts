// What the pull and the push handler of one database both get: the collection, the server database
// and the shared bookkeeping.
import type { RxCollection } from 'rxdb';
import type { AnyDoc, ServerSchema } from './mapping';
import type { OwnWrites } from './own-writes';
import type { SyncLogDoc } from './schemas';
import type { SyncFetch } from './session';

export interface HandlerContext {
  name: string;
  collection: RxCollection<AnyDoc>;
  schema: ServerSchema;
  dbUrl: string;
  http: SyncFetch;
  log: RxCollection<SyncLogDoc> | undefined;
  own: OwnWrites;
}
