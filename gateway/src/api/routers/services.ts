import { z } from 'zod';
import { HistoryQuery, VerifyRequest, type VerifyResponse } from '@aether/contract';
import { badRequest, notFound } from '../errors.js';
import { parseBody, parseQuery } from '../validate.js';
import { resolveHistoryRange } from '../history-range.js';
import { createServicesCache } from '../services-cache.js';
import { ifNoneMatchHits } from '../etag.js';
import { createRouter, type RouterFactory } from './router.js';

const IncidentQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** Services: the list (cached, with ETag), one service, its history and incidents, and verify-now. */
export const servicesRouter: RouterFactory = (deps, runtime) => {
  const { monitor } = deps;
  const list = createServicesCache({ monitor, events: deps.events, clock: deps.clock });
  runtime.onClose(list.close);

  const serviceOr404 = (id: string) => {
    const service = monitor.getService(id);
    if (!service) throw notFound(`No service with id "${id}"`);
    return service;
  };

  return createRouter()
    .get('/api/services', (ctx) => {
      const { body, etag, gzipped } = list.get();
      ctx.set('ETag', etag);
      ctx.set('Cache-Control', 'no-cache');
      ctx.vary('Accept-Encoding');
      if (ifNoneMatchHits(ctx.get('if-none-match'), etag)) {
        ctx.status = 304;
        return;
      }
      ctx.type = 'application/json';
      if (ctx.acceptsEncodings('gzip', 'identity') === 'gzip') {
        ctx.set('Content-Encoding', 'gzip');
        ctx.body = gzipped();
      } else {
        ctx.body = body;
      }
    })
    .get('/api/services/:id', (ctx) => {
      ctx.body = serviceOr404(ctx.params.id!);
    })
    .get('/api/services/:id/history', async (ctx) => {
      const query = parseQuery(ctx, HistoryQuery);
      const service = serviceOr404(ctx.params.id!);
      if (query.check !== undefined && !service.checks.some((c) => c.id === query.check)) {
        throw notFound(`Service "${service.id}" has no check "${query.check}"`);
      }
      const range = resolveHistoryRange(query, deps.clock.now());
      ctx.body = await monitor.history(service.id, {
        ...range,
        ...(query.check !== undefined ? { checkId: query.check } : {}),
      });
    })
    .get('/api/services/:id/incidents', async (ctx) => {
      const { limit } = parseQuery(ctx, IncidentQuery);
      const service = serviceOr404(ctx.params.id!);
      ctx.body = await monitor.incidents(service.id, limit);
    })
    .post('/api/verify', async (ctx) => {
      const request = parseBody(ctx, VerifyRequest);
      const known = new Set(monitor.listServices().map((s) => s.id));
      const unknown = (request.services ?? []).flatMap((id, i) =>
        known.has(id) ? [] : [{ id, i }],
      );
      if (unknown.length) {
        throw badRequest(
          `Unknown service: ${unknown.map((u) => u.id).join(', ')}`,
          unknown.map(({ id, i }) => ({
            path: `body.services[${i}]`,
            message: `no service with id "${id}"`,
          })),
        );
      }
      const results = await monitor.verify(request);
      const body: VerifyResponse = { ok: results.every((r) => r.success), results };
      ctx.body = body;
    });
};
