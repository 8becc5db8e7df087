import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { HeldShard, LeaseTable, MemberInfo } from './lease-table.js';
import { GONE_AFTER_TTLS } from './lease-table.js';
import { DatabaseUnavailable, isDatabaseAway } from '../store/postgres/pg-unavailable.js';

export interface LeaseChange {
  gained: readonly HeldShard[];
  lost: readonly number[];
}

export interface LeaseKeeperOptions {
  table: Pick<LeaseTable, 'heartbeat' | 'renew' | 'claim' | 'release' | 'leave' | 'forgetGone'>;
  shards: number;
  ttlMs: number;
  clock: Clock;
  /** A clock that never jumps (performance.now in production): local lease deadlines run on it. */
  monotonic: () => number;
  logger: Pick<Logger, 'info' | 'warn'>;
  /** What this member reports with each heartbeat (id, host, config hash, checks probed). */
  member: () => MemberInfo;
  /** Random in [0, 1): the first claim's jitter. */
  random?: () => number;
  /** Whether a failed beat failed because the database cannot be reached (default: pg's errors). */
  isAway?: (error: unknown) => boolean;
}

function databaseAway(error: unknown): boolean {
  return error instanceof DatabaseUnavailable || isDatabaseAway(error);
}

/**
 * Keeps this gateway's shard leases (Kubernetes Lease vocabulary): every ttl/3 it heartbeats,
 * renews what it holds, gives back what is above its fair share (ceil(shards / live members))
 * and claims what is missing (not for a ttl after the database was away: see claimAfter). Its own deadline for the leases is local and monotonic: when
 * `ttl - margin` has passed since the last renewal was sent, it drops every shard at once, even
 * if the database never answered — by then another gateway may own them. The first claim waits a
 * random part of a beat, so gateways starting together see each other before they claim.
 */
export class LeaseKeeper {
  private readonly held = new Map<number, number>();
  /**
   * Shards dropped at the local deadline (shard → epoch), renewed with the next beat: if nobody
   * claimed them meanwhile they come back under the same epoch, instead of sitting unprobed in
   * the database until their lease expires and someone claims them a ttl later. On a starved
   * machine the deadline timer can run just before the answer of a renewal sent in time.
   */
  private readonly expired = new Map<number, number>();
  /** Monotonic time they were dropped. */
  private expiredAt = Number.NEGATIVE_INFINITY;
  private readonly listeners = new Set<(change: LeaseChange) => void>();
  private deadline = 0;
  private deadlineTimer: unknown;
  private beatTimer: unknown;
  private beating: Promise<void> = Promise.resolve();
  private stopped = false;
  private beats = 0;
  /**
   * Outage mode: set when a beat sent while the leases were still valid failed because the
   * database could not be reached; cleared by the next beat the database answers.
   */
  private outage = false;
  /** Monotonic time the latest beat failed because the database was away. */
  private lastAwayAt = Number.NEGATIVE_INFINITY;
  /** The latest beat failed because the database was away (outage mode or not). */
  private wasAway = false;
  /**
   * Monotonic time before which this gateway claims nothing. When the database comes back from
   * an outage longer than the ttl, every lease in it has expired and every member but the first
   * one back looks dead: without a wait, that one would claim every shard (epoch + 1) and the
   * others' buffered results of the outage would all be refused by the fence. Each gateway first
   * renews its own for one ttl (renew keeps an expired lease nobody claimed); what is still
   * unclaimed after it belongs to a member that did not come back.
   */
  private claimAfter = Number.NEGATIVE_INFINITY;
  readonly beatMs: number;
  /** Local safety margin: a lease is dropped this long before the database would expire it. */
  readonly marginMs: number;

  constructor(private readonly options: LeaseKeeperOptions) {
    this.beatMs = Math.max(50, Math.floor(options.ttlMs / 3));
    this.marginMs = Math.min(1000, Math.floor(options.ttlMs / 10));
  }

