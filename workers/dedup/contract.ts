// The dedup worker's contract: every type the app (src/state, src/features) and its tests or
// benchmarks may know about duplicate detection and the data-quality scan. Outside workers/dedup
// only this file and workers/client.ts are imported; the modules behind it can be reorganised
// freely. Types only: nothing here exists at run time.

/** The worker's comlink API (`typeof api` of dedup.worker.ts); the app holds it as `Remote<DedupApi>`. */
export type { DedupApi, CompactScan, PackedScan } from './dedup.worker';

// Inputs
export type { DedupInput } from './standardize';
export type { DedupOptions } from './engine';
export type { CheckOptions } from './live-index';
export type { ModelParams } from './model';

// Progress
export type { DedupProgress } from './engine';

// Results
export type { DedupResult, DedupStats, DuplicateGroup, DuplicatePair } from './engine';
export type { DedupMatch } from './live-index';
export type { FieldExplanation, FieldName } from './model';
export type { QualityFix, QualityReport } from './quality';
