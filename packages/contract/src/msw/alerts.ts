import { HttpResponse } from 'msw';
import {
  parseDuration,
  type Alert,
  type AlertChannel,
  type MaintenanceWindow,
  type ServiceSummary,
} from '../index.js';
import {
  FIXTURE_NOW,
  makeAlertChannels,
  makeAlerts,
  makeMaintenanceWindows,
  makeServices,
} from '../fixtures/index.js';
import { createInteractionStore, type InteractionStore } from './interaction-store.js';
import { callerRefusal, invalidRequest, problem } from './problem.js';
import { handle, route } from './route.js';

const ALERTS = route('get', '/api/alerts');
const ACK = route('post', '/api/alerts/:id/ack');
const CHANNELS = route('get', '/api/alerting/channels');
const TEST = route('post', '/api/alerting/channels/:id/test');
const WINDOWS = route('get', '/api/maintenance');
const OPEN = route('post', '/api/maintenance');
const END = route('delete', '/api/maintenance/:id');

export interface AlertsMockOptions {
  baseUrl?: string;
  services?: ServiceSummary[];
  alerts?: Alert[];
  channels?: AlertChannel[];
  windows?: MaintenanceWindow[];
  /** Who is calling (roles, and the name acks and windows record). */
  store?: InteractionStore;
  now?: () => number;
  /** maintenance.maxDuration, as the gateway's default. */
  maxDurationMs?: number;
}

/**
 * GET /api/alerts, POST /api/alerts/:id/ack, GET /api/alerting/channels, POST
 * /api/alerting/channels/:id/test and GET/POST/DELETE /api/maintenance, with the gateway's roles
 * and refusals (404 unknown, 409 acknowledged twice or resolved, 422 past maxDuration). Answers
 * are parsed by their contract schemas before they are served.
 */
export function alertsHandlers({
  baseUrl = '',
  services = makeServices(12),
  now = () => Date.parse(FIXTURE_NOW),
  alerts = makeAlerts(services, now()),
  channels = makeAlertChannels(),
  windows = makeMaintenanceWindows(services, now()),
  store = createInteractionStore(),
  maxDurationMs = 24 * 3_600_000,
}: AlertsMockOptions = {}) {
  let next = windows.length + 1;
  const refused = (spec: { role: 'viewer' | 'operator' | 'admin' }) =>
    callerRefusal(spec.role, store, null);
  const stateNow = (w: MaintenanceWindow): MaintenanceWindow => {
    const t = now();
    const state =
      Date.parse(w.endsAt) <= t ? 'ended' : Date.parse(w.startsAt) > t ? 'scheduled' : 'active';
    return { ...w, state };
  };
  return [
    handle(baseUrl, ALERTS, ({ request }) => {
      const denied = refused(ALERTS);
      if (denied) return denied;
      const query = ALERTS.query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!query.success) return invalidRequest(query.error.issues);
      const { state, service } = query.data;
      const matching = alerts
        .filter(
          (a) => (!state || state.includes(a.state)) && (!service || a.service.id === service),
        )
        .sort((a, b) => Date.parse(b.since) - Date.parse(a.since));
      return HttpResponse.json(ALERTS.responses[200].parse(matching));
    }),
    handle<{ id: string }>(baseUrl, ACK, async ({ params, request }) => {
      const denied = refused(ACK);
      if (denied) return denied;
      const body = ACK.body.safeParse(await request.json().catch(() => undefined));
      if (!body.success) return invalidRequest(body.error.issues);
      const alert = alerts.find((a) => a.id === params.id);
      if (!alert) return problem(404, 'Not Found', `no alert ${params.id}`);
      if (alert.state === 'resolved' || alert.acknowledged)
        return problem(
          409,
          'Conflict',
          alert.acknowledged
            ? `already acknowledged by ${alert.acknowledged.by}`
            : 'the alert is resolved',
        );
      alert.acknowledged = {
        by: store.identity?.name ?? 'mock-operator',
        at: new Date(now()).toISOString(),
        ...(body.data.comment === undefined ? {} : { comment: body.data.comment }),
      };
      if (alert.state === 'firing') alert.state = 'acknowledged';
      return HttpResponse.json(ACK.responses[200].parse(alert));
    }),
    handle(baseUrl, CHANNELS, () => {
      const denied = refused(CHANNELS);
      if (denied) return denied;
      return HttpResponse.json(CHANNELS.responses[200].parse(channels));
    }),
    handle<{ id: string }>(baseUrl, TEST, ({ params }) => {
      const denied = refused(TEST);
      if (denied) return denied;
      if (!channels.some((c) => c.id === params.id))
        return problem(404, 'Not Found', `no channel ${params.id}`);
      return HttpResponse.json(
        TEST.responses[200].parse({
          channel: params.id,
          attempt: { at: new Date(now()).toISOString(), outcome: 'delivered', status: 200 },
        }),
      );
    }),
    handle(baseUrl, WINDOWS, ({ request }) => {
      const denied = refused(WINDOWS);
      if (denied) return denied;
      const query = WINDOWS.query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!query.success) return invalidRequest(query.error.issues);
      const { state } = query.data;
      const shown = windows
        .map(stateNow)
        .filter((w) => !state || state.includes(w.state))
        .sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt));
      return HttpResponse.json(WINDOWS.responses[200].parse(shown));
    }),
    handle(baseUrl, OPEN, async ({ request }) => {
      const denied = refused(OPEN);
      if (denied) return denied;
      const body = OPEN.body.safeParse(await request.json().catch(() => undefined));
      if (!body.success) return invalidRequest(body.error.issues);
      const { match, startsAt, endsAt, duration, reason } = body.data;
      const start = startsAt ? Date.parse(startsAt) : now();
      if ((endsAt === undefined) === (duration === undefined))
        return invalidRequest([{ message: 'give endsAt or duration' }]);
      const end = endsAt ? Date.parse(endsAt) : start + parseDuration(duration!)!;
      if (end <= start || end <= now())
        return invalidRequest([{ message: 'the window must end after it starts, in the future' }]);
      if (end - start > maxDurationMs)
        return problem(
          422,
          'Window too long',
          `a window may last at most ${maxDurationMs / 60_000} minutes (maintenance.maxDuration)`,
          'window-too-long',
        );
      const window = stateNow({
        id: `mw-mock-${next++}`,
        match,
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(end).toISOString(),
        reason,
        createdBy: store.identity?.name ?? 'mock-operator',
        state: 'active',
      });
      windows.unshift(window);
      return HttpResponse.json(OPEN.responses[201].parse(window), { status: 201 });
    }),
    handle<{ id: string }>(baseUrl, END, ({ params }) => {
      const denied = refused(END);
      if (denied) return denied;
      const window = windows.find((w) => w.id === params.id);
      if (!window || stateNow(window).state === 'ended')
        return problem(404, 'Not Found', `no open maintenance window ${params.id}`);
      Object.assign(window, {
        endsAt: new Date(now()).toISOString(),
        endedBy: store.identity?.name ?? 'mock-operator',
      });
      return HttpResponse.json(END.responses[200].parse(stateNow(window)));
    }),
  ];
}
