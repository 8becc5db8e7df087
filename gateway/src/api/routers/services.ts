import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  decodeServiceCursor,
  encodeServiceCursor,
  HistoryQuery,
  type History,
  ServiceChangesQuery,
  ServiceListQuery,
  VerifyRequest,
  type FleetSummary,
  type ServiceChanges,
  type VerifyResponse,
} from '@aether/contract';
import { badRequest, HttpError, notFound } from '../errors.js';
import { parseBody, parseQuery } from '../validate.js';
import { resolveHistoryRange } from '../history-range.js';
import { createServiceRevisions } from '../service-revisions.js';
import { createServicesCache } from '../services-cache.js';
import { createFleetSummary } from '../fleet-summary.js';
import { ifNoneMatchHits, sendCachedJson } from '../etag.js';
import { createRouter, type RouterFactory } from './router.js';

const IncidentQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** A short tag of a query string, so each page of one list build has its own ETag. */
const queryTag = (querystring: string) =>
  createHash('sha256').update(querystring).digest('base64url').slice(0, 16);

/**
 * Services: the list (cached, with ETag and revision; filters and pages), its changes since a
 * revision and the fleet summary, one service, its history and incidents, and verify-now.
 */
export const servicesRouter: RouterFactory = (deps, runtime) => {
  const { monitor } = deps;
  const list = createServicesCache({ monitor, events: deps.events, clock: deps.clock });
  runtime.onClose(list.close);
  const revisions = createServiceRevisions({ monitor, events: deps.events, clock: deps.clock });
  runtime.onClose(revisions.close);
  const summary = createFleetSummary({ monitor, events: deps.events, clock: deps.clock });
  runtime.onClose(summary.close);

  const serviceOr404 = (id: string) => {
    const service = monitor.getService(id);
    if (!service) throw notFound(`No service with id "${id}"`);
    return service;
  };

  return createRouter()
    .get('/api/services', async (ctx) => {
      const query = parseQuery(ctx, ServiceListQuery);
      const built = list.get();
      ctx.set('X-Aether-Revision', String(revisions.current));
      ctx.set('Cache-Control', 'no-cache');
      if (Object.keys(query).length > 0) {
        const start = query.cursor === undefined ? 0 : decodeServiceCursor(query.cursor);
        if (start === undefined)
          throw badRequest('cursor is not one this gateway made', [
            { path: 'query.cursor', message: 'use the cursor of a Link rel="next" header' },
          ]);
        // a page changes exactly when the whole list does: the list's tag, qualified by the query
        const etag = `${built.etag.slice(0, -1)}-${queryTag(ctx.querystring)}"`;
        ctx.set('ETag', etag);
        if (ifNoneMatchHits(ctx.get('if-none-match'), etag)) {
          ctx.status = 304;
          return;
        }
        const page = built.page(query, start, query.limit ?? Number.MAX_SAFE_INTEGER);
        if (page.next !== null) {
          const next = new URLSearchParams(ctx.querystring);
          next.set('cursor', encodeServiceCursor(page.next));
          ctx.set('Link', `</api/services?${next.toString()}>; rel="next"`);
        }
        ctx.type = 'application/json';
        ctx.body = page.body;
        return;
      }
      await sendCachedJson(ctx, built);
    })
    .get('/api/services/changes', (ctx) => {
      const { since } = parseQuery(ctx, ServiceChangesQuery);
      const outcome = revisions.changesSince(since, list.get().services);
      ctx.set('X-Aether-Revision', String(outcome.revision));
      if (outcome.kind === 'expired') {
        throw new HttpError(410, {
          code: 'revision-expired',
          title: 'Revision expired',
          detail: `Changes since revision ${since} are not kept (now ${outcome.revision}); list again`,
          headers: { 'X-Aether-Revision': String(outcome.revision) },
        });
      }
      const body: ServiceChanges = {
        revision: outcome.revision,
        changed: outcome.changed,
        removed: outcome.removed,
      };
      ctx.body = body;
    })
    .get('/api/summary', (ctx) => {
      const revision = revisions.current;
      ctx.set('X-Aether-Revision', String(revision));
      ctx.body = summary.current(revision) satisfies FleetSummary;
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
      const series = await monitor.history(service.id, {
        ...range,
        ...(query.check !== undefined ? { checkId: query.check } : {}),
      });
      // the deploys in the answer's own range, `to` included (a deploy just now), so charts can mark them
      const deploys = await deps.deploys.markers(
        service.id,
        Date.parse(series.from),
        Date.parse(series.to) + 1,
      );
      ctx.body = { ...series, deploys } satisfies History;
    })
    .get('/api/services/:id/incidents', async (ctx) => {
      const { limit } = parseQuery(ctx, IncidentQuery);
      const service = serviceOr404(ctx.params.id!);
      ctx.body = await monitor.incidents(service.id, limit);
    })
    .post('/api/verify', async (ctx) => {
      const request = parseBody(ctx, VerifyRequest);
      await deps.verifyLimit?.take(ctx.state.identity.name);
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
