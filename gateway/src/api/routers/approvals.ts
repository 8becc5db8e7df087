import { ApprovalDecision } from '@aether/contract';
import { operateServices } from '../../operations/operate-services.js';
import { parseBody } from '../validate.js';
import { createRouter, type RouterFactory } from './router.js';

/** How often pending approvals are checked for expiry, so the queue and SSE say so without a visitor. */
const EXPIRY_SWEEP_MS = 15_000;

/** The four-eyes queue: list, approve (runs the operation on the last approval), reject. */
export const approvalsRouter: RouterFactory = (deps, runtime) => {
  const { engine } = operateServices(deps);
  let timer: unknown;
  const sweep = () => {
    try {
      engine.expireDue();
    } catch (error) {
      deps.logger.warn({ err: error }, 'approval expiry sweep failed');
    }
    timer = deps.clock.setTimeout(sweep, EXPIRY_SWEEP_MS);
  };
  timer = deps.clock.setTimeout(sweep, EXPIRY_SWEEP_MS);
  runtime.onClose(() => deps.clock.clearTimeout(timer));

  return createRouter()
    .get('/api/approvals', (ctx) => {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = engine.listApprovals();
    })
    .post('/api/approvals/:id/approve', async (ctx) => {
      parseBody(ctx, ApprovalDecision);
      ctx.body = await engine.approve(ctx.state.identity, ctx.params.id!);
    })
    .post('/api/approvals/:id/reject', (ctx) => {
      parseBody(ctx, ApprovalDecision);
      ctx.body = engine.reject(ctx.state.identity, ctx.params.id!);
    });
};
