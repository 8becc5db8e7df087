import { ApiError, CSRF_HEADER, NetworkError, type ApiClient, type ApiRequestOptions, type Problem } from '@aether/contract';

/**
 * An ApiClient over fetch, as the shell provides one: JSON in and out, the session cookie, the
 * CSRF header on mutating calls, and ApiError (status, problem, full body) for any non-2xx.
 * For standalone development and tests only; inside the shell the panel uses the shell's client.
 */
export function createFetchApiClient(baseUrl: string, fetchImpl: typeof fetch = (...args) => fetch(...args)): ApiClient {
  const request = async <T>(method: string, path: string, options: ApiRequestOptions = {}): Promise<T> => {
    const url = new URL(`${baseUrl.replace(/\/$/, '')}${path}`, globalThis.location?.href);
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (method !== 'GET') headers[CSRF_HEADER] = '1';
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method,
        headers,
        credentials: 'include',
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new NetworkError(error instanceof Error ? error.message : String(error));
    }
    const text = await response.text();
    const body: unknown = text ? safeJson(text) : undefined;
    if (!response.ok) {
      const problem: Problem =
        body && typeof body === 'object' && 'title' in body ? (body as Problem) : { type: 'about:blank', title: response.statusText || 'Request failed', status: response.status };
      throw new ApiError(response.status, problem, body ?? problem);
    }
    return body as T;
  };
  return {
    baseUrl,
    get: (path, options) => request('GET', path, options),
    post: (path, options) => request('POST', path, options),
    put: (path, options) => request('PUT', path, options),
    delete: (path, options) => request('DELETE', path, options),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
