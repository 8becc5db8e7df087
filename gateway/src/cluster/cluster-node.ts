import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { ClusterInfo, EventName, CheckResult } from '@aether/contract';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { EventBus } from '../events/bus.js';
import type { CheckOwnership, OwnershipChange } from '../monitor/types.js';
import { migrateCluster } from './cluster-schema.js';
import { EventRelay } from './event-relay.js';
import { LeaseKeeper } from './lease-keeper.js';
import { LeaseTable } from './lease-table.js';
import { memberIdOf } from './member-id.js';
import { servicesInShards, shardOf } from './shard-of.js';

export interface ClusterNodeOptions {
  pool: pg.Pool;
  /** The database URL, for the event listener's own connection. */
  url: string;
  shards: number;
  leaseTtlMs: number;
  /** This gateway's id; host-pid-random when absent. */
  id?: string;
  clock: Clock;
  events: EventBus;
  logger: Pick<Logger, 'info' | 'warn'>;
}

/** What the running gateway tells the cluster about itself, and what it does with remote news. */
export interface ClusterMemberHooks {
  /** Hash of the config it runs (the file's sha256). */
  configHash: () => string;
  /** Checks it probes now. */
  checks: () => number;
  /** The services of the config it runs (the same array until a reload): whose shards moved. */
  services?: () => readonly { id: string }[];
  /** A result probed by another gateway (the monitor follows it). */
  remoteResult?: (result: CheckResult) => void;
  /** Another gateway reloaded its config: re-read ours. */
  reload?: () => void;
}

/** GET /api/cluster's view of the cluster. */
export interface ClusterView {
  readonly self: string;
  info(): Promise<ClusterInfo>;
}

/**
 * One gateway's membership of the cluster: its shard leases (LeaseKeeper), the ownership the
 * monitor follows, the fence result writes carry, the event relay, and config reload requests.
 * Built before the stores and the monitor (they take `ownership` and `fence`); `start` runs once
 * the gateway is wired (`hooks`).
 */
export class ClusterNode implements ClusterView {
  readonly self: string;
  private readonly table: LeaseTable;
  private readonly keeper: LeaseKeeper;
  private readonly relay: EventRelay;
  /** The latest epoch held per shard, kept after a loss: late writes carry it and are refused. */
  private readonly lastEpochs = new Map<number, number>();
  private readonly ownershipListeners = new Set<(change: OwnershipChange) => void>();
  private hooks: ClusterMemberHooks = { configHash: () => '', checks: () => 0 };
  private readonly startedHost = hostname();

  constructor(private readonly options: ClusterNodeOptions) {
    this.self = options.id ?? memberIdOf();
    this.fence = {
      shardOf: (serviceId) => this.shardOf(serviceId),
      epochOf: (shard) => this.lastEpochs.get(shard) ?? 0,
      owner: this.self,
    };
    this.table = new LeaseTable(options.pool, options.shards, options.leaseTtlMs);
    this.keeper = new LeaseKeeper({
      table: this.table,
      shards: options.shards,
      ttlMs: options.leaseTtlMs,
      clock: options.clock,
      monotonic: () => performance.now(),
      logger: options.logger,
      member: () => ({
        id: this.self,
        host: this.startedHost,
        configHash: this.hooks.configHash(),
        checks: this.hooks.checks(),
      }),
    });
    this.keeper.onChange(({ gained, lost }) => {
      for (const { shard, epoch } of gained) this.lastEpochs.set(shard, epoch);
      const change = { gained: gained.map((g) => g.shard), lost };
      for (const listener of this.ownershipListeners) listener(change);
    });
    this.relay = new EventRelay({
      url: options.url,
      pool: options.pool,
      self: this.self,
      events: options.events,
      logger: options.logger,
      onRemoteEvent: (type: EventName, data: unknown) => {
        if (type === 'result') this.hooks.remoteResult?.(data as CheckResult);
      },
      onReloadRequest: () => this.hooks.reload?.(),
    });
  }

  /** The shard of a service's checks. */
  shardOf(serviceId: string): number {
    return shardOf(serviceId, this.options.shards);
  }

  /** Which checks this gateway probes: the monitor schedules only these. */
  readonly ownership: CheckOwnership = {
    // the local deadline is looked at on every probe, not only when its timer fires: a gateway
    // waking from a pause runs overdue probes before that timer gets its turn
    owns: (serviceId) =>
      this.keeper.valid() && this.keeper.epochOf(this.shardOf(serviceId)) !== undefined,
    holds: (serviceId) => this.keeper.epochOf(this.shardOf(serviceId)) !== undefined,
    onChange: (listener) => {
      this.ownershipListeners.add(listener);
      return () => this.ownershipListeners.delete(listener);
    },
    servicesIn: (shards) => {
      const services = this.hooks.services?.();
      return services && servicesInShards(services, this.options.shards, shards);
    },
    // a dead member's leases expire a ttl after its last renewal, a beat (ttl/3) later at most
    // another claims them: 4/3 ttl; the rest is room for a starved machine's slow beats
    takeoverMs: () => 3 * this.options.leaseTtlMs,
  };

  /** What result writes are fenced with (PgResultStore's ResultFence); set once self is known. */
  readonly fence: {
    shardOf(serviceId: string, checkId: string): number;
    epochOf(shard: number): number;
    /** Refused rows are counted under this gateway's id in fenced_writes. */
    readonly owner: string;
  };

  /** Creates the cluster tables (once per database) and the shard rows. */
  async migrate(): Promise<void> {
    await migrateCluster(this.options.pool, this.options.shards);
  }

  /** Joins: listens for the others' events, heartbeats, and claims shards after a jitter. */
  async start(hooks: ClusterMemberHooks): Promise<void> {
    this.hooks = hooks;
    await this.relay.start();
    await this.keeper.start();
    this.options.logger.info(
      { id: this.self, shards: this.options.shards, leaseTtlMs: this.options.leaseTtlMs },
      'joined the cluster',
    );
  }

  /** Asks the other gateways to re-read their config. */
  requestReload(): Promise<void> {
    return this.relay.requestReload();
  }

  /**
   * Whether this gateway probes on past its lease deadline because the database cannot be
   * reached (outage mode: its renewals fail; results are buffered and fenced when it is back).
   */
  inOutage(): boolean {
    return this.keeper.inOutage();
  }

  /** Shards held now. */
  heldShards(): number[] {
    return this.keeper.heldShards();
  }

  /** Leaves: stops probing every shard, releases the leases, stops relaying. */
  async stop(): Promise<void> {
    await this.keeper.stop();
    await this.relay.stop();
  }

  async info(): Promise<ClusterInfo> {
    return { self: this.self, members: await this.table.members() };
  }
}
