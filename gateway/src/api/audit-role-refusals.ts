import type { Middleware } from 'koa';
import type { OperationsEngine } from '../operations/operations-engine.js';
import type { AppContext, AppState } from './context.js';
import { HttpError } from './errors.js';

/** The contract routes whose role refusals belong in the audit trail: operation and approval actions. */
const AUDITED_PATHS = new Set([
  '/api/services/:id/operations/:op/dry-run',
  '/api/services/:id/operations/:op/invoke',
  '/api/approvals/:id/approve',
  '/api/approvals/:id/reject',
]);

/**
 * Wraps authorize(): when it refuses a caller's role on an operation or approval action, the
 * refusal goes to the audit trail like the refusals the operations engine makes itself. Which
 * route it was comes from authorize()'s match of the contract's ROUTES, not from a second regex.
 */
export function auditRoleRefusals({
  operations,
}: {
  operations: OperationsEngine;
}): Middleware<AppState, AppContext> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const route = ctx.state.route;
      // Anonymous refusals are not recorded: anyone can make them, as fast as the network allows.
      if (
        ctx.state.roleRefused &&
        ctx.state.identity?.authenticated &&
        error instanceof HttpError &&
        route &&
        AUDITED_PATHS.has(route.path)
      ) {
        const params = ctx.state.routeParams ?? {};
        const isApproval = route.path.startsWith('/api/approvals/');
        try {
          await operations.recordAccessRefusal(
            ctx.state.identity,
            isApproval
              ? { approvalId: params.id }
              : { serviceId: params.id, operationId: params.op },
            error.status,
            error.detail ?? error.title,
          );
        } catch (auditError) {
          ctx.state.log?.error(
            { err: auditError },
            'recording a refusal in the audit trail failed',
          );
        }
      }
      throw error;
    }
  };
}
