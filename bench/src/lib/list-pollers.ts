import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { BenchOptions } from '../run.js';
import type { Figure } from './report.js';
import type { GatewayRun } from './gateway.js';
import { sampleProcess } from './proc.js';
import { quantile } from './stats.js';
import { figure } from './figure.js';

/**
 * Dashboards polling a gateway's lists, open loop (`pollers-main.ts` in a process of its own),
 * and the figure of one such run: the list-polling bench's, and probing-postgres' on each store.
 */
export const CLIENTS = 200;
export const EVERY_MS = 500;
/** A filtered page as a dashboard view asks for it: one group of the 20 (500 services), 100 rows. */
export const FILTERED_PAGE = '/api/services?group=group-7&limit=100';

const run = promisify(execFile);

/** The dashboards' load in words, for figure names and logs. */
export const POLLING = `${CLIENTS} clients × ${1000 / EVERY_MS}/s`;

export interface Polled {
  sent: number;
  answered: number;
  non2xx: number;
  errors: number;
  latencies: number[];
  bytes: number;
  seconds: number;
  statuses: Record<string, number>;
}

/** One poller run: what it saw, and the gateway's cores meanwhile. */
export interface PollRun {
  polled: Polled;
  gatewayCores: number;
}

export async function poll(
  options: BenchOptions,
  gateway: GatewayRun,
  mode: 'changes' | 'path',
  seconds: number,
  extra: string[] = [],
): Promise<PollRun> {
  const tsx = path.join(options.root, 'node_modules', '.bin', 'tsx');
  const usage = sampleProcess(gateway.child.pid);
  usage.start();
  const { stdout } = await run(
    tsx,
    [
      path.join(options.root, 'bench/src/lib/pollers-main.ts'),
      '--url',
      gateway.url,
      '--mode',
      mode,
      '--clients',
      String(CLIENTS),
      '--every-ms',
      String(EVERY_MS),
      '--seconds',
      String(seconds),
      ...extra,
    ],
    { cwd: options.root, timeout: (seconds + 150) * 1000, maxBuffer: 64 * 2 ** 20 },
  ).catch((error: Error & { signal?: string; stderr?: string }) => {
    throw new Error(
      `pollers (${mode} ${extra.join(' ')}) failed${error.signal ? ` (${error.signal})` : ''}: ${error.stderr?.slice(0, 500) || error.message}`,
    );
  });
  const u = usage.stop();
  return {
    polled: JSON.parse(stdout.trim().split('\n').at(-1)!) as Polled,
    gatewayCores: u.cores,
  };
}

export function pollFigure(name: string, { polled, gatewayCores }: PollRun, goal: boolean): Figure {
  const p99 = quantile(polled.latencies, 0.99);
  const rate = polled.answered / polled.seconds;
  const ok = polled.non2xx === 0 && polled.errors === 0 && polled.answered === polled.sent;
  return figure(
    name,
    p99,
    'ms',
    goal ? '≤ 50 ms' : '— (reference)',
    goal ? p99 <= 50 && ok : null,
    `open loop, latency from each request's scheduled time: p50 ${quantile(polled.latencies, 0.5).toFixed(1)} ms, max ${(polled.latencies.at(-1) ?? NaN).toFixed(1)} ms; ${rate.toFixed(0)} answers/s of ${polled.sent} sent (${((polled.bytes / polled.answered) | 0).toLocaleString('en')} B each), ${polled.non2xx} non-2xx, ${polled.errors} errors; gateway ${gatewayCores.toFixed(2)} cores while probing`,
  );
}
