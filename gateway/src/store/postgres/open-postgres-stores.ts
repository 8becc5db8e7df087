import type pg from 'pg';
import type { GatewayStores } from '../open-stores.js';
import { openPgPool } from './pg-pool.js';
import { PgAlertStore } from './pg-alert-store.js';
import { PgApprovalStore } from './pg-approval-store.js';
import { PgAuditStore } from './pg-audit-store.js';
import { PgConfirmTokenStore } from './pg-confirm-token-store.js';
import { PgDeployStore } from './pg-deploy-store.js';
import { PgLoginFailureStore } from './pg-login-failure-store.js';
import { PgMaintenanceStore } from './pg-maintenance-store.js';
import { PgOutboxStore } from './pg-outbox-store.js';
import { PgPanelLogStore } from './pg-panel-log-store.js';
import { PgResultStore, type PgResultStoreOptions } from './pg-result-store.js';
import { PgSessionStore } from './pg-session-store.js';
import { answerUnavailableWhenAway, DatabaseUnavailable } from './pg-unavailable.js';

export interface PostgresStoresOptions {
  /** postgres://user:pass@host:port/db */
  url: string;
  results?: PgResultStoreOptions;
  /** Errors that are handled but worth a log line (a failed write, a dropped connection). */
  onError?: (error: unknown) => void;
  /** How long to keep trying to reach Postgres at start (a database starting with the gateway). */
  connectTimeoutMs?: number;
  /** How often reachability is checked for /ready. */
  pingIntervalMs?: number;
}

export interface PostgresStores extends GatewayStores {
  results: PgResultStore;
  /** The pool every store shares; the cluster module runs its lease queries on it too. */
  pool: pg.Pool;
}

/**
 * Opens the pool every store of the gateway shares and each store's tables (each migrates its own
 * domain). `isOpen()` is false while Postgres cannot be reached (/ready answers 503); the result
 * store keeps accepting results meanwhile and writes them when it is back.
 */
export async function openPostgresStores({
  url,
  results = {},
  onError = () => {},
  connectTimeoutMs = 30_000,
  pingIntervalMs = 2000,
}: PostgresStoresOptions): Promise<PostgresStores> {
  const pool = openPgPool({ url, onError });
  answerUnavailableWhenAway(pool);
  try {
    await waitForServer(pool, url, connectTimeoutMs);
    const [
      resultStore,
      audit,
      approvals,
      sessions,
      loginFailures,
      confirmTokens,
      panelLog,
      deploys,
      alerts,
      outbox,
      windows,
    ] = await Promise.all([
      PgResultStore.open(pool, { onError, ...results }),
      PgAuditStore.open(pool),
      PgApprovalStore.open(pool),
      PgSessionStore.open(pool),
      PgLoginFailureStore.open(pool),
      PgConfirmTokenStore.open(pool),
      PgPanelLogStore.open(pool),
      PgDeployStore.open(pool),
      PgAlertStore.open(pool),
      PgOutboxStore.open(pool),
      PgMaintenanceStore.open(pool),
    ]);
    let closed = false;
    let reachable = true;
    const ping = setInterval(() => {
      void pingServer(pool, pingIntervalMs).then((ok) => (reachable = ok));
    }, pingIntervalMs);
    ping.unref();
    return {
      pool,
      results: resultStore,
      audit,
      approvals,
      sessions,
      loginFailures,
      confirmTokens,
      panelLog,
      deploys,
      alerts,
      outbox,
      windows,
      isOpen: () => !closed && reachable && resultStore.stats().reachable,
      async close() {
        if (closed) return;
        closed = true;
        clearInterval(ping);
        await resultStore.close();
        await pool.end();
      },
      async rawSql(sql, ...params) {
        return (await pool.query(sql, params)).rows;
      },
    };
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
}

/** Whether Postgres answers a trivial query within the interval (a stopped server never does). */
async function pingServer(pool: pg.Pool, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([pool.query('SELECT 1').then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

async function waitForServer(pool: pg.Pool, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await pool.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() >= deadline) {
        const reason = error instanceof DatabaseUnavailable ? error.cause : error;
        const where = new URL(url);
        where.password = where.password ? '***' : '';
        throw new Error(
          `cannot reach Postgres at ${where.toString()} (storage.postgres / AETHER_DATABASE_URL): ${reason instanceof Error ? reason.message : String(reason)}`,
          { cause: error },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
