import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import type { CapturedResponse } from '@aether/contract';
import type { Clock } from '../clock.js';
import type { BuiltRequest } from './build-request.js';
import type { Redactor } from './secrets.js';

/** At most this much of a response body is kept; the rest is counted and dropped. */
export const CAPTURE_LIMIT = 256 * 1024;
const MAX_REDIRECTS = 5;
/** Past this, stop even counting: the service is streaming far more than an admin endpoint should. */
const DRAIN_LIMIT = 64 * 1024 * 1024;

/** Why a request produced no response; `message` is already redacted. */
export class SendFailure extends Error {
  constructor(
    readonly kind:
      'timeout' | 'redirect-off-host' | 'redirect-off-base' | 'too-many-redirects' | 'network',
    message: string,
    readonly durationMs: number,
  ) {
    super(message);
    this.name = 'SendFailure';
  }
}

export interface SendOptions {
  timeoutMs: number;
  clock: Clock;
  redactor: Redactor;
}

/**
 * Sends a built request and captures the answer: status, headers, at most 256 KiB of body (with
 * the total size, a truncated flag and a marker where it was cut), duration. Redirects are
 * followed only while they stay on the same origin and under the baseUrl's path, and without the
 * operation's own headers; one that points anywhere else is refused without a request going there. Every
 * string that comes back passes through the redactor, since a service may echo a secret header.
 */
export async function sendRequest(
  built: BuiltRequest,
  options: SendOptions,
): Promise<CapturedResponse> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  const controller = new AbortController();
  const timer = options.clock.setTimeout(() => controller.abort(), options.timeoutMs);
  const origin = built.url.origin;
  let url = built.url;
  let method: string = built.method;
  let body = built.body;
  const headers = { ...built.headers };
  try {
    for (let hop = 0; ; hop++) {
      const response = await request(url, {
        method: method as 'GET',
        headers,
        body,
        signal: controller.signal,
      });
      const location = response.headers.location;
      if (response.statusCode >= 300 && response.statusCode < 400 && typeof location === 'string') {
        await response.body.dump();
        const next = new URL(location, url);
        if (next.origin !== origin)
          throw new SendFailure(
            'redirect-off-host',
            `refused a redirect to another host (${next.host}): operations only talk to the service's baseUrl`,
            elapsed(),
          );
        if (!withinBase(next.pathname, built.basePath))
          throw new SendFailure(
            'redirect-off-base',
            `refused a redirect outside the service's base path (${built.basePath || '/'}): operations only talk to the service's baseUrl`,
            elapsed(),
          );
        // The credentials were meant for the URL the operation names, not wherever it points next.
        for (const name of [...built.configuredHeaders, 'authorization', 'cookie'])
          delete headers[name];
        if (hop >= MAX_REDIRECTS)
          throw new SendFailure(
            'too-many-redirects',
            `more than ${MAX_REDIRECTS} redirects`,
            elapsed(),
          );
        if (
          response.statusCode === 303 ||
          ((response.statusCode === 301 || response.statusCode === 302) && method === 'POST')
        ) {
          method = 'GET';
          body = null;
          delete headers['content-type'];
        }
        url = next;
        continue;
      }
      // read past the cap by the fixed tail truncatedText drops, so what is shown is the cap itself
      const { text, bytes, truncated } = await capture(
        response.body,
        controller,
        CAPTURE_LIMIT + options.redactor.tailLength,
      );
      return {
        status: response.statusCode,
        headers: flattenHeaders(response.headers, options.redactor),
        body: options.redactor.truncatedText(text, truncated),
        bytes,
        truncated,
        durationMs: elapsed(),
      };
    }
  } catch (error) {
    if (error instanceof SendFailure) throw error;
    if (controller.signal.aborted)
      throw new SendFailure(
        'timeout',
        `no complete answer within ${options.timeoutMs}ms`,
        elapsed(),
      );
    const cause =
      (error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
    const message = `${(error as Error).message}${cause ? ` (${cause})` : ''}`;
    throw new SendFailure('network', options.redactor.text(message), elapsed());
  } finally {
    options.clock.clearTimeout(timer);
  }
}

/** `/api` holds `/api` and `/api/x`, not `/apix`; an empty base holds everything. */
function withinBase(pathname: string, basePath: string): boolean {
  return basePath === '' || pathname === basePath || pathname.startsWith(`${basePath}/`);
}

async function capture(
  body: AsyncIterable<Buffer>,
  controller: AbortController,
  limit: number,
): Promise<{ text: string; bytes: number; truncated: boolean }> {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let bytes = 0;
  for await (const chunk of body) {
    bytes += chunk.length;
    if (keptBytes < limit) {
      const part = chunk.subarray(0, limit - keptBytes);
      kept.push(part);
      keptBytes += part.length;
    }
    if (bytes > DRAIN_LIMIT) {
      controller.abort();
      break;
    }
  }
  return { text: Buffer.concat(kept).toString('utf8'), bytes, truncated: bytes > keptBytes };
}

function flattenHeaders(
  headers: Record<string, string | string[] | undefined>,
  redactor: Redactor,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = redactor.text(Array.isArray(value) ? value.join(', ') : value);
  }
  return out;
}
