import { VerifyResponse } from '@aether/contract';
import { describeProblem, safeJson, unreachableReason } from './gateway-client.js';
import type { CliIo } from './io.js';
import { PageRefused, serviceIdPages, VERIFY_PAGE_SIZE } from './service-pages.js';
import { formatVerifyTable } from './verify-table.js';

export interface VerifyOptions {
  gateway: string;
  tags: string[];
  services: string[];
  token?: string | undefined;
  /** Give up waiting for the gateway after this long (the whole run). */
  timeoutMs: number;
  /** Services per listed page and per verify request; default VERIFY_PAGE_SIZE. */
  pageSize?: number;
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

/** Service ids to verify, a page at a time: the named ones, then each tag's pages (deduplicated), or every page. */
async function* batchesOf(
  options: VerifyOptions,
  headers: Record<string, string>,
  signal: AbortSignal,
): AsyncGenerator<string[]> {
  const size = options.pageSize ?? VERIFY_PAGE_SIZE;
  const seen = new Set<string>();
  const fresh = (ids: string[]) => ids.filter((id) => !seen.has(id) && seen.add(id));
  for (let i = 0; i < options.services.length; i += size)
    yield fresh(options.services.slice(i, i + size));
  const queries =
    options.tags.length > 0
      ? options.tags.map((tag) => ({ tag }))
      : options.services.length > 0
        ? []
        : [{}];
  for (const query of queries)
    for await (const ids of serviceIdPages({
      gateway: options.gateway,
      query,
      headers,
      signal,
      pageSize: size,
    }))
      yield fresh(ids);
}

/** `aether verify`: runs the matching checks now, a page of services at a time; 0 all pass, 1 any fail, 2 when it could not be asked. */
export async function verify(options: VerifyOptions, io: CliIo): Promise<number> {
  const url = new URL('/api/verify', options.gateway);
  const headers: Record<string, string> = options.token
    ? { authorization: `Bearer ${options.token}` }
    : {};
  const what =
    [
      options.services.length ? `services ${options.services.join(', ')}` : '',
      options.tags.length ? `tags ${options.tags.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join(' and ') || 'every service';

  const signal = AbortSignal.timeout(options.timeoutMs);
  const stop = startProgress(io, `${what} at ${url.origin}`);
  const results: VerifyResponse['results'] = [];
  try {
    for await (const services of batchesOf(options, headers, signal)) {
      if (services.length === 0) continue;
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ services }),
        signal,
      });
      const text = await response.text();
      if (!response.ok) throw new PageRefused(response.status, text);
      const parsed = VerifyResponse.safeParse(safeJson(text));
      if (!parsed.success) {
        stop();
        io.err(
          `aether verify: ${url.origin} did not answer like an AETHER gateway (${parsed.error.issues[0]?.message ?? 'invalid body'})\n`,
        );
        return VERIFY_EXIT.unavailable;
      }
      results.push(...parsed.data.results);
    }
  } catch (error) {
    stop();
    if (error instanceof PageRefused) return reportRefusal(io, error);
    io.err(
      `aether verify: the gateway at ${url.origin} could not be reached: ${unreachableReason(error)}\n`,
    );
    return VERIFY_EXIT.unavailable;
  }
  stop();

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

function reportRefusal(io: CliIo, refused: PageRefused): number {
  if (refused.status === 401 || refused.status === 403) {
    io.err(
      `aether verify: ${describeProblem(refused.status, refused.text)}\n(pass an operator token with --token or AETHER_TOKEN)\n`,
    );
  } else {
    io.err(
      `aether verify: the gateway refused: ${describeProblem(refused.status, refused.text)}\n`,
    );
  }
  return VERIFY_EXIT.unavailable;
}
