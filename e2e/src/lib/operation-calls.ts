import { gatewayApi, TOKENS } from './stack.js';

/**
 * Runs a mutating operation the way a script does (invoke → 428 with a confirm token → invoke
 * with it), so a scenario starts with audit entries (and, for an operation that needs approvals,
 * a request waiting in the queue) without clicking through the Operate panel first.
 * Returns the final status: 200 when it ran, 202 when it waits for approval.
 */
export async function invokeConfirmed(
  serviceId: string,
  operationId: string,
  params: Record<string, unknown> = {},
  token = TOKENS.operator,
): Promise<number> {
  const path = `/api/services/${serviceId}/operations/${operationId}/invoke`;
  const asked = await gatewayApi('POST', path, token, { params });
  if (asked.status !== 428) throw new Error(`${path} asked for confirmation with ${asked.status}`);
  const { confirmToken } = (await asked.json()) as { confirmToken: string };
  const ran = await gatewayApi('POST', path, token, { params, confirmToken });
  if (ran.status !== 200 && ran.status !== 202)
    throw new Error(`${path} with its confirm token answered ${ran.status}`);
  return ran.status;
}

/** Runs a service's checks now (POST /api/verify, operator): one more result each, at once. */
export async function verifyNow(serviceIds: readonly string[]): Promise<void> {
  const response = await gatewayApi('POST', '/api/verify', TOKENS.operator, {
    services: serviceIds,
  });
  if (!response.ok) throw new Error(`POST /api/verify answered ${response.status}`);
}

/** A service's status as the gateway has it now. */
export async function serviceStatus(id: string): Promise<string> {
  const response = await gatewayApi('GET', `/api/services/${id}`, TOKENS.operator);
  if (!response.ok) throw new Error(`GET /api/services/${id} answered ${response.status}`);
  return ((await response.json()) as { status: string }).status;
}

/** Polls the gateway until the service has `status` (for hooks, where expect.poll is not allowed). */
export async function waitForServiceStatus(
  id: string,
  status: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = await serviceStatus(id);
    if (last === status) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${id} is still ${last}, not ${status}, after ${timeoutMs} ms`);
}
