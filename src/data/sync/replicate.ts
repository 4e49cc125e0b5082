// One collection's replication with one server database: RxDB's generic replication protocol
// (checkpoints, conflict handling, retries) over our pull and push handlers, which share what this
// device wrote (OwnWrites) so the pull skips it. Not the stock replication-couchdb plugin: it stops
// for good on a 401, a per-document refusal or one broken server document (README.md).
import type { RxCollection } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { Subject } from 'rxjs';
import { serverSchema, type AnyDoc } from './mapping';
import { OwnWrites } from './own-writes';
import { pullHandler, pullSizing, type PullCheckpoint, type PullContext } from './pull';
import { pushHandler, type PushContext } from './push';

/** RxDB's replication identifier of one server database: its checkpoints and meta belong to it. */
export const replicationIdentifier = (dbUrl: string): string => `fieldbook-couch-${dbUrl}`;

export type ReplicateOptions = Omit<PullContext & PushContext, 'schema' | 'own'> & {
  collection: RxCollection<AnyDoc>;
  /** RxDB's retry interval for failed pulls and pushes (ms). */
  retryTime: number;
  waitForLeadership: boolean;
  batchSize: number;
  pushBatchSize: number;
  /** Start at once (default) or when `state.start()` is called (the controller's customers-first order). */
  autoStart?: boolean;
};

export interface CollectionReplication {
  name: string;
  state: RxReplicationState<AnyDoc, PullCheckpoint>;
  /** Makes it pull now (the live feed saw a change). */
  pull: () => void;
}

export function replicateCollection(o: ReplicateOptions): CollectionReplication {
  const own = new OwnWrites();
  const ctx = { ...o, schema: serverSchema(o.collection.schema.jsonSchema), own };
  const stream$ = new Subject<'RESYNC'>();
  const sizing = pullSizing(o.batchSize);
  const pull = pullHandler(ctx, o.batchSize, sizing);
  const state = replicateRxCollection<AnyDoc, PullCheckpoint>({
    replicationIdentifier: replicationIdentifier(o.dbUrl),
    collection: o.collection,
    live: true,
    retryTime: o.retryTime,
    waitForLeadership: o.waitForLeadership,
    toggleOnDocumentVisible: false,
    autoStart: o.autoStart ?? true,
    // RxDB ends a pull at a batch smaller than this: the smallest the handler hands over (pull.ts).
    pull: { handler: pull, batchSize: sizing.min, stream$: stream$.asObservable() },
    push: { handler: pushHandler(ctx), batchSize: o.pushBatchSize },
  });
  state.onCancel.push(() => pull.stop());
  return { name: o.name, state, pull: () => stream$.next('RESYNC') };
}
