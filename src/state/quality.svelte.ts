// The Data quality screen's state: the report computed in the dedup worker over its indexed
// records (completeness, issues with proposed fixes, scores), and bulk apply / undo of fixes.
import type { FieldbookDatabase } from '../data/db/database';
import { applyFixes, undoFixes } from '../data/repos/quality';
import type { IssueKind } from '../domain/quality';
import { proxy } from '../../workers/client';
import type { QualityReport } from '../../workers/dedup/contract';
import type { DedupIndexState } from './duplicates.svelte';

export type { QualityReport };
const FIX_PAGE = 1000;

export class QualityState {
  status = $state<'idle' | 'running' | 'done' | 'cancelled' | 'error'>('idle');
  progress = $state<{ done: number; total: number } | null>(null);
  report = $state.raw<QualityReport | null>(null);
  busy = $state(false);

  constructor(
    private readonly db: FieldbookDatabase,
    private readonly index: DedupIndexState,
    private readonly by: string,
  ) {}

  async run(defaultRegion: string): Promise<void> {
    this.status = 'running';
    this.progress = null;
    try {
      await this.index.whenIdle();
      const report = await this.index.worker.quality(
        defaultRegion,
        proxy((done: number, total: number) => {
          this.progress = { done, total };
        }),
      );
      this.report = report;
      this.status = report ? 'done' : 'cancelled';
    } catch (err) {
      console.error('quality check failed', err);
      this.status = 'error';
    }
  }

  cancel(): void {
    void this.index.worker.cancel();
  }

  /** Apply every proposed fix of one kind; returns the batch (for Undo) and how many were applied. */
  async apply(kind: IssueKind, defaultRegion: string): Promise<{ batchId: string; applied: number } | null> {
    if (!this.report?.issues[kind].fixable) return null;
    this.busy = true;
    try {
      // Fixes come from the worker a page at a time; each page is one batch of writes.
      const meta = { now: Date.now(), by: this.by };
      const batchId = `${kind}-${meta.now}`;
      let applied = 0;
      for (let offset = 0; ; offset += FIX_PAGE) {
        const page = await this.index.worker.qualityFixes(kind, offset, FIX_PAGE);
        if (page.length === 0) break;
        applied += (await applyFixes(this.db, kind, page, meta, batchId)).applied;
        if (page.length < FIX_PAGE) break;
      }
      await this.run(defaultRegion);
      return { batchId, applied };
    } finally {
      this.busy = false;
    }
  }

  async undo(batchId: string, defaultRegion: string): Promise<number> {
    this.busy = true;
    try {
      const n = await undoFixes(this.db, batchId, { now: Date.now(), by: this.by });
      await this.run(defaultRegion);
      return n;
    } finally {
      this.busy = false;
    }
  }
}
