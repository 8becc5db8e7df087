import type { OutboundRequest } from '@aether/contract';
import { invalid, refuse, Refused } from '../domain/refusal.js';
import { buildRequest, type BuiltRequest } from './build-request.js';
import { sensitiveParams, type OperationTarget } from './operation-catalog.js';
import type { OperationAudit, Subject } from './operation-audit.js';
import type { ParamsValidator } from './params-validator.js';
import { Redactor } from './secrets.js';

/** A request ready to send, with everything people and the audit trail may see of it. */
export interface Prepared {
  params: Record<string, unknown>;
  built: BuiltRequest;
  redactor: Redactor;
  shown: OutboundRequest;
}

/** Validates params (filling schema defaults) and builds the one request they may produce; refusals are audited. */
export async function prepareOperation(
  target: OperationTarget,
  rawParams: Record<string, unknown>,
  subject: Subject,
  {
    validator,
    audit,
    env,
  }: { validator: ParamsValidator; audit: OperationAudit; env: NodeJS.ProcessEnv },
): Promise<Prepared> {
  const params = structuredClone(rawParams);
  const errors = validator.validate(target.op.params, params);
  if (errors.length) {
    await audit.refuse(
      subject,
      invalid(
        `Invalid params for ${target.op.id}: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
        errors,
      ),
    );
  }
  if (!target.service.baseUrl) {
    await audit.refuse(
      subject,
      refuse(
        'conflict',
        `Service "${target.service.id}" has no baseUrl, so its operations cannot run`,
        {
          code: 'no-base-url',
        },
      ),
    );
  }
  let built: BuiltRequest;
  try {
    built = buildRequest(target.service.baseUrl!, target.op, params, env);
  } catch (error) {
    if (error instanceof Refused) await audit.refuse(subject, error);
    throw error;
  }
  const sensitive = sensitiveParams(target.op.params).flatMap((name) =>
    typeof params[name] === 'string' ? [params[name]] : [],
  );
  const redactor = new Redactor([...built.secrets, ...sensitive]);
  return { params, built, redactor, shown: redactor.value(built.shown) };
}

/**
 * The request validated params produce, as people see it (secrets as `${VAR}`, sensitive params
 * as [REDACTED]); what prepareOperation shows, for a request that is not being sent now (an
 * approval waiting for its last approver).
 */
export function shownRequest(
  target: OperationTarget,
  params: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): OutboundRequest | null {
  if (!target.service.baseUrl) return null;
  const built = buildRequest(target.service.baseUrl, target.op, params, env);
  const sensitive = sensitiveParams(target.op.params).flatMap((name) =>
    typeof params[name] === 'string' ? [params[name]] : [],
  );
  return new Redactor([...built.secrets, ...sensitive]).value(built.shown);
}
