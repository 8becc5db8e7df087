import {
  DryRunRequest,
  InvokeRequest,
  problemType,
  type ConfirmationRequired,
} from '@aether/contract';
import type { InvokeOutcome } from '../../operations/operation-outcomes.js';
import { PROBLEM_TYPE } from '../error-handler.js';
import { outcomeStatus } from '../refusal-status.js';
import { parseBody } from '../validate.js';
import type { AppKoaContext } from '../context.js';
import { createRouter, type RouterFactory } from './router.js';

/** Allow-listed operations: list (all, or one service's), dry-run, invoke (428 to confirm, 202 while waiting for approval). */
export const operationsRouter: RouterFactory = ({ operations }) =>
  createRouter()
    .get('/api/operations', (ctx) => {
      ctx.body = operations.listAll();
    })
    .get('/api/services/:id/operations', (ctx) => {
      ctx.body = operations.list(ctx.params.id!);
    })
    .post('/api/services/:id/operations/:op/dry-run', async (ctx) => {
      const { params } = parseBody(ctx, DryRunRequest);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = await operations.dryRun(
        ctx.state.identity,
        ctx.params.id!,
        ctx.params.op!,
        params,
      );
    })
    .post('/api/services/:id/operations/:op/invoke', async (ctx) => {
      const request = parseBody(ctx, InvokeRequest);
      const outcome = await operations.invoke(
        ctx.state.identity,
        ctx.params.id!,
        ctx.params.op!,
        request,
      );
      ctx.set('Cache-Control', 'no-store');
      answer(ctx, outcome);
    });

function answer(ctx: AppKoaContext, outcome: InvokeOutcome): void {
  ctx.status = outcomeStatus(outcome);
  if (outcome.kind !== 'needs-confirmation') {
    ctx.body = outcome.result;
    return;
  }
  const body: ConfirmationRequired = {
    type: problemType('confirmation-required'),
    title: 'Confirmation required',
    status: 428,
    detail: outcome.detail,
    confirmToken: outcome.confirmToken,
    expiresAt: outcome.expiresAt,
    preview: outcome.preview,
  };
  ctx.type = PROBLEM_TYPE;
  ctx.body = JSON.stringify(body);
}
