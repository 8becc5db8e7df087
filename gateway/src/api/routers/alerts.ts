import { AlertAckRequest, AlertListQuery, type Alert as AlertView } from '@aether/contract';
import type { GatewayAlerting } from '../../alerting/gateway-alerting.js';
import type { Alert } from '../../alerting/types.js';
import { notFound, refuse } from '../../domain/refusal.js';
import { parseBody, parseQuery } from '../validate.js';
import { createRouter, type RouterFactory } from './router.js';

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
      const alerts = alerting.core.dispatcher
        .alerts()
        .filter((a) => (!states || states.has(a.state)) && (!service || a.service.id === service))
        .sort((a, b) => (a.since < b.since ? 1 : a.since > b.since ? -1 : 0));
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
