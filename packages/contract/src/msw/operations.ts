import { HttpResponse } from 'msw';
import { Approval, Problem, problemType, type Operation, type OutboundRequest } from '../index.js';
import { serviceBaseUrl } from '../fixtures/operations.js';
import { createInteractionStore, roleRefusal, type InteractionStore } from './interaction-store.js';
import { problem, refusal } from './problem.js';
import type { InteractionMockOptions } from './session.js';
import { handle, route } from './route.js';

const ALL = route('get', '/api/operations');
const OF_SERVICE = route('get', '/api/services/:id/operations');
const DRY_RUN = route('post', '/api/services/:id/operations/:op/dry-run');
const INVOKE = route('post', '/api/services/:id/operations/:op/invoke');

/** The gateway's cap on a request put to approvers (its params shown in full). */
const APPROVAL_SHOW_LIMIT = 8 * 1024;

/** How long a 428's confirmation token stays valid in the mock. */
export const CONFIRMATION_TTL_MS = 120_000;
/** How long a four-eyes request waits for its second operator in the mock. */
export const APPROVAL_TTL_MS = 15 * 60_000;
/** The secret header every mock operation sends, shown as the gateway shows it: by reference. */
export const REDACTED_AUTHORIZATION = 'Bearer ${ORDERS_ADMIN_TOKEN}';

type OpParams = { id: string; op: string };

/** GET operations, POST dry-run and invoke (with 428 confirmation and four-eyes), validated against the contract. */
export function operationsHandlers({
  baseUrl = '',
  store = createInteractionStore(),
}: InteractionMockOptions = {}) {
  let sequence = 0;
  const find = (serviceId: string, opId: string) =>
    store.operations.find((o) => o.serviceId === serviceId && o.id === opId);

  return [
    handle(baseUrl, ALL, () => {
      const refused = roleRefusal(store, ALL.role);
      if (refused) return refusal(refused);
      return HttpResponse.json(ALL.responses[200].parse(store.operations));
    }),
    handle<{ id: string }>(baseUrl, OF_SERVICE, ({ params }) => {
      const refused = roleRefusal(store, OF_SERVICE.role);
      if (refused) return refusal(refused);
      return HttpResponse.json(
        OF_SERVICE.responses[200].parse(store.operations.filter((o) => o.serviceId === params.id)),
      );
    }),

    handle<OpParams>(baseUrl, DRY_RUN, async ({ params, request }) => {
      const operation = find(params.id, params.op);
      if (!operation)
        return problem(404, 'Operation not found', `No operation ${params.op} on ${params.id}`);
      const refused = roleRefusal(store, DRY_RUN.role);
      if (refused) return refusal(refused);
      const body = DRY_RUN.body.safeParse(await request.json().catch(() => null));
      if (!body.success) return problem(400, 'Invalid request', body.error.message, 'validation');
      const invalid = invalidParams(operation, body.data.params);
      if (invalid) return invalid;
      const outbound = outboundRequest(operation, body.data.params);
      store.appendAudit(auditInput(store, operation, 'dry-run', body.data.params, 'ok'));
      return HttpResponse.json(
        DRY_RUN.responses[200].parse({ request: outbound, curl: curlLine(outbound) }),
      );
    }),

    handle<OpParams>(baseUrl, INVOKE, async ({ params, request }) => {
      const operation = find(params.id, params.op);
      if (!operation)
        return problem(404, 'Operation not found', `No operation ${params.op} on ${params.id}`);
      const refused = roleRefusal(store, operation.role);
      if (refused) {
        if (store.identity)
          store.appendAudit({
            ...auditInput(store, operation, 'refuse', {}, 'refused'),
            reason: refused.detail,
          });
        return refusal(refused);
      }
      const body = INVOKE.body.safeParse(await request.json().catch(() => null));
      if (!body.success) return problem(400, 'Invalid request', body.error.message, 'validation');
      const { params: values, confirmToken } = body.data;
      // As the gateway: approvers see a request in full, so a larger one is never put to them.
      if (operation.approvals > 1 && JSON.stringify(values).length > APPROVAL_SHOW_LIMIT) {
        return problem(
          400,
          'Request too large to approve',
          `Approvers must see a request in full; at most ${APPROVAL_SHOW_LIMIT} bytes`,
          'request-too-large-to-approve',
        );
      }

      const invalid = invalidParams(operation, values);
      if (invalid) return invalid;
      const actor = store.identity!;
      // As the gateway: anything that changes state, or needs a second operator, is confirmed first.
      const needsConfirmation = operation.mutating || operation.approvals > 1;
      if (needsConfirmation && !confirmToken) {
        const token = `ct-${++sequence}`;
        const expiresAt = store.now() + CONFIRMATION_TTL_MS;
        store.confirmations.set(token, {
          actor: actor.name,
          serviceId: operation.serviceId,
          operationId: operation.id,
          params: JSON.stringify(values),
          expiresAt,
        });
        store.appendAudit(auditInput(store, operation, 'confirm-requested', values, 'pending'));
        const answer = INVOKE.responses[428].parse({
          type: problemType('confirmation-required'),
          title: 'Confirmation required',
          status: 428,
          detail: `${operation.title} changes state; send the confirmToken to run it`,
          confirmToken: token,
          expiresAt: new Date(expiresAt).toISOString(),
          preview: outboundRequest(operation, values),
        });
        return HttpResponse.json(answer, {
          status: 428,
          headers: { 'content-type': 'application/problem+json' },
        });
      }

      if (needsConfirmation) {
        const pending = store.confirmations.get(confirmToken!);
        store.confirmations.delete(confirmToken!);
        const why = !pending
          ? 'The confirmation token is unknown or was already used'
          : pending.expiresAt < store.now()
            ? 'The confirmation token has expired'
            : pending.actor !== actor.name ||
                pending.serviceId !== operation.serviceId ||
                pending.operationId !== operation.id ||
                pending.params !== JSON.stringify(values)
              ? 'The confirmation token was issued for another request'
              : undefined;
        if (why) return problem(409, 'Confirmation refused', why, 'confirmation-refused');
      }

      if (operation.approvals >= 2) {
        const now = store.now();
        const approval = Approval.parse({
          id: `apr-${++sequence}`,
          serviceId: operation.serviceId,
          operationId: operation.id,
          title: operation.title,
          params: values,
          requestedBy: actor.name,
          requestedAt: new Date(now).toISOString(),
          expiresAt: new Date(now + APPROVAL_TTL_MS).toISOString(),
          approvals: [{ actor: actor.name, at: new Date(now).toISOString() }],
          required: operation.approvals,
          status: 'pending',
          decidedBy: null,
          decidedAt: null,
          result: null,
          request: outboundRequest(operation, values),
        });
        store.approvals = [...store.approvals, approval];
        const entry = store.appendAudit({
          ...auditInput(store, operation, 'invoke', values, 'pending'),
          approvalId: approval.id,
        });
        store.emit({ id: null, type: 'approval', data: approval });
        return HttpResponse.json(
          INVOKE.responses[202].parse({
            outcome: 'pending-approval',
            auditId: entry.id,
            approvalId: approval.id,
          }),
          { status: 202 },
        );
      }

      return HttpResponse.json(INVOKE.responses[200].parse(store.run(operation, values, actor)));
    }),
  ];
}

