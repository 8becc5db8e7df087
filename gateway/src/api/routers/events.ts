import { EVENT_NAMES, EventsQuery, type EventName } from '@aether/contract';
import { hasRole } from '../../auth/roles.js';
import { readSessionCookie } from '../session-cookie.js';
import { badRequest } from '../errors.js';
import { parseQuery } from '../validate.js';
import { createRouter, type RouterFactory } from './router.js';

/** Audit entries and approvals are operator matters (GET /api/audit needs operator); viewers don't get them. */
const OPERATOR_EVENTS: ReadonlySet<EventName> = new Set(['audit', 'approval']);
const ALL_EVENTS: ReadonlySet<EventName> = new Set(EVENT_NAMES);
const VIEWER_EVENTS: ReadonlySet<EventName> = new Set(
  EVENT_NAMES.filter((name) => !OPERATOR_EVENTS.has(name)),
);

function parseLastEventId(value: string): number | undefined {
  if (value === '') return undefined;
  if (!/^\d{1,15}$/.test(value))
    throw badRequest('Last-Event-ID must be a non-negative integer', [
      { path: 'header.last-event-id', message: 'a non-negative integer' },
    ]);
  return Number(value);
}

/**
 * GET /api/events: Server-Sent Events (snapshot, status, result, panels, audit, approval…).
 * `?snapshot=false`: a client that lists for itself starts without the snapshot (EventsQuery).
 */
export const eventsRouter: RouterFactory = (deps, { streams }) =>
  createRouter().get('/api/events', (ctx) => {
    const query = parseQuery(ctx, EventsQuery);
    const lastEventId = parseLastEventId(ctx.get('last-event-id') || (query.lastEventId ?? ''));
    const role = ctx.state.identity.role;
    const types = hasRole(role, 'operator') ? ALL_EVENTS : VIEWER_EVENTS;
    const { identity } = ctx.state;
    // Authenticated callers are capped by name (however many addresses they use), others by address.
    const clientKey = identity.authenticated ? `caller:${identity.name}` : `address:${ctx.ip}`;
    // Refuse before touching the response, so the refusal is an ordinary problem+json answer.
    streams.admit(clientKey);

    if (ctx.method === 'HEAD') {
      // A HEAD has no body to stream: answer the headers a GET would get and hold no stream open.
      ctx.set('Content-Type', 'text/event-stream; charset=utf-8');
      ctx.set('Cache-Control', 'no-cache, no-transform');
      ctx.status = 200;
      return;
    }
    ctx.req.socket.setTimeout(0);
    ctx.req.socket.setNoDelay(true);
    ctx.req.socket.setKeepAlive(true);
    ctx.set('Content-Type', 'text/event-stream; charset=utf-8');
    ctx.set('Cache-Control', 'no-cache, no-transform');
    ctx.set('Connection', 'keep-alive');
    ctx.set('X-Accel-Buffering', 'no');
    ctx.respond = false;
    streams.open({
      clientKey,
      sessionId: identity.via === 'session' ? readSessionCookie(ctx) : undefined,
      res: ctx.res,
      events: deps.events,
      monitor: deps.monitor,
      log: ctx.state.log,
      lastEventId,
      snapshot: query.snapshot !== 'false',
      types,
    });
  });
