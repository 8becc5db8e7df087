import type pg from 'pg';
import { migratePg } from '../store/postgres/pg-migrate.js';

/**
 * The cluster's own tables. `shard_leases` is the fence every result write is checked against:
 * a row written for shard s with epoch e is kept only while shard_leases(s).epoch is still e
 * (see fence.ts). Steps are append-only (migratePg).
 */
export const CLUSTER_MIGRATIONS: readonly string[] = [
  `CREATE TABLE cluster_members (
    id TEXT PRIMARY KEY,
    host TEXT NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    last_seen TIMESTAMPTZ NOT NULL,
    config_hash TEXT NOT NULL,
    checks INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE shard_leases (
    shard INT PRIMARY KEY,
    owner TEXT,
    epoch BIGINT NOT NULL DEFAULT 0,
    expires_at TIMESTAMPTZ
  );
  CREATE INDEX shard_leases_owner ON shard_leases (owner);
  CREATE TABLE cluster_events (
    id BIGSERIAL PRIMARY KEY,
    origin TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
  );
  CREATE TABLE fenced_writes (
    shard INT NOT NULL,
    owner TEXT NOT NULL,
    epoch BIGINT NOT NULL,
    refused BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (shard, owner, epoch)
  )`,
];

/** Creates the tables once and makes sure shards 0..shards-1 have a row to lease. */
export async function migrateCluster(pool: pg.Pool, shards: number): Promise<void> {
  await migratePg(pool, 'cluster', CLUSTER_MIGRATIONS);
  await pool.query(
    `INSERT INTO shard_leases (shard) SELECT generate_series(0, $1::int - 1)
     ON CONFLICT (shard) DO NOTHING`,
    [shards],
  );
}
