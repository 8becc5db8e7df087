import { DryRunRequest, InvokeRequest } from '@aether/contract';
import { operateServices } from '../../operations/operate-services.js';
import { PROBLEM_TYPE } from '../error-handler.js';
import { parseBody } from '../validate.js';
import { createRouter, type RouterFactory } from './router.js';

/** Allow-listed operations: list, dry-run, invoke (428 to confirm, 202 while waiting for approval). */
export const operationsRouter: RouterFactory = (deps) => {
  const { engine } = operateServices(deps);

  return createRouter()
    .get('/api/services/:id/operations', (ctx) => {
      ctx.body = engine.list(ctx.params.id!);
    })
    .post('/api/services/:id/operations/:op/dry-run', (ctx) => {
      const { params } = parseBody(ctx, DryRunRequest);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = engine.dryRun(ctx.state.identity, ctx.params.id!, ctx.params.op!, params);
    })
    .post('/api/services/:id/operations/:op/invoke', async (ctx) => {
      const request = parseBody(ctx, InvokeRequest);
      const answer = await engine.invoke(
        ctx.state.identity,
        ctx.params.id!,
        ctx.params.op!,
        request,
      );
      ctx.set('Cache-Control', 'no-store');
      ctx.status = answer.status;
      if (answer.status === 428) {
        ctx.type = PROBLEM_TYPE;
        ctx.body = JSON.stringify(answer.body);
      } else {
        ctx.body = answer.body;
      }
    });
};
