// The Data quality screen's state: the report computed in the dedup worker over its indexed
// records (completeness, issues with proposed fixes, scores), and bulk apply / undo of fixes.
import type { FieldbookDatabase } from '../data/database';
import { applyFixes, undoFixes } from '../data/quality';
import type { IssueKind } from '../domain/quality';
import { proxy } from '../../workers/client';
import type { QualityReport } from '../../workers/dedup/quality';
import type { DedupIndexState } from './duplicates.svelte';

export type { QualityReport };

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
      const report = await this.index.worker.quality(defaultRegion, proxy((done: number, total: number) => { this.progress = { done, total }; }));
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
    const fixes = this.report?.issues[kind].fixes ?? [];
    if (fixes.length === 0) return null;
    this.busy = true;
    try {
      const out = await applyFixes(this.db, kind, fixes, { now: Date.now(), by: this.by });
      await this.run(defaultRegion);
      return out;
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
