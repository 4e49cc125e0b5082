// The import worker's contract: every type the app (src/state, src/features) and its tests may know
// about reading, validating and matching an imported file. Outside workers/import only this file
// and workers/client.ts are imported. Types only: nothing here exists at run time. The plan it
// produces is the domain's (src/domain/import-plan.ts), shared with the bulk-write path.

/** The worker's comlink API (`typeof api` of import.worker.ts); the app holds it as `Remote<ImportApi>`. */
export type { ImportApi, OpenResult, ImportFailure, PlanHead } from './import.worker';
export type { ReadOptions, OpenedFile } from './source';
export type { FileEncoding } from './encoding';
export type { Delimiter } from './sniff';
export type { ImportErrorKey } from './limits';
export type { ValidateOptions, RowIssue, Normalization } from './customers';
export type { ImportReport, RunProgress, DuplicateView } from './customer-run';
export type { DuplicateHit } from './matcher';
export type { DuplicateChoices } from './plan';
export type { OrderColumnMapping, OrderImportField, OrderRunOptions, OrderCustomerRef, OrderIssue } from './orders';