  /**
   * The member's id, asked once: `member()` also counts the checks probed (the scheduler's stats,
   * with its lateness quantiles), which is for the heartbeat, not for every query of a beat.
   */
  get id(): string {
    return (this.memberId ??= this.options.member().id);
  }

  private memberId: string | undefined;

  /** The epoch of a shard held now, or undefined. */
  epochOf(shard: number): number | undefined {
    return this.held.get(shard);
  }

  /** Shards held now, ascending. */
  heldShards(): number[] {
    return [...this.held.keys()].sort((a, b) => a - b);
  }

  onChange(listener: (change: LeaseChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** First heartbeat now; the first claim after a jitter of up to one beat. */
  async start(): Promise<void> {
    const { table, member } = this.options;
    await table.heartbeat(member());
    const jitter = Math.floor((this.options.random ?? Math.random)() * this.beatMs);
    this.schedule(jitter);
  }

  /** One beat now (tests; a reload). Resolves when it is done. */
  beat(): Promise<void> {
    this.beating = this.beating.then(() => this.runBeat());
    return this.beating;
  }

  /** Stops beating, drops every shard locally, then releases them and leaves the table. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.options.clock.clearTimeout(this.beatTimer);
    this.options.clock.clearTimeout(this.deadlineTimer);
    await this.beating;
    this.expired.clear();
    this.lose(this.heldShards());
    try {
      await this.options.table.leave(this.id);
    } catch (error) {
      this.options.logger.warn({ err: error }, 'leaving the cluster failed; leases will expire');
    }
  }

  /**
   * Beats start a beat apart, not a beat after the previous one ended: on a starved machine a
   * beat's three round trips take seconds, and waiting a whole beat after them pushed the next
   * renewal past the local deadline (every shard dropped, see expired).
   */
  private schedule(ms: number): void {
    if (this.stopped) return;
    this.beatTimer = this.options.clock.setTimeout(() => {
      const startedAt = this.options.monotonic();
      void this.beat().then(() =>
        this.schedule(Math.max(0, this.beatMs - (this.options.monotonic() - startedAt))),
      );
    }, ms);
  }

  private async runBeat(): Promise<void> {
    if (this.stopped) return;
    const { table, shards, ttlMs, monotonic, logger } = this.options;
    const sentAt = monotonic();
    try {
      const live = await table.heartbeat(this.options.member());
      const mine = this.heldShards();
      const expired = new Map(this.expired);
      const renewed = await table.renew(this.id, [...mine, ...expired.keys()]);
      // a beat sent after the drop is their one chance (one sent before it may answer after it)
      const retried = sentAt >= this.expiredAt;
      if (this.stopped) return;
      if (this.outage) logger.info({ held: mine.length }, 'database back: outage mode over');
      this.outage = false;
      if (this.wasAway) {
        this.wasAway = false;
        this.claimAfter = sentAt + ttlMs;
      }
      // a lease runs from when its renewal was sent, never from when the answer came
      this.extendDeadline(sentAt + ttlMs - this.marginMs);
      const kept = new Set(renewed.map((r) => r.shard));
      const lost = mine.filter((shard) => !kept.has(shard));
      if (lost.length > 0) logger.warn({ shards: lost.length }, 'leases lost to another gateway');
      this.lose(lost);
      // renewed under the epoch they were dropped with: nobody claimed them, they are ours again
      if (retried) for (const shard of expired.keys()) this.expired.delete(shard);
      const back = renewed.filter(
        (r) => expired.get(r.shard) === r.epoch && !this.held.has(r.shard),
      );
      if (retried && back.length > 0 && sentAt + ttlMs - this.marginMs > monotonic()) {
        this.gain(back);
        logger.info(
          { shards: back.length },
          'leases dropped at the local deadline renewed: probing them again',
        );
      }

      const fair = Math.ceil(shards / Math.max(1, live));
      const excess = this.held.size - fair;
      if (excess > 0) {
        // stop probing first, then hand them over: never two gateways on one shard
        const giving = this.heldShards().slice(-excess);
        this.lose(giving);
        await table.release(this.id, giving);
        logger.info({ released: giving.length, live, fair }, 'rebalanced: shards released');
      } else if (excess < 0 && sentAt >= this.claimAfter) {
        const gained = await table.claim(this.id, -excess);
        if (this.stopped) {
          await table.release(
            this.id,
            gained.map((g) => g.shard),
          );
          return;
        }
        // claimed after sentAt, so the deadline set above is on the safe side for these too
        if (gained.length > 0) {
          this.gain(gained);
          logger.info({ claimed: gained.length, held: this.held.size, live }, 'shards claimed');
        }
      }
      if (++this.beats % 20 === 0) await table.forgetGone(ttlMs * GONE_AFTER_TTLS);
    } catch (error) {
      if ((this.options.isAway ?? databaseAway)(error)) {
        this.wasAway = true;
        // only a gateway that was awake and renewing when the outage began keeps probing
        if (sentAt < this.deadline && !this.outage && this.held.size > 0) {
          this.outage = true;
          logger.warn(
            { held: this.held.size },
            'database unreachable: outage mode, probing the shards held until it is back',
          );
        }
        if (this.outage) this.lastAwayAt = monotonic();
        else logger.warn({ err: error }, 'lease heartbeat failed; shards drop at their deadline');
      } else {
        logger.warn({ err: error }, 'lease heartbeat failed; shards drop at their local deadline');
      }
    }
  }

  private extendDeadline(at: number): void {
    this.deadline = at;
    this.options.clock.clearTimeout(this.deadlineTimer);
    if (this.held.size === 0 && at <= this.options.monotonic()) return;
    this.deadlineTimer = this.options.clock.setTimeout(
      () => this.expireIfDue(),
      Math.max(0, at - this.options.monotonic()),
    );
  }

  /**
   * Until when outage mode keeps the shards: a ttl past the latest failed attempt, so a gateway
   * paused in the middle of an outage does not resume probing on waking.
   */
  private outageUntil(): number {
    return this.outage ? this.lastAwayAt + this.options.ttlMs : Number.NEGATIVE_INFINITY;
  }

  /**
   * The local deadline passed without a renewal: every shard goes, whatever the database says —
   * unless the renewals failed because the database cannot be reached (outage mode).
   */
  private expireIfDue(): void {
    if (this.held.size === 0) return;
    const now = this.options.monotonic();
    const until = Math.max(this.deadline, this.outageUntil());
    if (now < until) {
      this.deadlineTimer = this.options.clock.setTimeout(() => this.expireIfDue(), until - now);
      return;
    }
    this.outage = false;
    this.options.logger.warn(
      { shards: this.held.size },
      'lease deadline passed without a renewal: stopped probing every shard',
    );
    for (const [shard, epoch] of this.held) this.expired.set(shard, epoch);
    this.expiredAt = now;
    this.lose(this.heldShards());
  }

  /**
   * Whether the held leases may be probed now (checked before each probe): their local deadline
   * is ahead, or the gateway is in outage mode (its renewals keep failing because the database
   * cannot be reached; the fence refuses its rows later if another gateway took a shard over).
   */
  valid(): boolean {
    if (this.held.size === 0) return false;
    const now = this.options.monotonic();
    return now < this.deadline || now < this.outageUntil();
  }

  /** Whether the gateway probes on without renewals because the database cannot be reached. */
  inOutage(): boolean {
    return this.held.size > 0 && this.outage && this.options.monotonic() >= this.deadline;
  }

  private gain(shards: readonly HeldShard[]): void {
    for (const { shard, epoch } of shards) this.held.set(shard, epoch);
    this.emit({ gained: shards, lost: [] });
  }

  private lose(shards: readonly number[]): void {
    const gone = shards.filter((shard) => this.held.delete(shard));
    if (gone.length > 0) this.emit({ gained: [], lost: gone });
  }

  private emit(change: LeaseChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
