import type { ApiClient, VerifyRequest, VerifyResponse } from '@aether/contract';

export function postVerify(
  api: ApiClient,
  request: VerifyRequest,
  signal?: AbortSignal,
): Promise<VerifyResponse> {
  return api.post<VerifyResponse>('/api/verify', { body: request, signal });
}
