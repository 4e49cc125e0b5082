// The import wizard: a file → how it is read (preview) → which column fills which field → the
// validation report (messages, rejected rows, duplicates and the user's choices) → the ImportPlan.
// The file is read, validated and matched in the import worker; this class holds the answers as
// runes and sends the stored customers the worker matches against (plain records, in pages).
// A file holds customers or orders (chosen by the user, first guessed from the headers). Writing
// the plan is the app's ImportState (src/state/import.svelte.ts): `commit()` hands it over, so the
// import runs on after the wizard closes.
import type { FieldbookDatabase } from '../data/db/database';
import { customersByIds, pageCustomers, type PageCursor } from '../data/repos/customers';
import { listProducts } from '../data/repos/activity';
import type { CustomerDoc } from '../data/db/schemas';
import type { ColumnMapping, ImportField } from '../domain/import-mapping';
import type { DuplicateAction, PlanSource } from '../domain/import-plan';
import { todayIso } from '../domain/dates';
import { newId } from '../domain/ids';
import { guessKind, type FileKind } from '../domain/order-import-fields';
import { importPlanSource, importWorker, proxy, terminateWorker } from '../../workers/client';
import type {
  DuplicateView,
  ImportReport,
  OpenResult,
  OrderColumnMapping,
  OrderCustomerRef,
  OrderImportField,
  OrderIssue,
  ReadOptions,
  RowIssue,
} from '../../workers/import/contract';
import { toDedupInput } from './duplicates.svelte';
import type { ImportState } from './import.svelte';

export type WizardStep = 'pick' | 'map' | 'report';
export type { FileKind };

/** The orders file's report: rows read, orders to write, rejected lines and their messages. */
export interface OrdersReport {
  rows: number;
  orderCount: number;
  rejectedRows: number;
  issues: OrderIssue[];
}

const MAPPING_KEY = 'fieldbook.importMapping.';
/**
 * Stored customers read per step for the worker's matching: each page is read, turned into plain
 * records and cloned to the worker in main-thread tasks that grow with it (1,000 made long tasks
 * in test/bench/import-run.mjs's "stored customers" phase).
 */
const STORED_PAGE = 250;
const LIST_PAGE = 100;
/**
 * Files opened by any wizard so far (the import worker is one for the app): a commit closes the
 * worker's run, or ends the worker, only if no file was opened meanwhile (by this wizard or by a
 * new one after the screen was left and entered again).
 */
