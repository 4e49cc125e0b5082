// The export worker's contract (types only): the app hands it records in pages and gets a file back.

/** The worker's comlink API (`typeof api` of export.worker.ts). */
export type { ExportApi, ExportBegin, ExportKind, ExportFormat, ExportFile } from './export.worker';
export type { ExportCustomer, ExportMeasures } from './customers';
