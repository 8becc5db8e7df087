import type pg from 'pg';

/** A shard this gateway holds, with the epoch its writes carry. */
export interface HeldShard {
  shard: number;
  epoch: number;
}

export interface MemberRow {
  id: string;
  host: string;
  startedAt: string;
  lastSeen: string;
  configHash: string;
  checks: number;
  /** Shards whose lease this member holds now (not expired). */
  shards: number;
  /** Its last heartbeat is within the lease TTL. */
  alive: boolean;
}

/** Members silent for longer than this many lease TTLs are gone: not listed, then forgotten. */
export const GONE_AFTER_TTLS = 10;

export interface MemberInfo {
  id: string;
  host: string;
  configHash: string;
  /** Checks it probes now. */
  checks: number;
}

/**
 * The SQL of membership and shard leases, one statement per step so each step is one round
 * trip. Expiry is judged by the database's clock (now()), the one clock every gateway shares;
 * a gateway's own deadline for a lease is kept locally (lease-keeper.ts).
 */
export class LeaseTable {
  constructor(
    private readonly pool: pg.Pool,
    private readonly shards: number,
    private readonly ttlMs: number,
  ) {}

  /** Records that `member` is alive; returns how many members are alive (itself included). */
  async heartbeat(member: MemberInfo): Promise<number> {
    const { rows } = await this.pool.query<{ live: number }>(
      `WITH beat AS (
         INSERT INTO cluster_members (id, host, started_at, last_seen, config_hash, checks)
         VALUES ($1, $2, now(), now(), $3, $4)
         ON CONFLICT (id) DO UPDATE SET last_seen = now(), config_hash = $3, checks = $4
         RETURNING id)
       SELECT 1 + COUNT(*)::int AS live FROM cluster_members
        WHERE id <> $1 AND last_seen > now() - make_interval(secs => $5::float8 / 1000)`,
      [member.id, member.host, member.configHash, member.checks, this.ttlMs],
    );
    return rows[0]!.live;
  }

  /**
   * Extends the leases `owner` still holds among `shards`; the ones not returned are lost. A
   * lease that expired while nobody claimed it (an outage all gateways shared) is still this
   * owner's under the same epoch, so it is renewed too: a claim would have changed the owner.
   */
  async renew(owner: string, shards: readonly number[]): Promise<HeldShard[]> {
    if (shards.length === 0) return [];
    const { rows } = await this.pool.query<HeldShard>(
      `UPDATE shard_leases SET expires_at = now() + make_interval(secs => $3::float8 / 1000)
        WHERE owner = $1 AND shard = ANY($2::int[])
        RETURNING shard, epoch`,
      [owner, shards, this.ttlMs],
    );
    return rows;
  }

  /**
   * Takes up to `count` shards that nobody holds (never leased, released, or expired), bumping
   * each one's epoch: the previous holder's late writes no longer match. Gateways claiming at
   * the same time skip each other's locked rows instead of waiting on them.
   */
  async claim(owner: string, count: number): Promise<HeldShard[]> {
    if (count <= 0) return [];
    const { rows } = await this.pool.query<HeldShard>(
      `WITH free AS (
         SELECT shard FROM shard_leases
          WHERE shard < $2 AND (owner IS NULL OR expires_at IS NULL OR expires_at <= now())
          ORDER BY shard LIMIT $3
          FOR UPDATE SKIP LOCKED)
       UPDATE shard_leases l
          SET owner = $1, epoch = l.epoch + 1,
              expires_at = now() + make_interval(secs => $4::float8 / 1000)
         FROM free WHERE l.shard = free.shard
       RETURNING l.shard, l.epoch`,
      [owner, this.shards, count, this.ttlMs],
    );
    return rows.sort((a, b) => a.shard - b.shard);
  }

  /** Gives shards back at once (rebalance, shutdown): others may claim them on their next beat. */
  async release(owner: string, shards: readonly number[]): Promise<void> {
    if (shards.length === 0) return;
    await this.pool.query(
      `UPDATE shard_leases SET owner = NULL, expires_at = NULL
        WHERE owner = $1 AND shard = ANY($2::int[])`,
      [owner, shards],
    );
  }

  /** Leaves the cluster: every lease released, the member row gone. */
  async leave(owner: string): Promise<void> {
    await this.pool.query(
      `WITH released AS (
         UPDATE shard_leases SET owner = NULL, expires_at = NULL WHERE owner = $1 RETURNING shard)
       DELETE FROM cluster_members WHERE id = $1`,
      [owner],
    );
  }

  /** Forgets members not seen for `olderThanMs` (killed ones); their leases expired long ago. */
  async forgetGone(olderThanMs: number): Promise<void> {
    await this.pool.query(
      `DELETE FROM cluster_members WHERE last_seen < now() - make_interval(secs => $1::float8 / 1000)`,
      [olderThanMs],
    );
  }

  /**
   * Every member seen within GONE_AFTER_TTLS lease TTLs with the shards it holds now, oldest
   * first. A member silent for longer than the TTL is dead: alive false, and it probes nothing,
   * so its checks read 0 rather than the count of its last heartbeat.
   */
  async members(): Promise<MemberRow[]> {
    const { rows } = await this.pool.query<MemberRow>(
      `SELECT id, host, "startedAt", "lastSeen", "configHash", alive,
              CASE WHEN alive THEN checks ELSE 0 END AS checks,
              (SELECT COUNT(*)::int FROM shard_leases l
                WHERE l.owner = m.id AND l.expires_at > now()) AS shards
         FROM (SELECT id, host, started_at AS "startedAt", last_seen AS "lastSeen",
                      config_hash AS "configHash", checks,
                      last_seen > now() - make_interval(secs => $1::float8 / 1000) AS alive
                 FROM cluster_members
                WHERE last_seen > now() - make_interval(secs => $2::float8 / 1000)) m
        ORDER BY "startedAt", id`,
      [this.ttlMs, this.ttlMs * GONE_AFTER_TTLS],
    );
    return rows.map((row) => ({
      ...row,
      startedAt: new Date(row.startedAt).toISOString(),
      lastSeen: new Date(row.lastSeen).toISOString(),
    }));
  }
}
