import {
  PanelDisableRequest,
  PanelId,
  PanelRegistration,
  PanelRollbackRequest,
} from '@aether/contract';
import { notFound } from '../errors.js';
import { parseBody } from '../validate.js';
import { createRouter, type RouterFactory } from './router.js';

/**
 * The panel registry over HTTP. Roles come from the contract's ROUTES (authorize()):
 * reading is for viewers, registering, rolling back and the kill switch for admins.
 */
export const panelsRouter: RouterFactory = ({ panels, audit }) => {
  const panelId = (id: string | undefined): string => {
    if (!PanelId.safeParse(id).success) throw notFound(`No panel ${String(id)} in the registry`);
    return id!;
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
      ctx.state.log.info(
        {
          panel: id,
          version: registration.version,
          entry: registration.entry,
          actor: ctx.state.identity.name,
        },
        'panel registered',
      );
      await audit.record({
        action: 'panel-register',
        actor: ctx.state.identity.name,
        role: ctx.state.identity.role,
        target: `panel:${id}`,
        detail: { version: registration.version, entry: registration.entry },
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
      ctx.state.log.info(
        {
          panel: id,
          to: (ctx.body as { version: string }).version,
          actor: ctx.state.identity.name,
        },
        'panel rolled back',
      );
      await audit.record({
        action: 'panel-rollback',
        actor: ctx.state.identity.name,
        role: ctx.state.identity.role,
        target: `panel:${id}`,
        detail: { version: (ctx.body as { version: string }).version },
      });
    })
    .post('/api/panels/:id/disable', async (ctx) => {
      const id = panelId(ctx.params.id);
      const { disabled } = parseBody(ctx, PanelDisableRequest);
      ctx.body = await panels.setDisabled(id, disabled, ctx.state.identity.name);
      ctx.state.log.info(
        { panel: id, disabled, actor: ctx.state.identity.name },
        disabled ? 'panel disabled' : 'panel enabled',
      );
      await audit.record({
        action: disabled ? 'panel-disable' : 'panel-enable',
        actor: ctx.state.identity.name,
        role: ctx.state.identity.role,
        target: `panel:${id}`,
      });
    });
};
