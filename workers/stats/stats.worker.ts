// The statistics Web Worker: holds the MeasureStore, exposes the API over comlink.
// Start it with `new Worker(new URL('./stats.worker.ts', import.meta.url), { type: 'module' })`
// and `wrap<StatsApi>(worker)` (workers/client.ts).
import { expose } from 'comlink';
import { createStatsApi } from './api';

const api = createStatsApi();

expose(api);

export type StatsApi = typeof api;
