import { ApprovalDecision } from '@aether/contract';
import { parseBody } from '../validate.js';
import { createRouter, type RouterFactory } from './router.js';

/** How often pending approvals are checked for expiry, so the queue and SSE say so without a visitor. */
const EXPIRY_SWEEP_MS = 15_000;

/** The four-eyes queue: list, approve (runs the operation on the last approval), reject. */
export const approvalsRouter: RouterFactory = (deps, runtime) => {
  const decisions = deps.operations.approvals;
  let timer: unknown;
  let closed = false;
  const sweep = async () => {
    try {
      await decisions.expireDue();
    } catch (error) {
      deps.logger.warn({ err: error }, 'approval expiry sweep failed');
    }
    if (!closed) timer = deps.clock.setTimeout(() => void sweep(), EXPIRY_SWEEP_MS);
  };
  timer = deps.clock.setTimeout(() => void sweep(), EXPIRY_SWEEP_MS);
  runtime.onClose(() => {
    closed = true;
    deps.clock.clearTimeout(timer);
  });

  return createRouter()
    .get('/api/approvals', async (ctx) => {
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await decisions.list();
    })
    .post('/api/approvals/:id/approve', async (ctx) => {
      parseBody(ctx, ApprovalDecision);
      ctx.body = await decisions.approve(ctx.state.identity, ctx.params.id!);
    })
    .post('/api/approvals/:id/reject', async (ctx) => {
      parseBody(ctx, ApprovalDecision);
      ctx.body = await decisions.reject(ctx.state.identity, ctx.params.id!);
    });
};
