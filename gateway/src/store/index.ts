export { openDatabase } from './database.js';
export { migrate, currentVersion } from './migrate.js';
export { SqliteResultStore } from './sqlite-store.js';
export { MemoryResultStore } from './memory-store.js';
export type { ResultStoreOptions } from './result-store-base.js';
// the result store's interface and its types, all of them
export * from './types.js';
export { openSqliteStores, type GatewayStores, type SqliteStoresOptions } from './open-stores.js';
export type * from './domain/audit-store.js';
export type * from './domain/approval-store.js';
export type * from './domain/session-store.js';
export type * from './domain/confirm-token-store.js';
export type * from './domain/panel-log-store.js';
export type * from './deploy-store.js';
