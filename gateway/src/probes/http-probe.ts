import { readFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import type { ConditionResult, ProbeError } from '@aether/contract';
import { evaluateConditions } from '../conditions/evaluate.js';
import type { HttpCheckConfig, ServiceConfig } from '../config/schema.js';
import { ClassifiedError, classifyError } from './classify-error.js';
import { startDeadline } from './deadline.js';
import { exchange, type Exchange } from './http-exchange.js';
import { daysUntil, now, type ProbeOutcome } from './probe-result.js';
import { openTimed, type ConnectionTimings } from './timed-connector.js';
import { redactUrl } from '../config/redact-url.js';

/** Bodies larger than this are not read further: a probe must not buffer a runaway response. */
export const MAX_BODY_BYTES = 1_048_576;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

interface Response {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What the probe read of response bodies, so tests can hold it to MAX_BODY_BYTES (not only to time). */
export interface HttpProbeOutcome extends ProbeOutcome {
  bodyBytesRead: number;
}

/**
 * GET (or the configured method) the check's URL on a fresh connection, following redirects
 * only while they stay on the same host and port — the gateway must never be steered to
 * another host — then evaluate the expectations.
 */
export async function probeHttp(
  service: ServiceConfig,
  check: HttpCheckConfig,
  outer?: AbortSignal,
): Promise<HttpProbeOutcome> {
  let url = checkUrl(service, check);
  const startedAt = Date.now();
  const started = now();
  const deadline = startDeadline(check.timeout, outer);
  const timings: ConnectionTimings = {};
  const sockets = new Set<Socket>();
  const errors: ProbeError[] = [];
  let response: Response | undefined;
  let firstByte: number | undefined;
  const read = { bytes: 0 };

  try {
    const ca = await loadCa(check.ca);
    let method = check.method;
    let body = check.body;
    for (let hops = 0; ; hops += 1) {
      const sentAt = now();
      const reply = await send(url, method, check.headers, body, {
        ca,
        signal: deadline.signal,
        timings,
        sockets,
        read,
      });
      const head = await reply.head;
      firstByte = now() - (timings.readyAt ?? sentAt);
      const location = head.headers.location;
      if (!REDIRECTS.has(head.status) || !location || check.followRedirects === 0) {
        response = { status: head.status, headers: head.headers, body: await reply.body };
        break;
      }
      const next = new URL(location, url);
      // Same host and port or not, leaving TLS would send the request (and read the answer) in clear.
      if (url.protocol === 'https:' && next.protocol === 'http:') {
        throw new ClassifiedError(
          'redirect-off-host',
          `redirected from https to ${next.protocol}//${next.host}; a probe never follows a downgrade from https to http`,
        );
      }
      if (next.host !== url.host || !/^https?:$/.test(next.protocol)) {
        throw new ClassifiedError(
          'redirect-off-host',
          `redirected from ${url.host} to ${next.protocol}//${next.host}; only redirects within ${url.host} are followed`,
        );
      }
      if (hops + 1 > check.followRedirects) {
        throw new ClassifiedError(
          'too-many-redirects',
          // the Location is the target's: shown like any URL (no userinfo, no query values)
          `more than ${check.followRedirects} redirects (last to ${redactUrl(next.href)})`,
        );
      }
      // As browsers do: 303, and 301/302 after a POST, continue as a GET without the body.
      const statusCode = head.status;
      if (statusCode === 303 || ((statusCode === 301 || statusCode === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
      url = next;
      // A fresh connection per hop keeps phase timings meaningful and the target explicit (a
      // redirect's body is not read).
      reply.socket.destroy();
    }
  } catch (error) {
    errors.push(classifyError(error, deadline.timedOut));
  } finally {
    deadline.dispose();
    for (const socket of sockets) socket.destroy();
  }

  const total = now() - started;
  const certificateDaysLeft = timings.certificateValidTo
    ? daysUntil(timings.certificateValidTo)
    : undefined;
  const evaluation = evaluateConditions(
    {
      status: check.expect.status,
      maxLatencyMs: check.expect.maxLatency,
      json: check.expect.json,
      bodyContains: check.expect.bodyContains,
      headers: check.expect.headers,
      certificate: check.expect.certificate,
    },
    {
      latencyMs: total,
      httpStatus: response?.status,
      body: response?.body,
      headers: response?.headers,
      certificateDaysLeft,
    },
  );
  // Conditions stay listed after an error ("no response"), so the UI shows what was expected.
  const conditions: ConditionResult[] = evaluation.conditions;
  errors.push(...evaluation.errors);
  const outcome: HttpProbeOutcome = {
    bodyBytesRead: read.bytes,
    startedAt,
    conditions,
    errors,
    durationMs: total,
    timings: { dns: timings.dns, connect: timings.connect, tls: timings.tls, firstByte, total },
  };
  if (response) outcome.httpStatus = response.status;
  if (certificateDaysLeft !== undefined) outcome.certificateDaysLeft = certificateDaysLeft;
  return outcome;
}

/**
 * One request on a connection of its own (opened and timed by openTimed, `Connection: close`),
 * written and read by http-exchange. The deadline's signal aborts both.
 */
async function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  connection: Parameters<typeof openTimed>[1] & { read: { bytes: number } },
): Promise<Exchange & { socket: Socket }> {
  const socket = await openTimed(
    { protocol: url.protocol, hostname: url.hostname, port: url.port },
    connection,
  );
  const reply = exchange(
    socket,
    { method, path: `${url.pathname}${url.search}`, host: url.host, headers, body },
    { signal: connection.signal, maxBodyBytes: MAX_BODY_BYTES, read: connection.read },
  );
  return { ...reply, socket };
}

/** Each check's URL, parsed once per config rather than twice per probe (never mutated). */
const checkUrls = new WeakMap<HttpCheckConfig, { baseUrl: string | undefined; url: URL }>();

function checkUrl(service: ServiceConfig, check: HttpCheckConfig): URL {
  const known = checkUrls.get(check);
  if (known && known.baseUrl === service.baseUrl) return known.url;
  const url = new URL(check.url ?? new URL(check.path, service.baseUrl).href);
  checkUrls.set(check, { baseUrl: service.baseUrl, url });
  return url;
}

/** CA files by path: read once, not on every probe of every check that names them. */
const caFiles = new Map<string, Promise<string>>();

/** `ca` is inline PEM or a file path (the loader made it absolute). */
export async function loadCa(ca: string | undefined): Promise<string | undefined> {
  if (ca === undefined) return undefined;
  if (ca.includes('-----BEGIN')) return ca;
  let pending = caFiles.get(ca);
  if (!pending) {
    pending = readFile(ca, 'utf8');
    caFiles.set(ca, pending);
    // A missing file may appear later; do not remember the failure.
    pending.catch(() => caFiles.delete(ca));
  }
  try {
    return await pending;
  } catch (error) {
    throw new ClassifiedError('tls', `cannot read the CA file ${ca}: ${(error as Error).message}`);
  }
}
