export { openDatabase } from './database.js';
export { migrate, currentVersion } from './migrate.js';
export { SqliteResultStore } from './sqlite-store.js';
export { MemoryResultStore } from './memory-store.js';
export type { ResultStoreOptions } from './result-store-base.js';
export {
  DEFAULT_RETENTION,
  type CheckState,
  type HistoryRequest,
  type ResultStore,
  type StoreRetention,
  type UptimeCounts,
} from './types.js';
