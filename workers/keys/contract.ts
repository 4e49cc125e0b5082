// The search-key worker's contract (types only): see keys.worker.ts.
export type { KeysApi, KeyInput } from './keys.worker';
