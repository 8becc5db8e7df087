import type { Problem } from './common.js';
import {
  ApiError,
  NetworkError,
  type ApiClient,
  type ApiPage,
  type ApiRequestOptions,
} from './panel-context.js';
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

/**
 * The target of a `Link` header's rel="next" (RFC 8288), as a path and query: the gateway sends
 * `</api/services?limit=100&cursor=C>; rel="next"`. Null when there is no such link.
 */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!match) continue;
    const rels = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(match[2]!);
    const rel = (rels?.[1] ?? rels?.[2] ?? '').toLowerCase().split(/\s+/);
    if (!rel.includes('next')) continue;
    const target = match[1]!;
    // an absolute link names its own origin: keep only its path and query, the client has the base
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
      const url = new URL(target);
      return `${url.pathname}${url.search}`;
    }
    return target;
  }
  return null;
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
  ): Promise<ApiPage<T>> {
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
    return { data: data as T, next: nextLink(response.headers.get('link')) };
  }

  return {
    baseUrl,
    get: async <T>(path: string, options?: ApiRequestOptions) =>
      (await request<T>('GET', path, options)).data,
    getPage: <T>(path: string, options?: ApiRequestOptions) => request<T>('GET', path, options),
    post: async <T>(path: string, options?: ApiRequestOptions) =>
      (await request<T>('POST', path, options)).data,
    put: async <T>(path: string, options?: ApiRequestOptions) =>
      (await request<T>('PUT', path, options)).data,
    delete: async <T>(path: string, options?: ApiRequestOptions) =>
      (await request<T>('DELETE', path, options)).data,
  };
}
