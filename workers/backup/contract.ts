// The backup worker's contract (types only): see backup.worker.ts and format.ts.
export type { BackupApi, OpenResult, BackupErrorCode } from './backup.worker';
export type { AcceptedSchemas, Manifest, CollectionEntry } from './format';
