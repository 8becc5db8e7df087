import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Bench } from '../run.js';
import type { Figure } from '../lib/report.js';
import { startGateway } from '../lib/gateway.js';
import { startTarget } from '../lib/target.js';
import { start, type Child } from '../lib/spawn.js';
import { sampleProcess } from '../lib/proc.js';
import { quantile } from '../lib/stats.js';
import { figure } from '../lib/figure.js';
import { waitForLine } from '../lib/wait-for-line.js';

const SERVICE = 'sse-watched';

interface Done {
  count: number;
  ready: number;
  errors: number;
  arrivals: { receivedAt: number; since: number }[];
}

/**
 * N SSE clients (split over two client processes) on a gateway watching one service every
 * second; the target is then made to fail, and each client notes when the `status` event
 * (down) arrives. Latency = arrival − the event's `since` (when the failing probe ran), and,
 * for reference, arrival − the moment the target was broken (adds up to one interval).
 */
export const sse: Bench = {
  name: 'sse',
  async run(options) {
    const total = 1_000;
    const processes = 2;
    const target = await startTarget(options.root);
    const clients: Child[] = [];
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aether-bench-sse-'));
    const outFile = (p: number) => path.join(dir, `clients-${p}.json`);
    try {
      const gateway = await startGateway(options.root, {
        services: [
          {
            id: SERVICE,
            name: 'Watched by many',
            group: 'bench',
            baseUrl: `http://127.0.0.1:${target.port}`,
            checks: [
              {
                id: 'http',
                type: 'http',
                path: '/t/1',
                interval: '1s',
                timeout: '1s',
                failAfter: 1,
                recoverAfter: 1,
              },
            ],
          },
        ],
      });
      try {
        const main = path.join(options.root, 'bench/src/lib/sse-clients-main.ts');
        const tsx = path.join(options.root, 'node_modules/.bin/tsx');
        const t0 = performance.now();
        for (let p = 0; p < processes; p++) {
          clients.push(
            start(
              tsx,
              [
                main,
                '--url',
                `${gateway.url}/api/events`,
                '--count',
                String(total / processes),
                '--service',
                SERVICE,
                '--wait-ms',
                '10000',
                '--out',
                outFile(p),
              ],
              { cwd: options.root, stdin: true },
            ),
          );
        }
        await Promise.all(clients.map((c) => waitForLine(c, 'ready', 60_000)));
        options.log(
          `${total} clients connected with their snapshot in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
        );
        await new Promise((r) => setTimeout(r, 1_500)); // an up result or two first
        const usage = sampleProcess(gateway.child.pid);
        usage.start();
        const brokenAt = Date.now();
        await target.control('fail');
        for (const c of clients) c.process.stdin!.write('go\n');
        await Promise.all(clients.map((c) => waitForLine(c, 'done', 30_000)));
        const results = clients.map((_, p) => ({
          done: JSON.parse(readFileSync(outFile(p), 'utf8')) as Done,
        }));
        const u = usage.stop();
        const arrivals = results.flatMap((r) => r.done.arrivals);
        const errors = results.reduce((n, r) => n + r.done.errors, 0);
        // the gateway cannot know of the change before the target broke nor before the failing probe
        // ran (`since`; a late-running probe under load can be stamped before the break)
        const fromChange = arrivals.map((a) => a.receivedAt - Math.max(a.since, brokenAt));
        const fromBreak = arrivals.map((a) => a.receivedAt - brokenAt);
        const first = Math.min(...arrivals.map((a) => a.receivedAt));
        const spread = arrivals.map((a) => a.receivedAt - first);
        const delivered = arrivals.length;
        const figures: Figure[] = [
          figure(
            `${total} SSE clients, a status change: delivered`,
            delivered,
            'clients',
            `all ${total}`,
            delivered === total,
            `${errors} client errors`,
          ),
          figure(
            `${total} SSE clients: delivery p99 (arrival − later of status since and target broken)`,
            quantile(fromChange, 0.99),
            'ms',
            '≤ 500 ms',
            delivered === total && quantile(fromChange, 0.99) <= 500,
            `p50 ${quantile(fromChange, 0.5).toFixed(0)} ms, max ${Math.max(...fromChange).toFixed(0)} ms; first to last client ${Math.max(...spread).toFixed(0)} ms (p99 ${quantile(spread, 0.99).toFixed(0)} ms); gateway ${u.cores.toFixed(2)} cores while delivering`,
          ),
          figure(
            `${total} SSE clients: arrival − target broken, p99`,
            quantile(fromBreak, 0.99),
            'ms',
            '— (adds up to the 1 s interval)',
            null,
            `p50 ${quantile(fromBreak, 0.5).toFixed(0)} ms`,
          ),
        ];
        return figures;
      } finally {
        await Promise.all(clients.map((c) => c.stop()));
        await gateway.stop();
      }
    } finally {
      await target.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
