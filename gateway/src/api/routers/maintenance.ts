import { MaintenanceListQuery, MaintenanceRequest, parseDuration } from '@aether/contract';
import { windowView, type GatewayAlerting } from '../../alerting/gateway-alerting.js';
import { notFound, refuse } from '../../domain/refusal.js';
import { planWindow } from '../../maintenance/window-request.js';
import { HttpError } from '../errors.js';
import { parseBody, parseQuery } from '../validate.js';
import { createRouter, type RouterFactory } from './router.js';

function required(alerting: GatewayAlerting | undefined): GatewayAlerting {
  if (!alerting) throw refuse('unavailable', 'alerting is not running in this gateway');
  return alerting;
}

/**
 * Ad-hoc maintenance windows over HTTP (PRODUCT.md "Maintenance windows"): open (201), list by
 * state, end now. Opening or ending one re-evaluates held alerts at once and is audited. A window
 * longer than maintenance.maxDuration is 422: the request is well-formed, the policy refuses it.
 */
export const maintenanceRouter: RouterFactory = (deps) =>
  createRouter()
    .get('/api/maintenance', async (ctx) => {
      const alerting = required(deps.alerting);
      const { state } = parseQuery(ctx, MaintenanceListQuery);
      const now = deps.clock.now();
      const windows = await alerting.stores.windows.list({
        nowMs: now,
        ...(state !== undefined ? { states: state } : {}),
      });
      ctx.set('Cache-Control', 'no-store');
      ctx.body = windows.map((w) => windowView(w, now));
    })
    .post('/api/maintenance', async (ctx) => {
      const alerting = required(deps.alerting);
      const request = parseBody(ctx, MaintenanceRequest);
      const now = deps.clock.now();
      const times = planWindow(
        {
          ...(request.startsAt !== undefined ? { startsAt: request.startsAt } : {}),
          ...(request.endsAt !== undefined ? { endsAt: request.endsAt } : {}),
          ...(request.duration !== undefined
            ? { durationMs: parseDuration(request.duration)! }
            : {}),
        },
        now,
        Infinity,
      );
      const max = alerting.maxWindowMs;
      if (times.endsAt - times.startsAt > max) {
        const detail = `a window may last at most ${Math.round(max / 60_000)} minutes (maintenance.maxDuration)`;
        throw new HttpError(422, {
          code: 'window-too-long',
          title: 'Window too long',
          detail,
          errors: [{ path: request.endsAt ? 'body.endsAt' : 'body.duration', message: detail }],
          expose: true,
        });
      }
      const { name, role } = ctx.state.identity;
      const window = await alerting.stores.windows.create({
        match: request.match,
        startsAt: new Date(times.startsAt).toISOString(),
        endsAt: new Date(times.endsAt).toISOString(),
        reason: request.reason,
        createdBy: name,
      });
      await deps.audit.record({
        action: 'maintenance-start',
        actor: name,
        role,
        target: `maintenance:${window.id}`,
        detail: { match: window.match, startsAt: window.startsAt, endsAt: window.endsAt },
        reason: window.reason,
      });
      await alerting.windowsChanged(window);
      ctx.status = 201;
      ctx.body = windowView(window, deps.clock.now());
      ctx.state.log.info({ window: window.id, actor: name }, 'maintenance window opened');
    })
    .delete('/api/maintenance/:id', async (ctx) => {
      const alerting = required(deps.alerting);
      const { name, role } = ctx.state.identity;
      const id = ctx.params.id!;
      const window = await alerting.stores.windows.end(id, deps.clock.now(), name);
      if (!window) throw notFound(`no open maintenance window ${id}`);
      await deps.audit.record({
        action: 'maintenance-end',
        actor: name,
        role,
        target: `maintenance:${window.id}`,
        detail: { match: window.match, endsAt: window.endsAt },
      });
      await alerting.windowsChanged(window);
      ctx.body = windowView(window, deps.clock.now());
      ctx.state.log.info({ window: window.id, actor: name }, 'maintenance window ended');
    });
