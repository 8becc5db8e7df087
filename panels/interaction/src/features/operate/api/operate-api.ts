import type {
  ApiClient,
  ApprovalList,
  DryRunResponse,
  InvokeResponse,
  OperationList,
  ServiceDetail,
  ServiceList,
} from '@aether/contract';

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

/** The service's allow-list, to find the operation to run (the catalog feature has its own call). */
export function getOperations(api: ApiClient, serviceId: string, signal: AbortSignal) {
  return api.get<OperationList>(`/api/services/${encodeURIComponent(serviceId)}/operations`, {
    signal,
  });
}

/** Every service, for the name of the one the operation belongs to. */
export function getServices(api: ApiClient, signal: AbortSignal) {
  return api.get<ServiceList>('/api/services', { signal });
}

/** The four-eyes queue, to catch up on a decision made while the stream was away. */
export function getApprovals(api: ApiClient, signal: AbortSignal) {
  return api.get<ApprovalList>('/api/approvals', { signal });
}

/** The service with its checks and their latest results: the operation page's live health. */
export function getServiceDetail(api: ApiClient, serviceId: string, signal: AbortSignal) {
  return api.get<ServiceDetail>(`/api/services/${encodeURIComponent(serviceId)}`, { signal });
}
