import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchOptions } from '../run.js';
import type { Fleet } from './cluster-fleet.js';
import { start } from './spawn.js';
import {
  crossGatewayLatency,
  type CrossGatewayLatency,
  type StatusArrival,
} from './status-latency.js';
import { waitForLine } from './wait-for-line.js';

export interface FlipRun extends CrossGatewayLatency {
  /** Status changes the flips were to cause (each flip service down then up, each round). */
  expected: number;
  /** Times a gateway ended a stream early (a client dropped as too slow; it resumed). */
  dropped: string[];
  /**
   * The local path, one per change: arrival on the prober's own stream − the event's `since`
   * (probe, status change, SSE write, client read, with no relay in between).
   */
  fromProbeOwnStream: number[];
  /** The SSE client's own event-loop delay while the flips ran (ms): its lateness, not theirs. */
  clientLoopDelay: { p99: number; max: number };
}

/**
 * Cross-gateway SSE: one client per gateway (cluster-sse-main.ts, a process of its own) while the
 * fleet's flip services (probed every second, failAfter/recoverAfter 1) are made to fail for
 * `halfS` seconds and recover for `halfS`, `rounds` times: a known number of status changes, each
 * probed on one gateway (the target says which) and due on the other two's streams.
 */
export async function flipAndWatch(
  options: BenchOptions,
  fleet: Fleet,
  rounds: number,
  halfS = 3,
  /** Called once every stream has its snapshot, before the first flip. */
  onReady: () => Promise<void> = async () => undefined,
): Promise<FlipRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aether-bench-cluster-sse-'));
  const out = path.join(dir, 'arrivals.json');
  const watcher = start(
    path.join(options.root, 'node_modules/.bin/tsx'),
    [
      path.join(options.root, 'bench/src/lib/cluster-sse-main.ts'),
      ...fleet.gateways.flatMap((g) => ['--url', g.run.url]),
      '--prefix',
      'flip-',
      '--out',
      out,
    ],
    { cwd: options.root, stdin: true },
  );
  try {
    const connecting = performance.now();
    await waitForLine(watcher, 'ready', 120_000);
    const readyS = (performance.now() - connecting) / 1000;
    await onReady();
    options.log(
      `SSE clients have their snapshots (${readyS.toFixed(1)} s after the client started); flips start at ${new Date().toISOString()}`,
    );
    for (let round = 0; round < rounds; round++) {
      await fleet.target.fail(fleet.flipPaths);
      await sleep(halfS * 1000);
      await fleet.target.ok();
      await sleep(halfS * 1000);
    }
    watcher.process.stdin!.write('stop\n');
    await waitForLine(watcher, 'done', 30_000);
    const { arrivals, streams, loopDelay } = JSON.parse(readFileSync(out, 'utf8')) as {
      arrivals: StatusArrival[];
      streams: { url: string; ended: string; drops: number }[];
      loopDelay: { p99: number; max: number };
    };
    const last = await fleet.target.lastProbers(fleet.flipPaths);
    const proberIndex = new Map<string, number>();
    fleet.flipPaths.forEach((p, i) => {
      const index = fleet.gateways.findIndex((g) => g.id === last[p]);
      if (index >= 0) proberIndex.set(`flip-${String(i).padStart(2, '0')}`, index);
    });
    const own = new Map<string, number>();
    for (const a of arrivals) {
      const key = `${a.serviceId}\u0000${a.status}\u0000${a.since}`;
      if (proberIndex.get(a.serviceId) === a.gateway && !own.has(key)) own.set(key, a.at - a.since);
    }
    return {
      ...crossGatewayLatency(arrivals, (id) => proberIndex.get(id), fleet.gateways.length),
      fromProbeOwnStream: [...own.values()],
      clientLoopDelay: loopDelay,
      expected: rounds * fleet.flipPaths.length * 2,
      dropped: streams
        .filter((s) => s.drops > 0)
        .map((s) => `${s.url}: ${s.drops}× (last: ${s.ended})`),
    };
  } finally {
    await watcher.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
