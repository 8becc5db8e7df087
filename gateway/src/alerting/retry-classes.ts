import type { SendOutcome } from './types.js';

/**
 * One place decides which failures are worth another attempt (PRODUCT.md: network errors, 5xx
 * and 429 with Retry-After; other 4xx fail at once), so every channel classifies alike.
 */
export function classifyHttpStatus(
  status: number,
  retryAfter: string | null,
  nowMs: number,
  bodyExcerpt = '',
): SendOutcome {
  if (status >= 200 && status < 300) return { outcome: 'delivered', status };
  const retryable = status >= 500 || status === 429;
  const retryAfterMs = retryable ? parseRetryAfter(retryAfter, nowMs) : undefined;
  const detail = bodyExcerpt.trim() ? `: ${bodyExcerpt.trim().slice(0, 200)}` : '';
  return {
    outcome: 'failed',
    retryable,
    status,
    error: `HTTP ${status}${detail}`,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
}

/** A connection that failed, timed out or was cut: the receiver may be back soon. */
export function networkFailure(error: unknown): SendOutcome {
  return { outcome: 'failed', retryable: true, error: describeNetworkError(error) };
}

/** A channel that cannot work as configured (a missing variable, a bad URL): retrying won't help. */
export function configFailure(message: string): SendOutcome {
  return { outcome: 'failed', retryable: false, error: message };
}

/** `Retry-After` is seconds or an HTTP date (RFC 9110 §10.2.3); anything else is ignored. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date ends in GMT; Date.parse alone would read "-1" as a year.
  const at = /GMT$/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timed out';
  // fetch wraps the socket error: "fetch failed" says nothing, its cause says ECONNREFUSED.
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code ? `${code}: ${cause.message}` : cause.message;
  }
  return error.message;
}