function auditInput(
  store: InteractionStore,
  operation: Operation,
  action: 'dry-run' | 'confirm-requested' | 'invoke' | 'refuse',
  params: Record<string, unknown>,
  outcome: 'ok' | 'pending' | 'refused',
) {
  return {
    actor: store.identity?.name ?? 'anonymous',
    role: store.identity?.role ?? null,
    action,
    serviceId: operation.serviceId,
    operationId: operation.id,
    params,
    outcome,
    httpStatus: null,
    durationMs: null,
    reason: null,
    approvalId: null,
  };
}

/** The request the mock gateway would send: path template filled (URL-encoded), the rest as body or query. */
export function outboundRequest(
  operation: Operation,
  params: Record<string, unknown>,
): OutboundRequest {
  const rest = { ...params };
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = rest[name];
    delete rest[name];
    return encodeURIComponent(String(value ?? ''));
  });
  const url = new URL(path, serviceBaseUrl(operation.serviceId));
  const headers: Record<string, string> = { authorization: REDACTED_AUTHORIZATION };
  let body: string | null = null;
  if (operation.method === 'GET') {
    for (const [key, value] of Object.entries(rest)) url.searchParams.set(key, String(value));
  } else {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(rest);
  }
  return { method: operation.method, url: url.toString(), headers, body };
}

export function curlLine(request: OutboundRequest): string {
  const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  const parts = ['curl', '-X', request.method, quote(request.url)];
  for (const [name, value] of Object.entries(request.headers))
    parts.push('-H', quote(`${name}: ${value}`));
  if (request.body !== null) parts.push('--data', quote(request.body));
  return parts.join(' ');
}

/** The JSON Schema subset the fixtures use, checked the way the gateway's ajv would: errors name the field as body.params.<name>. */
function invalidParams(operation: Operation, params: Record<string, unknown>) {
  const schema = operation.params as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  const errors: { path: string; message: string }[] = [];
  for (const name of schema.required ?? []) {
    if (params[name] === undefined || params[name] === '')
      errors.push({
        path: `body.params.${name}`,
        message: `must have required property '${name}'`,
      });
  }
  for (const [name, value] of Object.entries(params)) {
    const rule = schema.properties?.[name];
    if (!rule) {
      errors.push({ path: `body.params.${name}`, message: 'is not a parameter of this operation' });
      continue;
    }
    const kind =
      rule.type === 'integer' ? (Number.isInteger(value) ? 'integer' : typeof value) : typeof value;
    const wanted = rule.type === 'integer' ? 'integer' : rule.type;
    if (wanted && kind !== wanted)
      errors.push({ path: `body.params.${name}`, message: `must be ${String(wanted)}` });
    else if (Array.isArray(rule.enum) && !rule.enum.includes(value))
      errors.push({
        path: `body.params.${name}`,
        message: `must be one of ${rule.enum.map((v) => JSON.stringify(v)).join(', ')}`,
      });
    else if (typeof value === 'number' && typeof rule.minimum === 'number' && value < rule.minimum)
      errors.push({ path: `body.params.${name}`, message: `must be >= ${rule.minimum}` });
    else if (typeof value === 'number' && typeof rule.maximum === 'number' && value > rule.maximum)
      errors.push({ path: `body.params.${name}`, message: `must be <= ${rule.maximum}` });
    else if (
      typeof value === 'string' &&
      typeof rule.minLength === 'number' &&
      value.length < rule.minLength
    )
      errors.push({
        path: `body.params.${name}`,
        message: `must NOT have fewer than ${rule.minLength} characters`,
      });
    else if (
      typeof value === 'string' &&
      typeof rule.pattern === 'string' &&
      !new RegExp(rule.pattern, 'u').test(value)
    )
      errors.push({ path: `body.params.${name}`, message: `must match pattern "${rule.pattern}"` });
  }
  if (errors.length === 0) return undefined;
  return HttpResponse.json(
    Problem.parse({
      type: problemType('validation'),
      title: 'Invalid parameters',
      status: 400,
      detail: `${errors.length} parameter(s) are invalid`,
      errors,
    }),
    { status: 400, headers: { 'content-type': 'application/problem+json' } },
  );
}
