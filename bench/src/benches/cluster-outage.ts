import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Bench, BenchOptions } from '../run.js';
import type { Figure } from '../lib/report.js';
import { figure } from '../lib/figure.js';
import { clusterSize, startClusterFleet, type Fleet } from '../lib/cluster-fleet.js';
import { readyDuringOutage, type Answer } from '../lib/outage-answers.js';
import { parsePrometheus, sum } from '../lib/prometheus.js';

const OUTAGE_S = 30;

async function psqlText(url: string, sql: string): Promise<string> {
  const { stdout } = await promisify(execFile)('psql', [
    '-At',
    '-v',
    'ON_ERROR_STOP=1',
    '-c',
    sql,
    url,
  ]);
  return stdout.trim().split('\n').join(', ');
}

/** A single number asked of the database (one row, one column). */
async function psql(url: string, sql: string): Promise<number> {
  return Number(await psqlText(url, sql));
}

/** Every `everyMs`, GET /ready and /api/services?limit=1 of each gateway, until stopped. */
function pollGateways(fleet: Fleet, everyMs = 500) {
  const answers: Answer[] = [];
  let running = true;
  const ask = async (gateway: number, path: string, kind: Answer['kind']) => {
    const at = Date.now();
    let status = 0; // no answer at all
    try {
      const res = await fetch(`${fleet.gateways[gateway]!.run.url}${path}`, {
        signal: AbortSignal.timeout(5_000),
      });
      status = res.status;
      await res.arrayBuffer();
    } catch {
      // counted as status 0
    }
    answers.push({ gateway, kind, at, status });
  };
  const loop = (async () => {
    while (running) {
      await Promise.all(
        fleet.gateways.flatMap((_, g) => [
          ask(g, '/ready', 'ready'),
          ask(g, '/api/services?limit=1', 'services'),
        ]),
      );
      await sleep(everyMs);
    }
  })();
  return {
    answers,
    async stop() {
      running = false;
      await loop;
    },
  };
}

/**
 * Three gateways on a Postgres server of the bench's own; after a warm-up the server is stopped
 * (`pg_ctl stop -m fast`: connections cut) for 30 s and started again. Meanwhile /ready and
 * /api/services of each gateway are asked twice a second and the target counts the probes it
 * answers; afterwards the raw rows stamped inside the outage are counted in the database.
 */