let opens = 0;

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
  kind = $state<FileKind>('customers');
  /** A started import is still staging its plan from the worker (commit). */
  #fetchingPlan = false;
  /** The import screen was left (destroy). */
  #destroyed = false;
  orderMapping = $state<OrderColumnMapping>([]);
  ordersReport = $state.raw<OrdersReport | null>(null);

  constructor(
    private readonly db: FieldbookDatabase,
    defaultRegion: string,
    private readonly defaultCurrency: () => string,
  ) {
    this.defaultRegion = defaultRegion;
  }

  /** Open a picked or dropped file. */
  async open(file: File, opts: ReadOptions = {}): Promise<void> {
    opens++;
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
    this.orderMapping = [...result.suggestedOrders];
    this.kind = guessKind(result.suggestedOrders);
    this.step = 'map';
  }

  setField(column: number, field: ImportField): void {
    this.mapping[column] = field;
  }

  setOrderField(column: number, field: OrderImportField): void {
    this.orderMapping[column] = field;
  }

  /** Every stored customer not merged away, a page at a time (the worker matches against them). */
  async #eachStored(take: (page: CustomerDoc[], first: boolean) => unknown): Promise<void> {
    let after: PageCursor | null = null;
    let first = true;
    do {
      const page = await pageCustomers(this.db, { sort: 'name', after, limit: STORED_PAGE });
      await take(
        page.rows.filter((c) => !c.mergedInto),
        first,
      );
      first = false;
      after = page.next;
    } while (after !== null);
  }

  /** Validate the rows as the chosen kind of file. */
  validate(): Promise<void> {
    return this.kind === 'orders' ? this.#validateOrders() : this.#validateCustomers();
  }

  async #validateOrders(): Promise<void> {
    if (!this.opened) return;
    this.busy = true;
    this.error = null;
    try {
      const customers: OrderCustomerRef[] = [];
      await this.#eachStored((page) => {
        for (const c of page)
          customers.push({
            id: c.id,
            email: c.email,
            phone: c.phone,
            otherEmails: c.otherEmails,
            otherPhones: c.otherPhones,
          });
      });
      const products = (await listProducts(this.db)).map((p) => ({
        sku: p.sku,
        name: p.name,
        priceMinor: p.priceMinor,
        currency: p.currency,
      }));
      const result = await importWorker().validateOrders($state.snapshot(this.orderMapping), {
        customers,
        products,
        defaultCurrency: this.defaultCurrency(),
        defaultRegion: this.defaultRegion,
        now: Date.now(),
      });
      if ('ok' in result) {
        this.error = result.error;
        return;
      }
      this.ordersReport = result;
      this.step = 'report';
    } finally {
      this.busy = false;
    }
  }

  /** Validate every row (after sending the stored customers to match against). */
  async #validateCustomers(): Promise<void> {
    const opened = this.opened;
    if (!opened) return;
    this.busy = true;
    this.progress = 0;
    try {
      globalThis.localStorage?.setItem(MAPPING_KEY + opened.signature, JSON.stringify(this.mapping));
      const w = importWorker();
      await this.#eachStored((page, first) =>
        w.addStored(
          page.map((c) => ({ id: c.id, record: toDedupInput(c) })),
          first,
        ),
      );
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
      this.duplicates = await this.#withStoredFields(await w.duplicates(0, LIST_PAGE));
      this.overrides = {};
      this.step = 'report';
    } finally {
      this.busy = false;
    }
  }

  /**
   * The listed duplicates of stored customers with those customers' fields (the worker knows only
   * their dedup records), so the explanation compares the row with the stored customer's name
   * ("same name"), not with nothing ("name sounds alike: 陈静 ~").
   */
  async #withStoredFields(views: DuplicateView[]): Promise<DuplicateView[]> {
    // At most a page of duplicates (LIST_PAGE) is listed: a linear look-up per row is enough.
    const ids = views.flatMap((v) => (v.customerId !== undefined && !v.otherFields ? [v.customerId] : []));
    if (ids.length === 0) return views;
    const stored = await customersByIds(this.db, ids);
    return views.map((v) => {
      const other = v.customerId !== undefined ? stored.find((c) => c.id === v.customerId) : undefined;
      return other && !v.otherFields ? { ...v, otherFields: other } : v;
    });
  }

  cancel(): void {
    void importWorker().cancel();
  }

  /**
   * The rejected rows as CSV (the file's own cells and a reason column), with the reasons in the
   * user's language; of the orders file when that is what is being imported.
   */
  rejectedCsv(labels: Record<string, string>, reasonHeader: string): Promise<string> {
    return this.kind === 'orders'
      ? importWorker().ordersRejectedCsv(labels, reasonHeader)
      : importWorker().rejectedCsv(labels, reasonHeader);
  }

  setOverride(row: number, action: DuplicateAction): void {
    this.overrides = { ...this.overrides, [row]: action };
  }

  /**
   * The plan to write (the customers with the run's choice and the per-row overrides, or the
   * orders) as a source the writer stages a page at a time: the rows stay in the worker until asked
   * for (a 100,000-row plan held on the page was ~600 MB of heap and a long hand-over task).
   */
  plan(): Promise<PlanSource | null> {
    if (this.kind === 'orders') return importPlanSource(newId());
    return importPlanSource(newId(), { run: this.choice, overrides: $state.snapshot(this.overrides) });
  }

  /**
   * Hands the plan to the app's import state and starts over: the import runs there (progress,
   * Cancel, history, undo), not in this wizard, so leaving the screen does not stop it. The worker
   * keeps the plan's rows until the import state has staged them all (onStaged); only then is the
   * worker's run closed, or the worker ended if the screen was left meanwhile. Resolves when the
   * import ends; a failure is the import state's `error`.
   */
  async commit(imports: ImportState): Promise<void> {
    this.#fetchingPlan = true;
    const opensAtCommit = opens;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.#fetchingPlan = false;
      // The screen was left while the plan came (destroy): the worker's part is done now.
      if (opens !== opensAtCommit) return;
      if (this.#destroyed) terminateWorker('import');
      else void importWorker().close();
    };
    let source: PlanSource | null = null;
    try {
      source = await this.plan();
    } finally {
      if (!source) {
        this.#fetchingPlan = false;
        if (this.#destroyed) terminateWorker('import');
      }
    }
    if (!source) return;
    if (!this.#destroyed) this.#reset();
    await imports.commit(source, { onStaged: release }).catch(() => undefined);
    release();
  }

  #reset(): void {
    this.step = 'pick';
    this.opened = null;
    this.report = null;
    this.ordersReport = null;
    this.issues = [];
    this.duplicates = [];
    this.overrides = {};
    this.choice = 'skip';
  }

  back(): void {
    this.step = this.step === 'report' ? 'map' : 'pick';
  }

  /**
   * The import screen is gone. An import the user has just started may still be fetching its plan
   * from the worker a page at a time (the user clicked Import and went straight to the list):
   * ending the worker now would lose that import, so `commit` ends it once it has the plan.
   */
  destroy(): void {
    this.#destroyed = true;
    if (!this.#fetchingPlan) terminateWorker('import');
  }
}
