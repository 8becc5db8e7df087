import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Bench, BenchOptions } from '../run.js';
import type { Figure } from '../lib/report.js';
import { startGateway, loadConfig, type GatewayRun } from '../lib/gateway.js';
import { startTarget } from '../lib/target.js';
import { sampleProcess } from '../lib/proc.js';
import { quantile } from '../lib/stats.js';
import { figure } from '../lib/figure.js';

const run = promisify(execFile);

const CHECKS = 10_000;
const CLIENTS = 200;
const EVERY_MS = 500;
/** A filtered page as a dashboard view asks for it: one group of the 20 (500 services), 100 rows. */
const FILTERED_PAGE = '/api/services?group=group-7&limit=100';

interface Polled {
  sent: number;
  answered: number;
  non2xx: number;
  errors: number;
  latencies: number[];
  bytes: number;
  seconds: number;
  statuses: Record<string, number>;
}

async function poll(
  options: BenchOptions,
  gateway: GatewayRun,
  mode: 'changes' | 'path',
  seconds: number,
  extra: string[] = [],
): Promise<{ polled: Polled; gatewayCores: number }> {
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

function pollFigure(
  name: string,
  { polled, gatewayCores }: { polled: Polled; gatewayCores: number },
  goal: boolean,
): Figure {
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

/**
 * Issue 16: 200 dashboards polling twice a second each (400 requests/s, open loop) while the
 * gateway probes 10,000 checks at 10 s: `changes?since=` (goal p99 ≤ 50 ms), a filtered page of
 * 100 (same goal), and the whole list (gzip accepted) for reference.
 */
export const listPolling: Bench = {
  name: 'list-polling',
  async run(options) {
    const warmup = options.quick ? 11_000 : 25_000;
    const seconds = options.quick ? 6 : 20;
    options.log(
      `${CHECKS} checks at 10 s: per kind a fresh gateway, warm-up ${warmup / 1000}s, then ${CLIENTS} clients every ${EVERY_MS} ms for ${seconds}s`,
    );
    const kinds: [string, 'changes' | 'path', string[], boolean][] = [
      [
        `GET /api/services/changes?since=, ${CLIENTS} clients × 2/s, while probing ${CHECKS.toLocaleString('en')} checks: p99`,
        'changes',
        [],
        true,
      ],
      [`GET ${FILTERED_PAGE}, same rate: p99`, 'path', ['--path', FILTERED_PAGE], true],
      [
        'GET /api/services (whole list, gzip), same rate: p99',
        'path',
        ['--path', '/api/services', '--gzip'],
        false,
      ],
    ];
    const target = await startTarget(options.root, 0);
    const figures: Figure[] = [];
    try {
      // a fresh gateway per kind: a kind the gateway cannot keep up with leaves a backlog that
      // would otherwise land on the next kind's figures
      for (const [name, mode, extra, goal] of kinds) {
        try {
          const gateway = await startGateway(options.root, loadConfig(CHECKS, target.port));
          try {
            await sleep(warmup);
            figures.push(
              pollFigure(name, await poll(options, gateway, mode, seconds, extra), goal),
            );
          } finally {
            await gateway.stop();
          }
        } catch (error) {
          options.log(`${name}: ${(error as Error).message}`);
          figures.push(
            figure(name, Number.NaN, 'ms', goal ? '≤ 50 ms' : '—', null, (error as Error).message),
          );
        }
      }
      return figures;
    } finally {
      await target.stop();
    }
  },
};
