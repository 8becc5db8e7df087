import { Problem, VerifyResponse } from '@aether/contract';
import type { CliIo } from './io.js';
import { formatVerifyTable } from './verify-table.js';

export const DEFAULT_GATEWAY = 'http://127.0.0.1:8080';

export interface VerifyOptions {
  gateway: string;
  tags: string[];
  services: string[];
  token?: string | undefined;
  /** Give up waiting for the gateway after this long. */
  timeoutMs: number;
}

/** Exit codes of `aether verify`, as scripts/deploy.sh reads them. */
export const VERIFY_EXIT = { pass: 0, fail: 1, unavailable: 2 } as const;

/** Shows the time spent while the gateway runs the checks: redrawn on a terminal, one line otherwise. */
function startProgress(io: CliIo, what: string): () => void {
  const started = Date.now();
  io.err(`verifying ${what}…${io.interactive ? '' : '\n'}`);
  if (!io.interactive)
    return () => io.err(`done in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  const timer = setInterval(
    () => io.err(`\rverifying ${what}… ${Math.round((Date.now() - started) / 1000)}s`),
    1000,
  );
  return () => {
    clearInterval(timer);
    io.err(`\rverifying ${what}… done in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  };
}

function describeProblem(status: number, text: string): string {
  try {
    const problem = Problem.parse(JSON.parse(text));
    return `${problem.status} ${problem.title}${problem.detail ? `: ${problem.detail}` : ''}`;
  } catch {
    return `HTTP ${status}`;
  }
}

/** `aether verify`: asks the gateway to run the matching checks now; 0 all pass, 1 any fail, 2 when it could not be asked. */
export async function verify(options: VerifyOptions, io: CliIo): Promise<number> {
  const url = new URL('/api/verify', options.gateway);
  const body: Record<string, string[]> = {};
  if (options.services.length) body.services = options.services;
  if (options.tags.length) body.tags = options.tags;
  const what =
    [
      options.services.length ? `services ${options.services.join(', ')}` : '',
      options.tags.length ? `tags ${options.tags.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join(' and ') || 'every service';

  const stop = startProgress(io, `${what} at ${url.origin}`);
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    stop();
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    io.err(
      `aether verify: the gateway at ${url.origin} could not be reached: ${cause?.code ?? cause?.message ?? (error as Error).message}\n`,
    );
    return VERIFY_EXIT.unavailable;
  }
  stop();

  if (response.status === 401 || response.status === 403) {
    io.err(
      `aether verify: ${describeProblem(response.status, text)}\n(pass an operator token with --token or AETHER_TOKEN)\n`,
    );
    return VERIFY_EXIT.unavailable;
  }
  if (!response.ok) {
    io.err(`aether verify: the gateway refused: ${describeProblem(response.status, text)}\n`);
    return VERIFY_EXIT.unavailable;
  }
  const parsed = VerifyResponse.safeParse(safeJson(text));
  if (!parsed.success) {
    io.err(
      `aether verify: ${url.origin} did not answer like an AETHER gateway (${parsed.error.issues[0]?.message ?? 'invalid body'})\n`,
    );
    return VERIFY_EXIT.unavailable;
  }
  const { results } = parsed.data;
  if (results.length === 0) {
    // nothing verified is not a pass: a deploy must not be called good because a tag matched nothing
    io.err(`aether verify: no check matched ${what}\n`);
    return VERIFY_EXIT.fail;
  }
  io.out(formatVerifyTable(results, { color: io.color }));
  const failed = results.filter((r) => !r.success).length;
  // worded as checks passing/failing, not as a test runner's "N passed, N failed" line, which CI logs would read as test results
  io.out(
    `\n${results.length} ${results.length === 1 ? 'check' : 'checks'}: ${results.length - failed} passing, ${failed} failing\n`,
  );
  return failed === 0 ? VERIFY_EXIT.pass : VERIFY_EXIT.fail;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