export const clusterOutage: Bench = {
  name: 'cluster-outage',
  async run(options: BenchOptions): Promise<Figure[]> {
    const { checks, intervalS, leaseTtlS } = clusterSize(options);
    options.log(
      `${checks} checks at ${intervalS} s on 3 gateways + a private Postgres (leaseTtl ${leaseTtlS} s), Postgres stopped for ${OUTAGE_S} s`,
    );
    const fleet = await startClusterFleet(options, { checks, intervalS, leaseTtlS });
    const { gateways, target, pg } = fleet;
    const poller = pollGateways(fleet);
    try {
      options.log(`started in ${fleet.startSeconds.toFixed(1)} s`);
      await sleep((leaseTtlS / 3) * 2000 + intervalS * 1000);
      // the rate before the stop, to read the outage's against (a starved fleet probes less anyway)
      const baseline0 = await target.openWindow();
      const baselineFrom = Date.now();
      await sleep(intervalS * 1000);
      const { probes: baseline1 } = await target.window();
      const baselineRate = (baseline1 - baseline0) / ((Date.now() - baselineFrom) / 1000);
      const held = await psqlText(
        pg.url,
        "SELECT coalesce(owner, 'nobody') || ' ' || count(*) FROM shard_leases GROUP BY owner ORDER BY 1",
      ).catch((error: Error) => error.message.slice(0, 200));

      await pg.stop();
      const stoppedAt = Date.now();
      const probes0 = await target.openWindow();
      options.log('Postgres stopped');
      // each gateway's own probe counter every 5 s (/metrics needs no database): which of them
      // kept probing, and until when
      const counts = async () =>
        Promise.all(
          gateways.map(async (g) => {
            try {
              const res = await fetch(`${g.run.url}/metrics`, {
                signal: AbortSignal.timeout(4000),
              });
              return sum(parsePrometheus(await res.text()), 'aether_probes_total');
            } catch {
              return NaN;
            }
          }),
        );
      const steps: number[][] = [await counts()];
      while (Date.now() < stoppedAt + OUTAGE_S * 1000) {
        await sleep(Math.min(5000, stoppedAt + OUTAGE_S * 1000 - Date.now()));
        steps.push(await counts());
      }
      const perGateway = gateways.map(
        (g, i) =>
          `${g.id} ${steps
            .slice(1)
            .map((step, k) => step[i]! - steps[k]![i]!)
            .join(', ')}`,
      );
      const { probes: probes1 } = await target.window();
      const restartAt = Date.now();
      await pg.start();
      const startedAt = Date.now();
      options.log(`Postgres started again (${((startedAt - restartAt) / 1000).toFixed(1)} s)`);

      // until every gateway is ready again and the rows of the outage stop coming
      // rows are compared with the probes the target saw over the whole seconds inside the
      // outage, 2 s from either end: a row is stamped when its probe starts, the target counts
      // it when it arrives, and right at the stop the gateways are busy with failing queries
      const from = Math.ceil((stoppedAt + 2000) / 1000) * 1000;
      const to = Math.floor((restartAt - 2000) / 1000) * 1000;
      const since = `ts >= ${from} AND ts < ${to}`;
      const outage = `ts >= ${stoppedAt} AND ts < ${restartAt}`;
      let rows = 0;
      let rowsSettledAt = startedAt;
      let allReadyAt = NaN;
      let countError = '';
      const deadline = startedAt + 180_000;
      for (let same = 0; Date.now() < deadline && (same < 3 || Number.isNaN(allReadyAt));) {
        await sleep(2_000);
        if (Number.isNaN(allReadyAt)) {
          const latest = gateways.map((_, g) =>
            poller.answers.findLast((a) => a.gateway === g && a.kind === 'ready'),
          );
          if (latest.every((a) => a && a.at > startedAt && a.status === 200))
            allReadyAt = Math.max(...latest.map((a) => a!.at));
        }
        const now = await psql(pg.url, `SELECT count(*) FROM results_raw WHERE ${since}`).catch(
          (error: Error) => {
            countError = error.message.slice(0, 200);
            return rows;
          },
        );
        if (now === rows) same++;
        else {
          same = 0;
          rows = now;
          rowsSettledAt = Date.now();
        }
      }
      await poller.stop();
      const arrived = await target.arrivals(from, to);
      // where rows are missing, if any: the outage in 5 s steps, rows written vs probes due
      const perStep = await promisify(execFile)('psql', [
        '-At',
        '-c',
        `SELECT (ts - ${stoppedAt}) / 5000 * 5 AS s, count(*) FROM results_raw WHERE ${outage} GROUP BY 1 ORDER BY 1`,
        pg.url,
      ]).then(
        ({ stdout }) =>
          stdout
            .trim()
            .split('\n')
            .filter(Boolean)
            .map((line) => line.replace('|', ' s: ') + ' rows'),
        () => [],
      );
      const exited = gateways.filter((g) => g.run.child.process.exitCode !== null);
      const probed = probes1 - probes0;
      const expected = (checks / intervalS) * ((restartAt - stoppedAt) / 1000);
      const ready = readyDuringOutage(poller.answers, gateways.length, stoppedAt, restartAt);
      const servicesDuring = poller.answers.filter(
        (a) => a.kind === 'services' && a.at >= stoppedAt && a.at < restartAt,
      );
      const servicesFailed = servicesDuring.filter((a) => a.status !== 200).length;

      const conditions = `${checks.toLocaleString('en')} checks at ${intervalS} s, 3 gateways, Postgres stopped for ${OUTAGE_S} s`;
      return [
        figure(
          `${conditions}: gateways that exited`,
          exited.length,
          'gateways',
          '0',
          exited.length === 0,
          exited.map((g) => `${g.id}: ${g.run.child.output().slice(-300)}`).join('; ') || undefined,
        ),
        figure(
          `${conditions}: probes during the outage`,
          (probed / expected) * 100,
          '%',
          '≥ 99 %',
          probed >= 0.99 * expected,
          `${probed.toLocaleString('en')} probes answered by the target in ${((restartAt - stoppedAt) / 1000).toFixed(1)} s, expected ${Math.round(expected).toLocaleString('en')} (leaseTtl ${leaseTtlS} s: past it the gateways probe on in outage mode); before the stop ${baselineRate.toFixed(0)} probes/s, shards held: ${held}`,
        ),
        figure(
          `${conditions}: results of the outage written after it`,
          (rows / arrived) * 100,
          '% of probes',
          'all (≥ 99.5 %)',
          rows >= 0.995 * arrived,
          `${rows.toLocaleString('en')} raw rows stamped from ${((from - stoppedAt) / 1000).toFixed(1)} s to ${((to - stoppedAt) / 1000).toFixed(1)} s after the stop, ${arrived.toLocaleString('en')} probes arrived at the target in those seconds (a row is stamped when its probe starts, the target counts it when it arrives: a probe in flight at either edge falls on one side only); the last row written ${((rowsSettledAt - startedAt) / 1000).toFixed(1)} s after Postgres was back; per 5 s of the whole outage below (${Math.round((checks / intervalS) * 5)} due a step)${countError ? `; counting failed: ${countError}` : ''}`,
          [
            ...(perStep.length
              ? [`rows of the outage per 5 s from the stop: ${perStep.join(', ')}`]
              : []),
            `probes per 5 s of the outage by each gateway's own counter: ${perGateway.join('; ')}`,
          ],
        ),
        figure(
          `${conditions}: /ready answers not 503 during the outage, after each gateway's first 503`,
          ready.notUnavailable,
          'answers',
          '0',
          ready.notUnavailable === 0 && ready.detectedMs.every(Number.isFinite),
          `${ready.answers} answers; first 503 ${ready.detectedMs.map((ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'never')).join(', ')} after the stop`,
        ),
        figure(
          `${conditions}: all 3 gateways /ready 200 again after Postgres started`,
          (allReadyAt - startedAt) / 1000,
          's',
          '200 on all 3',
          Number.isFinite(allReadyAt),
          `Postgres took ${((startedAt - restartAt) / 1000).toFixed(1)} s to start; /ready asked every 0.5 s`,
        ),
        figure(
          `${conditions}: GET /api/services answers not 200 during the outage`,
          servicesFailed,
          'answers',
          '0',
          servicesFailed === 0,
          `${servicesDuring.length} answers (the monitor's state in memory)`,
        ),
      ];
    } finally {
      await poller.stop();
      await fleet.stop();
    }
  },
};
