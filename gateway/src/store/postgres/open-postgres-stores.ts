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
    // every domain migrates its own tables, all at once
    const { results: resultStore, ...domains } = await allOpened({
      results: PgResultStore.open(pool, { onError, ...results }),
      audit: PgAuditStore.open(pool),
      approvals: PgApprovalStore.open(pool),
      sessions: PgSessionStore.open(pool),
      loginFailures: PgLoginFailureStore.open(pool),
      confirmTokens: PgConfirmTokenStore.open(pool),
      panelLog: PgPanelLogStore.open(pool),
      deploys: PgDeployStore.open(pool),
      alerts: PgAlertStore.open(pool),
      outbox: PgOutboxStore.open(pool),
      windows: PgMaintenanceStore.open(pool),
    });
    let closed = false;
    let reachable = true;
    const ping = setInterval(() => {
      void pingServer(pool, pingIntervalMs).then((ok) => (reachable = ok));
    }, pingIntervalMs);
    ping.unref();
    return {
      pool,
      results: resultStore,
      ...domains,
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

/** Each promise of the record awaited together; the same record of what they resolved to. */
async function allOpened<T extends Record<string, Promise<unknown>>>(
  opening: T,
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const entries = await Promise.all(
    Object.entries(opening).map(async ([name, store]) => [name, await store] as const),
  );
  return Object.fromEntries(entries) as { [K in keyof T]: Awaited<T[K]> };
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
