import { afterAll, beforeAll, expect, it } from 'vitest';
import type pg from 'pg';
import { ClusterInfo } from '@aether/contract';
import {
  createTestDatabase,
  describePostgres,
  type TestDatabase,
} from '../testing/postgres-database.js';
import { openPgPool } from '../store/postgres/pg-pool.js';
import { migrateCluster } from './cluster-schema.js';
import { GONE_AFTER_TTLS, LeaseTable } from './lease-table.js';

const SHARDS = 12;
const TTL_MS = 3000;

describePostgres('GET /api/cluster members on Postgres', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let table: LeaseTable;
  beforeAll(async () => {
    database = await createTestDatabase();
    pool = openPgPool({ url: database.url });
    await migrateCluster(pool, SHARDS);
    table = new LeaseTable(pool, SHARDS, TTL_MS);
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  /** Moves a member's last heartbeat (and its leases' expiry) `ms` into the past. */
  async function silence(id: string, ms: number): Promise<void> {
    const ago = `now() - make_interval(secs => ${ms / 1000})`;
    await pool.query(`UPDATE cluster_members SET last_seen = ${ago} WHERE id = $1`, [id]);
    await pool.query(`UPDATE shard_leases SET expires_at = ${ago} WHERE owner = $1`, [id]);
  }

  it('shows a member silent for longer than the lease TTL as dead, holding and probing nothing, and drops long-gone ones', async () => {
    const beat = (id: string, checks: number) =>
      table.heartbeat({ id, host: id, configHash: 'c0ffee', checks });
    await beat('alive', 10);
    await beat('killed', 20);
    await beat('gone', 5);
    await table.claim('alive', 4);
    await table.claim('killed', 4);
    await table.claim('gone', 4);
    await silence('killed', 2 * TTL_MS);
    await silence('gone', (GONE_AFTER_TTLS + 1) * TTL_MS);

    const info = ClusterInfo.parse({ self: 'alive', members: await table.members() });
    const byId = new Map(info.members.map((m) => [m.id, m]));
    expect([...byId.keys()].sort()).toEqual(['alive', 'killed']);
    expect(byId.get('alive')).toMatchObject({ alive: true, shards: 4, checks: 10 });
    // its last heartbeat said 20 checks, but nobody probes them on its behalf any more
    expect(byId.get('killed')).toMatchObject({ alive: false, shards: 0, checks: 0 });

    // pruning forgets the long-gone row itself; the recently dead one stays visible meanwhile
    await table.forgetGone(TTL_MS * GONE_AFTER_TTLS);
    const { rows } = await pool.query<{ id: string }>('SELECT id FROM cluster_members ORDER BY id');
    expect(rows.map((row) => row.id)).toEqual(['alive', 'killed']);
  });
});
