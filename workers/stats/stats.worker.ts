// The statistics Web Worker: holds the per-customer summary rows and answers the Insights screens
// over comlink (insights-api.ts). Started lazily by workers/client.ts.
import { expose } from 'comlink';
import { createInsightsApi } from './insights-api';

const api = createInsightsApi();

expose(api);

export type StatsApi = typeof api;
