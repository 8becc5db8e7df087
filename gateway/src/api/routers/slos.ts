import { randomBytes } from 'node:crypto';
import { constants, gzipSync } from 'node:zlib';
import { SloBudgetQuery, type Slo } from '@aether/contract';
import { badRequest, HttpError, notFound } from '../errors.js';
import { sendCachedJson, type CachedJson } from '../etag.js';
import { parseQuery } from '../validate.js';
import { createRouter, type RouterFactory } from './router.js';

const MAX_RANGE_MS = 400 * 86_400_000;

/**
 * SLOs over HTTP: the fleet's SLOs now (cached by the SLO service, never a scan per request)
 * and one service's remaining budget over time (from the store's hour or day rollups).
 * The list is serialized once per refresh of the SLO service (a new array every 10 s), not per
 * request: at 10,000 SLOs it is 2–3 MB of JSON, 20–40 ms to stringify, which a fleet of panels
 * polling it would pay on every call.
 */
export const slosRouter: RouterFactory = ({ slos, monitor, clock }) => {
  const service = () => {
    if (!slos) throw new HttpError(503, { detail: 'SLOs are not tracked in this gateway' });
    return slos;
  };
  const bootId = randomBytes(6).toString('base64url');
  let builds = 0;
  const serialized = new WeakMap<readonly Slo[], CachedJson>();
  const serialize = (list: readonly Slo[]): CachedJson => {
    let built = serialized.get(list);
    if (!built) {
      const body = Buffer.from(JSON.stringify(list));
      let gzipped: Buffer | undefined;
      built = {
        body,
        etag: `"slos-${bootId}-${++builds}"`,
        // level 1, made on first use: most of the size win for a fraction of the CPU
        gzipped: () => (gzipped ??= gzipSync(body, { level: constants.Z_BEST_SPEED })),
      };
      serialized.set(list, built);
    }
    return built;
  };
  return createRouter()
    .get('/api/slos', (ctx) => {
      ctx.set('Cache-Control', 'no-cache');
      sendCachedJson(ctx, serialize(service().list()));
    })
    .get('/api/services/:id/slo', async (ctx) => {
      const query = parseQuery(ctx, SloBudgetQuery);
      const id = ctx.params.id!;
      const toMs = query.to ? Date.parse(query.to) : clock.now();
      const fromMs = query.from ? Date.parse(query.from) : undefined;
      if (fromMs !== undefined && fromMs >= toMs)
        throw badRequest('from must be before to', [
          { path: 'query.from', message: 'must be before to' },
        ]);
      if (fromMs !== undefined && toMs - fromMs > MAX_RANGE_MS)
        throw badRequest('The range is longer than 400 days', [
          { path: 'query.from', message: 'at most 400 days before to' },
        ]);
      const series = await service().budget(id, fromMs, toMs);
      if (!series)
        throw notFound(
          monitor.getService(id)
            ? `Service "${id}" has no slo in the config`
            : `Unknown service "${id}"`,
        );
      ctx.set('Cache-Control', 'no-store');
      ctx.body = series;
    });
};
