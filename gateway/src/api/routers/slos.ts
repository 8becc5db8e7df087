import { SloBudgetQuery } from '@aether/contract';
import { badRequest, HttpError, notFound } from '../errors.js';
import { sendCachedJson } from '../etag.js';
import { createBackgroundJson } from '../background-json.js';
import { parseQuery } from '../validate.js';
import { sloOf } from '../../slo/slo-service.js';
import type { SloReport } from '../../slo/slo-tracker.js';
import { createRouter, type RouterFactory } from './router.js';

const MAX_RANGE_MS = 400 * 86_400_000;

/**
 * SLOs over HTTP: the fleet's SLOs now (cached by the SLO service, never a scan per request)
 * and one service's remaining budget over time (from the store's hour or day rollups).
 * The list is serialized once per refresh of the SLO service (a new array every 10 s), not per
 * request, and off the request path: at 10,000 SLOs it is 2–3 MB of JSON, 20–40 ms to stringify
 * and gzip, which the first request after each refresh used to pay (and everything queued behind
 * it). Requests get the previous refresh's answer until the new one is made (background-json).
 */
export const slosRouter: RouterFactory = ({ slos, monitor, clock }) => {
  const service = () => {
    if (!slos) throw new HttpError(503, { detail: 'SLOs are not tracked in this gateway' });
    return slos;
  };
  const answers = createBackgroundJson<SloReport>({ tag: 'slos', map: sloOf });
  return createRouter()
    .get('/api/slos', async (ctx) => {
      const answer = answers.get(await service().reports());
      ctx.set('Cache-Control', 'no-cache');
      await sendCachedJson(ctx, answer instanceof Promise ? await answer : answer);
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
