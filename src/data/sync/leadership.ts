// Which tab replicates. Only the leader tab of a browser does (RxDB's leader election); the others
// would show "Syncing…" for as long as they wait. While another tab leads, this one shows
// 'other-tab', and its changes waiting are recounted from the stored data now and then: the pushes
// that settle them happen in the leader, and only the document writes, not the leader's
// replication bookkeeping, reach this tab as events. When the leader closes, this tab takes over.
import type { FieldbookDatabase } from '../db/database';
import { sleep } from './backoff';

/** How often (ms) a tab that does not replicate recounts the changes waiting. */
const OTHER_TAB_RECOUNT = 2000;

export interface LeadershipWatch {
  /** Aborted when sync stops. */
  signal: AbortSignal;
  /** False once the sync run was stopped or replaced. */
  current(): boolean;
  /** Whether another tab leads now. */
  otherTab(other: boolean): void;
  /** Changes waiting, as last counted. */
  pending(): number;
  /** Counts the changes waiting from the stored data. */
  recount(): Promise<void>;
}

export function followLeadership(db: FieldbookDatabase, w: LeadershipWatch): void {
  const elector = db.leaderElector();
  if (elector.isLeader) return;
  void db.waitForLeadership().then(
    () => {
      if (w.current()) w.otherTab(false);
    },
    () => undefined,
  );
  void (async () => {
    let counted = false;
    while (w.current() && !elector.isLeader) {
      const other = await elector.hasLeader();
      if (!w.current() || elector.isLeader) return;
      w.otherTab(other);
      // Once, then only while something is waiting (nothing waiting stays so until this tab
      // writes, and its writes arrive as events).
      if (other && (!counted || w.pending() > 0)) {
        counted = true;
        await w.recount();
      }
      // Until the election has answered, look again soon; then recount now and then.
      await sleep(other ? OTHER_TAB_RECOUNT : 250, w.signal);
    }
  })();
}
