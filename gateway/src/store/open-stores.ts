import type { ResultStore } from './types.js';
import type { ResultStoreOptions } from './result-store-base.js';
import type { AuditStore } from './domain/audit-store.js';
import type { ApprovalStore } from './domain/approval-store.js';
import type { SessionStore } from './domain/session-store.js';
import type { LoginFailureStore } from './domain/login-failure-store.js';
import type { ConfirmTokenStore } from './domain/confirm-token-store.js';
import type { PanelLogStore } from './domain/panel-log-store.js';
import type { DeployStore } from './deploy-store.js';
import type { AlertStore } from './alert-store.js';
import type { OutboxStore } from './outbox-store.js';
import type { MaintenanceStore } from './maintenance-store.js';
import { openDatabase } from './database.js';
import { startWalCheckpointer } from './wal-checkpointer.js';
import { SqliteResultStore } from './sqlite-store.js';
import { SqliteAuditStore } from './domain/sqlite-audit-store.js';
import { SqliteApprovalStore } from './domain/sqlite-approval-store.js';
import { SqliteSessionStore } from './domain/sqlite-session-store.js';
import { SqliteLoginFailureStore } from './domain/sqlite-login-failure-store.js';
import { SqliteConfirmTokenStore } from './domain/sqlite-confirm-token-store.js';
import { SqlitePanelLogStore } from './domain/sqlite-panel-log-store.js';
import { SqliteDeployStore } from './sqlite-deploy-store.js';
import { SqliteAlertStore } from './sqlite-alert-store.js';
import { SqliteOutboxStore } from './sqlite-outbox-store.js';
import { SqliteMaintenanceStore } from './sqlite-maintenance-store.js';

/**
 * Every store of one gateway, behind interfaces: callers never see the database they share, so a
 * second backend (Postgres) is another `open…Stores` that passes the same conformance suites.
 */
export interface GatewayStores {
  results: ResultStore;
  audit: AuditStore;
  approvals: ApprovalStore;
  sessions: SessionStore;
  loginFailures: LoginFailureStore;
  confirmTokens: ConfirmTokenStore;
  panelLog: PanelLogStore;
  deploys: DeployStore;
  alerts: AlertStore;
  outbox: OutboxStore;
  windows: MaintenanceStore;
  /** Whether the backing storage is open (for /ready). */
  isOpen(): boolean;
  /** Flushes buffered results and closes the storage; stop the monitor first. */
  close(): Promise<void>;
  /**
   * Tests only: runs one SQL statement against the backing database, to look at raw rows (is only
   * a hash stored?) or to tamper with them behind the gateway's back (does verify notice?).
   */
  rawSql(sql: string, ...params: unknown[]): Promise<unknown[]>;
}

export interface SqliteStoresOptions {
  /** The SQLite file (its folder is created) or ':memory:'. */
  path: string;
  results?: ResultStoreOptions;
}

/** Opens the one SQLite file every store of the gateway shares, each store migrating its own tables. */
export function openSqliteStores({ path, results = {} }: SqliteStoresOptions): GatewayStores {
  const db = openDatabase(path);
  const resultStore = new SqliteResultStore(db, results);
  // a file's WAL is copied back by a thread of its own, not inside the prober's commits
  const checkpointer =
    path === ':memory:' || path === ''
      ? undefined
      : startWalCheckpointer(db, path, { onError: results.onError });
  return {
    results: resultStore,
    audit: new SqliteAuditStore(db),
    approvals: new SqliteApprovalStore(db),
    sessions: new SqliteSessionStore(db),
    loginFailures: new SqliteLoginFailureStore(db),
    confirmTokens: new SqliteConfirmTokenStore(db),
    panelLog: new SqlitePanelLogStore(db),
    deploys: new SqliteDeployStore(db),
    alerts: new SqliteAlertStore(db),
    outbox: new SqliteOutboxStore(db),
    windows: new SqliteMaintenanceStore(db),
    isOpen: () => db.open,
    async close() {
      if (!db.open) return;
      await resultStore.close();
      await checkpointer?.stop();
      db.close();
    },
    async rawSql(sql, ...params) {
      const statement = db.prepare(sql);
      if (statement.reader) return statement.all(...params);
      statement.run(...params);
      return [];
    },
  };
}
