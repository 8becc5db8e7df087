import { CSRF_HEADER } from '@aether/contract';
import { refuse, type Refused } from '../domain/refusal.js';
import type { CallerVia } from './identity.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CsrfRequest {
  method: string;
  via: CallerVia;
  /** The Origin header, '' when absent. */
  origin: string;
  /** The custom header's value, '' when absent. */
  csrfHeader: string;
  /** The gateway's own origin (same-origin requests are always fine). */
  selfOrigin: string;
}

const csrfRefusal = (detail: string) =>
  refuse('forbidden', detail, { code: 'csrf', title: 'Cross-site request refused' });

/**
 * Browsers attach the session cookie by themselves, so a request that rides on it and changes
 * something must prove it comes from our own pages: a custom header (which a cross-site form or
 * simple fetch cannot set without a CORS preflight we refuse) and, when the browser names its
 * origin, an origin from server.allowedOrigins. Bearer callers are not at risk: nothing attaches
 * their token for them. An Origin header on a cookie-less mutating request (a login form posted
 * from elsewhere) is checked too. Returns the refusal, or undefined when the request is safe.
 */
export function csrfRefusalOf(
  request: CsrfRequest,
  allowedOrigins: readonly string[],
): Refused | undefined {
  if (SAFE_METHODS.has(request.method) || request.via === 'bearer') return undefined;
  if (
    request.origin &&
    request.origin !== request.selfOrigin &&
    !allowedOrigins.includes(request.origin)
  ) {
    return csrfRefusal(`Origin ${request.origin} is not in server.allowedOrigins`);
  }
  if (request.via === 'session' && request.csrfHeader === '') {
    return csrfRefusal(
      `A request authenticated by the session cookie must send the ${CSRF_HEADER} header`,
    );
  }
  return undefined;
}
