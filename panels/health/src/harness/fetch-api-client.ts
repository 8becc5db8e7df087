import { ApiError, CSRF_HEADER, NetworkError, type ApiClient, type ApiRequestOptions, type Problem } from '@aether/contract';

/**
 * A small ApiClient over fetch, standing in for the shell's in standalone dev and tests: same
 * errors (ApiError with the problem body, NetworkError when nothing answers), same CSRF header.
 */
export function createFetchApiClient(baseUrl: string, fetchImpl: typeof fetch = (...args) => fetch(...args)): ApiClient {
  async function request<T>(method: string, path: string, { query, body, signal }: ApiRequestOptions = {}): Promise<T> {
    const url = new URL(path, baseUrl);
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET') headers[CSRF_HEADER] = '1';
    let response: Response;
    try {
      response = await fetchImpl(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal, credentials: 'include' });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new NetworkError(error instanceof Error ? error.message : String(error));
    }
    const text = await response.text();
    const json: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      const problem = (json as Problem | undefined) ?? { type: 'about:blank', title: response.statusText, status: response.status };
      throw new ApiError(response.status, problem, json);
    }
    return json as T;
  }
  return {
    baseUrl,
    get: (path, options) => request('GET', path, options),
    post: (path, options) => request('POST', path, options),
    put: (path, options) => request('PUT', path, options),
    delete: (path, options) => request('DELETE', path, options),
  };
}
