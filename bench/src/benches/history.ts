import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import type { Bench } from '../run.js';
import type { Figure } from '../lib/report.js';
import { startGateway } from '../lib/gateway.js';
import { startTarget } from '../lib/target.js';
import {
  loadGatewayStore,
  ManualClock,
  mulberry32,
  syntheticResult,
} from '../lib/gateway-store.js';
import { figure } from '../lib/figure.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SERVICE = 'history-1y';
/**
 * A year of hour rollups: the default retention keeps 60 days of them (sized for 10,000 checks
 * under 2 GB), so a fleet that wants the 1 y range sets storage.retention.hourly — as this one
 * does, in the seeding store and in the gateway's config alike. With the default, the year query
 * would read 60 days of rows and the figure would flatter the code.
 */
const RETENTION = { rawMs: 48 * HOUR, minuteMs: 30 * DAY, hourMs: 400 * DAY };
const CONFIG_RETENTION = { raw: '48h', rollup: '30d', hourly: '400d' };
/** Points of the answer that must hold data: a year at the widened 12 h step is 731, minus the edges. */
const MIN_POINTS_WITH_DATA = 700;
/** Days of the year at step=1d that must hold data (365, minus the edges). */
const MIN_DAILY_POINTS_WITH_DATA = 360;

/**
 * Seeds a year of one check's results through the gateway's own SqliteResultStore (results
 * stamped in the past, the clock moved by hand, flushed every simulated hour and pruned every
 * simulated day with RETENTION), so the file holds what a year of running leaves: hour rollups
 * for the year, minute rollups for 30 days, raw rows for 48 hours.
 */
async function seedYear(
  root: string,
  dbPath: string,
  everyMs: number,
  nowMs: number,
): Promise<{ results: number; seconds: number }> {
  const { openDatabase, SqliteResultStore } = await loadGatewayStore();
  const t0 = performance.now();
  const db = openDatabase(dbPath);
  const clock = new ManualClock(nowMs - 365 * DAY);
  const store = new SqliteResultStore(db, { clock, batchSize: 5_000, retention: RETENTION });
  const random = mulberry32(42);
  let results = 0;
  let nextFlush = clock.current + HOUR;
  let nextPrune = clock.current + DAY;
  for (let ts = nowMs - 365 * DAY; ts < nowMs; ts += everyMs) {
    clock.current = ts;
    store.recordResult(syntheticResult(SERVICE, 'http', ts, random));
    results++;
    if (ts >= nextFlush) {
      await store.flush();
      nextFlush += HOUR;
    }
    if (ts >= nextPrune) {
      await store.prune(ts);
      nextPrune += DAY;
    }
  }
  clock.current = nowMs;
  await store.flush();
  await store.prune(nowMs);
  await store.close();
  db.close();
  return { results, seconds: (performance.now() - t0) / 1000 };
}

/** GET /api/services/:id/history for one year at an hourly and a daily step, on a year of seeded data. */
export const history: Bench = {
  name: 'history',
  async run(options) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aether-bench-history-'));
    const dbPath = path.join(dir, 'aether.db');
    // the hour rollups a year query reads are the same whatever the probe interval; a finer
    // interval only makes seeding (and the 48 h of raw rows) slower
    const everyMs = options.quick ? 300_000 : 60_000;
    const now = Date.now();
    const seeded = await seedYear(options.root, dbPath, everyMs, now);
    options.log(
      `seeded ${seeded.results} results (one every ${everyMs / 1000} s for a year) in ${seeded.seconds.toFixed(1)} s`,
    );
    const target = await startTarget(options.root);
    try {
      const gateway = await startGateway(
        options.root,
        {
          storage: { retention: CONFIG_RETENTION },
          services: [
            {
              id: SERVICE,
              name: 'A year of history',
              group: 'bench',
              baseUrl: `http://127.0.0.1:${target.port}`,
              checks: [{ id: 'http', type: 'http', path: '/t/1', interval: '10s' }],
            },
          ],
        },
        { dbPath },
      );
      try {
        const to = new Date(now).toISOString();
        const from = new Date(now - 365 * DAY).toISOString();
        const url = `${gateway.url}/api/services/${SERVICE}/history?check=http&from=${from}&to=${to}&step=1h`;
        const sample = (await (await fetch(url)).json()) as {
          stepMs: number;
          points: { count: number }[];
        };
        const withData = sample.points.filter((p) => p.count > 0).length;
        options.log(
          `${sample.points.length} points (${withData} with data), step ${sample.stepMs / HOUR} h`,
        );
        if (withData < MIN_POINTS_WITH_DATA)
          throw new Error(
            `only ${withData} points of the answer hold data: the seeded year is not all there`,
          );
        const duration = options.quick ? 3 : 15;
        // one client asking in turn is what a person opening the 1 y range does; ten at once shows
        // how answers queue on the gateway's single thread (reported beside it, without a goal)
        const single = await autocannon({ url, connections: 1, duration });
        const ten = await autocannon({ url, connections: 10, duration });
        const shape = `${sample.points.length} points at a ${sample.stepMs / HOUR} h step (the API caps an answer at 1,000 points, so step=1h over a year is widened; the store still reads all 8,760 hour rollups), ${withData} with data; storage.retention.hourly 400d (the default keeps 60 days)`;
        // the daily tier (storage.retention.daily, 400 d by default): what the 1 y range reads at
        // a 1 d step, and the figure (10 connections, ≤ 50 ms)
        const dailyUrl = `${gateway.url}/api/services/${SERVICE}/history?check=http&from=${from}&to=${to}&step=1d`;
        const daily = (await (await fetch(dailyUrl)).json()) as {
          stepMs: number;
          points: { count: number }[];
        };
        const dailyWithData = daily.points.filter((p) => p.count > 0).length;
        options.log(
          `step=1d: ${daily.points.length} points (${dailyWithData} with data), step ${daily.stepMs / DAY} d`,
        );
        if (dailyWithData < MIN_DAILY_POINTS_WITH_DATA)
          throw new Error(
            `only ${dailyWithData} daily points hold data: the daily tier is not there`,
          );
        const tenDaily = await autocannon({ url: dailyUrl, connections: 10, duration });
        const figures: Figure[] = [
          figure(
            'GET /api/services/:id/history, 1 year at step=1d (daily tier), 10 connections: p99',
            tenDaily.latency.p99,
            'ms',
            '≤ 50 ms',
            tenDaily.latency.p99 <= 50 && tenDaily.non2xx === 0,
            `${daily.points.length} points, ${dailyWithData} with data; p50 ${tenDaily.latency.p50} ms, ${Math.round(tenDaily.requests.average)} req/s, ${tenDaily.non2xx} non-2xx`,
          ),
          figure(
            'GET /api/services/:id/history, 1 year at step=1h, 1 connection: p99',
            single.latency.p99,
            'ms',
            '≤ 50 ms',
            single.latency.p99 <= 50 && single.non2xx === 0,
            `${shape}; p50 ${single.latency.p50} ms, ${Math.round(single.requests.average)} req/s, ${single.non2xx} non-2xx`,
          ),
          figure(
            'GET /api/services/:id/history, 1 year, 10 connections: p99',
            ten.latency.p99,
            'ms',
            '— (queueing, for reference)',
            null,
            `p50 ${ten.latency.p50} ms, ${Math.round(ten.requests.average)} req/s, ${ten.non2xx} non-2xx`,
          ),
        ];
        return figures;
      } finally {
        await gateway.stop();
      }
    } finally {
      await target.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
