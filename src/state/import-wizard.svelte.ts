// The import wizard: a file → how it is read (preview) → which column fills which field → the
// validation report (messages, rejected rows, duplicates and the user's choices) → the ImportPlan.
// The file is read, validated and matched in the import worker; this class holds the answers as
// runes and sends the stored customers the worker matches against (plain records, in pages).
// Writing the plan is the bulk-write path's job (src/data): see `plan()`.
import type { FieldbookDatabase } from '../data/db/database';
import { pageCustomers, type PageCursor } from '../data/repos/customers';
import type { ColumnMapping, ImportField } from '../domain/import-mapping';
import type { DuplicateAction, ImportPlan } from '../domain/import-plan';
import { todayIso } from '../domain/dates';
import { newId } from '../domain/ids';
import { importWorker, proxy, terminateWorker } from '../../workers/client';
import type { DuplicateView, ImportReport, OpenResult, ReadOptions, RowIssue } from '../../workers/import/contract';
import { toDedupInput } from './duplicates.svelte';

export type WizardStep = 'pick' | 'map' | 'report';

const MAPPING_KEY = 'fieldbook.importMapping.';
const STORED_PAGE = 1000;
const LIST_PAGE = 100;

export class ImportWizardState {
  step = $state<WizardStep>('pick');
  busy = $state(false);
  /** An i18n key and its parameters when the file cannot be read. */
  error = $state.raw<{ key: string; params: Record<string, string | number> } | null>(null);
  opened = $state.raw<OpenResult | null>(null);
  mapping = $state<ColumnMapping>([]);
  /** True when the mapping came from one saved for files with these headers. */
  savedMapping = $state(false);
  defaultRegion = $state('');
  progress = $state(0);
  report = $state.raw<ImportReport | null>(null);
  issues = $state.raw<RowIssue[]>([]);
  duplicates = $state.raw<DuplicateView[]>([]);
  choice = $state<DuplicateAction>('skip');
  overrides = $state<Record<number, DuplicateAction>>({});

  constructor(
    private readonly db: FieldbookDatabase,
    defaultRegion: string,
  ) {
    this.defaultRegion = defaultRegion;
  }

  /** Open a picked or dropped file. */
  async open(file: File, opts: ReadOptions = {}): Promise<void> {
    this.busy = true;
    this.error = null;
    this.report = null;
    try {
      const result = await importWorker().open(file.name, await file.arrayBuffer(), opts);
      this.#opened(result);
    } finally {
      this.busy = false;
    }
  }

  /** Read the open file again with other settings (sheet, delimiter, encoding, header row). */
  async reopen(opts: ReadOptions): Promise<void> {
    this.busy = true;
    try {
      this.#opened(await importWorker().reopen(opts));
    } finally {
      this.busy = false;
    }
  }

  #opened(result: Awaited<ReturnType<ReturnType<typeof importWorker>['open']>>): void {
    if (!result.ok) {
      this.error = result.error;
      this.opened = null;
      this.step = 'pick';
      return;
    }
    this.opened = result;
    const saved = globalThis.localStorage?.getItem(MAPPING_KEY + result.signature);
    const parsed = saved ? (JSON.parse(saved) as ColumnMapping) : null;
    this.savedMapping = parsed !== null && parsed.length === result.headers.length;
    this.mapping = this.savedMapping && parsed ? parsed : [...result.suggested];
    this.step = 'map';
  }

  setField(column: number, field: ImportField): void {
    this.mapping[column] = field;
  }

  /** Validate every row (after sending the stored customers to match against). */
  async validate(): Promise<void> {
    const opened = this.opened;
    if (!opened) return;
    this.busy = true;
    this.progress = 0;
    try {
      globalThis.localStorage?.setItem(MAPPING_KEY + opened.signature, JSON.stringify(this.mapping));
      const w = importWorker();
      let after: PageCursor | null = null;
      let first = true;
      do {
        const page = await pageCustomers(this.db, { sort: 'name', after, limit: STORED_PAGE });
        const live = page.rows.filter((c) => !c.mergedInto);
        await w.addStored(
          live.map((c) => ({ id: c.id, record: toDedupInput(c) })),
          first,
        );
        first = false;
        after = page.next;
      } while (after !== null);
      const result = await w.validate(
        $state.snapshot(this.mapping),
        { defaultRegion: this.defaultRegion, today: todayIso() },
        proxy((p: { done: number }) => {
          this.progress = p.done;
        }),
      );
      if (result === null) return;
      if ('ok' in result) {
        this.error = result.error;
        return;
      }
      this.report = result;
      this.issues = await w.issues(0, LIST_PAGE);
      this.duplicates = await w.duplicates(0, LIST_PAGE);
      this.overrides = {};
      this.step = 'report';
    } finally {
      this.busy = false;
    }
  }

  cancel(): void {
    void importWorker().cancel();
  }

  /** The rejected rows as CSV, with the reasons in the user's language. */
  rejectedCsv(labels: Record<string, string>, reasonHeader: string): Promise<string> {
    return importWorker().rejectedCsv(labels, reasonHeader);
  }

  setOverride(row: number, action: DuplicateAction): void {
    this.overrides = { ...this.overrides, [row]: action };
  }

  /**
   * The plan to write, with the run's choice and the per-row overrides.
   * INTEGRATION POINT (bulk-write branch): the wizard's "Import N customers" hands this plan to
   * the bulk-write state API (progress, cancel, history, undo), which is not on this branch yet.
   */
  async plan(): Promise<ImportPlan | null> {
    return importWorker().plan(newId(), { run: this.choice, overrides: $state.snapshot(this.overrides) });
  }

  back(): void {
    this.step = this.step === 'report' ? 'map' : 'pick';
  }

  destroy(): void {
    terminateWorker('import');
  }
}
