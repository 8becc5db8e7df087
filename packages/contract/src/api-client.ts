import type { Problem } from './common.js';
import { ApiError, NetworkError, type ApiClient, type ApiRequestOptions } from './panel-context.js';
import { CSRF_HEADER } from './http-constants.js';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Problem).title === 'string' &&
    typeof (value as Problem).status === 'number'
  );
}

function buildUrl(baseUrl: string, path: string, query: ApiRequestOptions['query']): string {
  const url = new URL(
    `${baseUrl}${path.startsWith('/') ? path : `/${path}`}`,
    globalThis.location?.href,
  );
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.toString();
}

/**
 * The gateway client handed to panels: cookie session (credentials: 'include'), the CSRF header
 * on every mutating method, problem+json turned into ApiError, a failed fetch into NetworkError.
 */
export function createApiClient(
  baseUrl: string,
  fetchImpl: typeof fetch = (...args) => fetch(...args),
): ApiClient {
  async function request<T>(
    method: Method,
    path: string,
    options: ApiRequestOptions = {},
  ): Promise<T> {
    const headers: Record<string, string> = {
      accept: 'application/json, application/problem+json',
    };
    if (method !== 'GET') headers[CSRF_HEADER] = '1';
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetchImpl(buildUrl(baseUrl, path, options.query), {
        method,
        headers,
        credentials: 'include',
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
      });
    } catch (error) {
      // An abort is the caller's own decision, not an outage: let it through as is.
      if (options.signal?.aborted || (error as Error)?.name === 'AbortError') throw error;
      throw new NetworkError(
        `${method} ${path}: the gateway at ${baseUrl} cannot be reached (${(error as Error).message})`,
      );
    }
    const text = response.status === 204 ? '' : await response.text();
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = text;
    }
    if (!response.ok) {
      const problem: Problem = isProblem(data)
        ? data
        : {
            type: 'about:blank',
            title: response.statusText || `HTTP ${response.status}`,
            status: response.status,
          };
      throw new ApiError(response.status, problem, data ?? problem);
    }
    return data as T;
  }

  return {
    baseUrl,
    get: (path, options) => request('GET', path, options),
    post: (path, options) => request('POST', path, options),
    put: (path, options) => request('PUT', path, options),
    delete: (path, options) => request('DELETE', path, options),
  };
}
