import type { ApiClient, DryRunResponse, InvokeResponse } from '@aether/contract';

const base = (serviceId: string, operationId: string) =>
  `/api/services/${encodeURIComponent(serviceId)}/operations/${encodeURIComponent(operationId)}`;

export function dryRun(
  api: ApiClient,
  serviceId: string,
  operationId: string,
  params: Record<string, unknown>,
) {
  return api.post<DryRunResponse>(`${base(serviceId, operationId)}/dry-run`, { body: { params } });
}

/** Without a token a mutating operation answers 428 (thrown as ApiError carrying ConfirmationRequired). */
export function invoke(
  api: ApiClient,
  serviceId: string,
  operationId: string,
  params: Record<string, unknown>,
  confirmToken?: string,
) {
  return api.post<InvokeResponse>(`${base(serviceId, operationId)}/invoke`, {
    body: confirmToken ? { params, confirmToken } : { params },
  });
}
