import { setTimeout as sleep } from 'node:timers/promises';
import type { Bench } from '../run.js';
import type { Figure } from '../lib/report.js';
import { startGateway, loadConfig } from '../lib/gateway.js';
import { startTarget } from '../lib/target.js';
import { figure } from '../lib/figure.js';
import {
  CLIENTS,
  EVERY_MS,
  FILTERED_PAGE,
  POLLING,
  poll,
  pollFigure,
} from '../lib/list-pollers.js';

const CHECKS = 10_000;

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
        `GET /api/services/changes?since=, ${POLLING}, while probing ${CHECKS.toLocaleString('en')} checks: p99`,
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
