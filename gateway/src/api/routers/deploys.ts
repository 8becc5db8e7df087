import { DeployFinishRequest, DeployListQuery, DeployRequest } from '@aether/contract';
import { parseBody, parseQuery } from '../validate.js';
import { createRouter, type RouterFactory } from './router.js';

/**
 * Deploys over HTTP: record a start (201) and a finish, list them, compare before vs after.
 * Roles come from the contract's ROUTES; refusals (unknown service, unknown deploy, finished
 * twice) are thrown by the deploys part and rendered by the error middleware.
 */
export const deploysRouter: RouterFactory = ({ deploys }) =>
  createRouter()
    .get('/api/deploys', async (ctx) => {
      const { service, limit } = parseQuery(ctx, DeployListQuery);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await deploys.list({
        ...(service !== undefined ? { serviceId: service } : {}),
        limit,
      });
    })
    .post('/api/deploys', async (ctx) => {
      const request = parseBody(ctx, DeployRequest);
      const { name, role } = ctx.state.identity;
      const deploy = await deploys.start(request, name, role);
      ctx.status = 201;
      ctx.body = deploy;
      ctx.state.log.info(
        { deploy: deploy.id, services: deploy.services, version: deploy.version, actor: deploy.by },
        'deploy started',
      );
    })
    .post('/api/deploys/:id/finish', async (ctx) => {
      const { outcome } = parseBody(ctx, DeployFinishRequest);
      const { name, role } = ctx.state.identity;
      const deploy = await deploys.finish(ctx.params.id!, outcome, name, role);
      ctx.body = deploy;
      ctx.state.log.info(
        { deploy: deploy.id, outcome, actor: deploy.finishedBy },
        'deploy finished',
      );
    })
    .get('/api/deploys/:id/comparison', async (ctx) => {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await deploys.compare(ctx.params.id!);
    });
