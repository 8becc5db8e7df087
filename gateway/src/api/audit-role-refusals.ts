import type { Middleware } from 'koa';
import type { AppDeps } from '../api/deps.js';
import type { AppContext, AppState } from '../api/context.js';
import { HttpError } from '../api/errors.js';
import { operateServices } from './operate-services.js';

const OPERATION = /^\/api\/services\/([^/]+)\/operations\/([^/]+)\/(?:dry-run|invoke)$/;
const APPROVAL = /^\/api\/approvals\/([^/]+)\/(?:approve|reject)$/;

/**
 * Wraps authorize(): when it refuses a caller's role on an operation or approval action, the
 * refusal goes to the audit trail like the refusals the operations engine makes itself.
 */
export function auditRoleRefusals(deps: AppDeps): Middleware<AppState, AppContext> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (ctx.state.roleRefused && error instanceof HttpError && ctx.method === 'POST') {
        const operation = OPERATION.exec(ctx.path);
        const approval = APPROVAL.exec(ctx.path);
        if (operation || approval) {
          const decode = (part: string | undefined) =>
            part === undefined ? undefined : safeDecode(part);
          try {
            operateServices(deps).engine.recordAccessRefusal(
              ctx.state.identity,
              {
                serviceId: decode(operation?.[1]),
                operationId: decode(operation?.[2]),
                approvalId: decode(approval?.[1]),
              },
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
      }
      throw error;
    }
  };
}

function safeDecode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}
