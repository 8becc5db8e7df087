import { AlertAckRequest, AlertListQuery, type Alert as AlertView } from '@aether/contract';
import type { GatewayAlerting } from '../../alerting/gateway-alerting.js';
import type { Alert } from '../../alerting/types.js';
import { notFound, refuse } from '../../domain/refusal.js';
import { parseBody, parseQuery } from '../validate.js';
import { createRouter, type RouterFactory } from './router.js';

/** At most this many alerts in an answer, latest first (each costs one outbox query). */
const LIST_LIMIT = 1000;

/** Every alert's messages and attempts come from the outbox: one query per alert shown. */
async function withMessages(alerting: GatewayAlerting, alert: Alert): Promise<AlertView> {
  const messages = await alerting.stores.outbox.messagesForAlert(alert.id);
  return {
    ...alert,
    messages: messages.map((m) => ({
      id: m.notification.id,
      channel: m.notification.channelId,
      kind: m.notification.kind,
      attempts: m.attempts,
    })),
  };
}

function required(alerting: GatewayAlerting | undefined): GatewayAlerting {
  if (!alerting) throw refuse('unavailable', 'alerting is not running in this gateway');
  return alerting;
}

/**
 * Alerts and channels over HTTP (PRODUCT.md "Alerting"): list with messages and attempts,
 * acknowledge (audited), the channels without secrets, a test message (audited). Roles come from
 * the contract's ROUTES; refusals from the dispatcher are rendered by the error middleware.
 */
export const alertsRouter: RouterFactory = (deps) =>
  createRouter()
    .get('/api/alerts', async (ctx) => {
      const alerting = required(deps.alerting);
      const { state, service } = parseQuery(ctx, AlertListQuery);
      const states = state === undefined ? undefined : new Set(state);
      const wanted = (a: Alert) =>
        (!states || states.has(a.state)) && (!service || a.service.id === service);
      // The store has what earlier runs resolved (the dispatcher resumes only unresolved ones);
      // the dispatcher has the latest of every alert it holds (the store is written a turn later).
      const byId = new Map<string, Alert>();
      const stored = await alerting.stores.alerts.list({
        ...(state !== undefined ? { states: state } : {}),
        ...(service !== undefined ? { serviceId: service } : {}),
        limit: LIST_LIMIT,
      });
      for (const alert of stored) byId.set(alert.id, alert);
      for (const alert of alerting.core.dispatcher.alerts())
        if (wanted(alert)) byId.set(alert.id, alert);
        else byId.delete(alert.id);
      const alerts = [...byId.values()]
        .sort((a, b) => (a.since < b.since ? 1 : a.since > b.since ? -1 : 0))
        .slice(0, LIST_LIMIT);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await Promise.all(alerts.map((a) => withMessages(alerting, a)));
    })
    .post('/api/alerts/:id/ack', async (ctx) => {
      const alerting = required(deps.alerting);
      const { comment } = parseBody(ctx, AlertAckRequest);
      const { name, role } = ctx.state.identity;
      const alert = alerting.core.dispatcher.acknowledge(ctx.params.id!, name, comment);
      await deps.audit.record({
        action: 'alert-ack',
        actor: name,
        role,
        target: `alert:${alert.id}`,
        detail: { service: alert.service.id, check: alert.check.id },
        reason: comment ?? null,
      });
      ctx.body = await withMessages(alerting, alert);
      ctx.state.log.info({ alert: alert.id, actor: name }, 'alert acknowledged');
    })
    .get('/api/alerting/channels', (ctx) => {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = required(deps.alerting).core.channels();
    })
    .post('/api/alerting/channels/:id/test', async (ctx) => {
      const alerting = required(deps.alerting);
      const channel = ctx.params.id!;
      const attempt = await alerting.core.testChannel(channel);
      if (!attempt) throw notFound(`no channel ${channel}`);
      const { name, role } = ctx.state.identity;
      await deps.audit.record({
        action: 'channel-test',
        actor: name,
        role,
        target: `channel:${channel}`,
        detail: {
          outcome: attempt.outcome,
          ...(attempt.status !== undefined ? { status: attempt.status } : {}),
        },
      });
      ctx.body = { channel, attempt };
    });
