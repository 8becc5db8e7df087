import type { BenchOptions } from '../run.js';
import { startGateway, type GatewayRun } from './gateway.js';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres.js';
import { startRecordingTarget, type RecordingTarget } from './recording-target.js';

export const GATEWAY_IDS = ['gw-1', 'gw-2', 'gw-3'];

export interface FleetOptions {
  checks: number;
  intervalS: number;
  leaseTtlS: number;
  /** Services `flip-NN` probed every second (failAfter 1, recoverAfter 1) on path /flip/NN. */
  flips?: number;
}

/**
 * The size both cluster benches run at: the full run is the figure, 30,000 checks at 30 s
 * (1,000 probes/s; AETHER_BENCH_CLUSTER_CHECKS to change it), --quick a small one.
 */
export function clusterSize(options: BenchOptions): Omit<FleetOptions, 'flips'> {
  return options.quick
    ? { checks: 600, intervalS: 5, leaseTtlS: 6 }
    : {
        checks: Number(process.env.AETHER_BENCH_CLUSTER_CHECKS ?? 30_000),
        intervalS: 30,
        leaseTtlS: 15,
      };
}

export interface Fleet {
  pg: PrivatePostgres;
  target: RecordingTarget;
  gateways: { id: string; run: GatewayRun }[];
  /** Paths of the flip services, in order. */
  flipPaths: string[];
  /** Seconds from nothing to three gateways answering /ready. */
  startSeconds: number;
  /** performance.now() when the gateways were started (a CPU profile's time 0, near enough). */
  startedAt: number;
  stop(): Promise<void>;
}

/**
 * Three gateways (the built CLI, each its own process) on a Postgres server of the bench's own,
 * probing the recording target (its own process). Every check sends `x-gateway:
 * ${AETHER_GATEWAY_ID}` so the target knows who probed what.
 */
export async function startClusterFleet(
  options: BenchOptions,
  fleet: FleetOptions,
): Promise<Fleet> {
  const t0 = performance.now();
  const pg = await startPrivatePostgres();
  let startedAt = performance.now();
  let target: RecordingTarget | undefined;
  const gateways: Fleet['gateways'] = [];
  const stop = async () => {
    for (const g of gateways.splice(0)) await g.run.stop().catch(() => undefined);
    await target?.stop();
    pg.destroy();
  };
  try {
    // the target runs in a process of its own: at 1,000 probes/s the bench's loop must not be the limit
    target = await startRecordingTarget(options.root);
    const baseUrl = `http://127.0.0.1:${target.port}`;
    const headers = { 'x-gateway': '${AETHER_GATEWAY_ID}' };
    const flipPaths = Array.from({ length: fleet.flips ?? 0 }, (_, i) => `/flip/${i}`);
    const config = {
      // the SSE client may lag a second or two behind 1,000 results/s on a loaded machine: the
      // largest backlog allowed before the gateway drops it (it resumes with Last-Event-ID anyway)
      server: { concurrency: 256, events: { backlogBytes: 1_048_576 } },
      cluster: { shards: 1024, leaseTtl: `${fleet.leaseTtlS}s` },
      services: [
        ...Array.from({ length: fleet.checks }, (_, i) => ({
          id: `s${String(i).padStart(5, '0')}`,
          name: `Service ${i}`,
          baseUrl,
          checks: [
            {
              id: 'http',
              type: 'http',
              path: `/t/${i}`,
              interval: `${fleet.intervalS}s`,
              timeout: '2s',
              headers,
            },
          ],
        })),
        ...flipPaths.map((path, i) => ({
          id: `flip-${String(i).padStart(2, '0')}`,
          name: `Flip ${i}`,
          group: 'flip',
          baseUrl,
          checks: [
            {
              id: 'http',
              type: 'http',
              path,
              interval: '1s',
              timeout: '1s',
              failAfter: 1,
              recoverAfter: 1,
              headers,
            },
          ],
        })),
      ],
    };
    // all three at once, as a rollout would: the lease keeper must spread them without a herd
    startedAt = performance.now();
    const started = await Promise.allSettled(
      GATEWAY_IDS.map((id) =>
        startGateway(options.root, config, {
          env: { AETHER_DATABASE_URL: pg.url, AETHER_GATEWAY_ID: id },
          // three gateways loading 30,000 services each at once took over 120 s at load 26
          readyTimeoutMs: 300_000,
          // AETHER_BENCH_CPU_PROF: the first gateway only (it probes and relays like the others)
          cpuProfile: id === GATEWAY_IDS[0],
        }),
      ),
    );
    started.forEach((s, i) => {
      if (s.status === 'fulfilled') gateways.push({ id: GATEWAY_IDS[i]!, run: s.value });
    });
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    return {
      pg,
      target,
      gateways,
      flipPaths,
      startSeconds: (performance.now() - t0) / 1000,
      startedAt,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
