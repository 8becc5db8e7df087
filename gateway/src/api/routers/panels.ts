import {
  PanelDisableRequest,
  PanelId,
  PanelRegistration,
  PanelRollbackRequest,
} from '@aether/contract';
import { notFound } from '../errors.js';
import { parseBody } from '../validate.js';
import { createRouter, type RouteContext, type RouterFactory } from './router.js';

/**
 * The panel registry over HTTP. Roles come from the contract's ROUTES (authorize()):
 * reading is for viewers, registering, rolling back and the kill switch for admins.
 */
export const panelsRouter: RouterFactory = ({ panels, audit }) => {
  const panelId = (id: string | undefined): string => {
    if (!PanelId.safeParse(id).success) throw notFound(`No panel ${String(id)} in the registry`);
    return id!;
  };
  /** An admin's change to a panel: one log line and one entry in the audit trail. */
  const recordChange = async (
    ctx: RouteContext,
    id: string,
    change: {
      action: `panel-${'register' | 'rollback' | 'disable' | 'enable'}`;
      message: string;
      log: Record<string, unknown>;
      detail?: Record<string, unknown>;
    },
  ) => {
    ctx.state.log.info(
      { panel: id, ...change.log, actor: ctx.state.identity.name },
      change.message,
    );
    await audit.record({
      action: change.action,
      actor: ctx.state.identity.name,
      role: ctx.state.identity.role,
      target: `panel:${id}`,
      ...(change.detail ? { detail: change.detail } : {}),
    });
  };

  return createRouter()
    .get('/api/panels', async (ctx) => {
      // Shells poll this on reconnect; never let a cache hand out a stale registry.
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await panels.list();
    })
    .put('/api/panels/:id', async (ctx) => {
      const id = panelId(ctx.params.id);
      const registration = parseBody(ctx, PanelRegistration);
      ctx.body = await panels.register(id, registration, ctx.state.identity.name);
      const { version, entry } = registration;
      await recordChange(ctx, id, {
        action: 'panel-register',
        message: 'panel registered',
        log: { version, entry },
        detail: { version, entry },
      });
    })
    .get('/api/panels/:id/history', async (ctx) => {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await panels.history(panelId(ctx.params.id));
    })
    .post('/api/panels/:id/rollback', async (ctx) => {
      const id = panelId(ctx.params.id);
      const { version } = parseBody(ctx, PanelRollbackRequest);
      ctx.body = await panels.rollback(id, version, ctx.state.identity.name);
      const to = (ctx.body as { version: string }).version;
      await recordChange(ctx, id, {
        action: 'panel-rollback',
        message: 'panel rolled back',
        log: { to },
        detail: { version: to },
      });
    })
    .post('/api/panels/:id/disable', async (ctx) => {
      const id = panelId(ctx.params.id);
      const { disabled } = parseBody(ctx, PanelDisableRequest);
      ctx.body = await panels.setDisabled(id, disabled, ctx.state.identity.name);
      await recordChange(ctx, id, {
        action: disabled ? 'panel-disable' : 'panel-enable',
        message: disabled ? 'panel disabled' : 'panel enabled',
        log: { disabled },
      });
    });
};
