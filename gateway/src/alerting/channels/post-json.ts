import type { Redactor } from '../../operations/secrets.js';
import { classifyHttpStatus, networkFailure } from '../retry-classes.js';
import type { SendOutcome } from '../types.js';

export interface PostOptions {
  headers?: Record<string, string>;
  timeoutMs: number;
  nowMs: number;
  redactor: Redactor;
}

/** One POST of a JSON body, classified; errors leave with every secret scrubbed. */
export async function postJson(
  url: string,
  body: string,
  options: PostOptions,
): Promise<SendOutcome> {
  let outcome: SendOutcome;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'aether-grid',
        ...options.headers,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const excerpt = response.ok ? '' : (await response.text().catch(() => '')).slice(0, 500);
    if (response.ok) await response.body?.cancel().catch(() => undefined);
    outcome = classifyHttpStatus(
      response.status,
      response.headers.get('retry-after'),
      options.nowMs,
      excerpt,
    );
  } catch (error) {
    outcome = networkFailure(error);
  }
  if (outcome.outcome === 'failed') outcome.error = options.redactor.text(outcome.error);
  return outcome;
}
