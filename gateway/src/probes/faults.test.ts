import { CheckResult as CheckResultSchema, type CheckResult } from '@aether/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckConfig, ServiceConfig } from '../config/schema.js';
import { describeCause } from '../monitor/status-machine.js';
import { SILENT_NAME, startFaultTargets, type FaultTargets } from '../testing/fault-targets.js';
import { closedPort } from '../testing/tcp-target.js';
import { describeTarget } from './check-target.js';
import { MAX_BODY_BYTES, probeHttp } from './http-probe.js';
import { runProbe } from './index.js';
import { toCheckResult } from './probe-result.js';

/**
 * The fault suite: one real loopback target per way a service breaks. Each probe must end
 * `down` with a cause an operator understands (the incident text, asserted), inside the
 * check's timeout, and never read more of a runaway body than MAX_BODY_BYTES (plus the one
 * chunk that crossed it) — counted in bytes the probe read, not in time.
 */

const TIMEOUT_MS = 1000;
/** The deadline fires at the timeout; this is room for the event loop of a busy CI machine. */
const SCHEDULING_SLACK_MS = 1000;
/** undici hands the body over in socket-sized chunks; one may cross the cap. */
const ONE_CHUNK = 64 * 1024;

let faults: FaultTargets;
beforeAll(async () => {
  faults = await startFaultTargets();
});
const causes: string[] = [];
afterAll(async () => {
  await faults?.close();
  // the figures for the README's security section
  console.log(`fault suite: ${causes.length} kinds\n${causes.join('\n')}`);
});

interface Run {
  result: CheckResult;
  bodyBytesRead?: number;
}

async function http(baseUrl: string, check: Record<string, unknown>): Promise<Run> {
  const service = ServiceConfig.parse({ id: 'svc', name: 'Service', baseUrl });
  const parsed = CheckConfig.parse({
    id: 'c',
    type: 'http',
    timeout: `${TIMEOUT_MS}ms`,
    ...check,
  });
  if (parsed.type !== 'http') throw new Error('not an http check');
  const outcome = await probeHttp(service, parsed);
  return {
    result: toCheckResult(service, parsed, outcome, describeTarget(service, parsed)),
    bodyBytesRead: outcome.bodyBytesRead,
  };
}

async function other(check: Record<string, unknown>): Promise<Run> {
  const service = ServiceConfig.parse({ id: 'svc', name: 'Service' });
  const parsed = CheckConfig.parse({ id: 'c', timeout: `${TIMEOUT_MS}ms`, ...check });
  return { result: await runProbe(service, parsed) };
}

const port = (url: string) => Number(new URL(url).port);

const CASES: Array<[kind: string, run: () => Promise<Run>, cause: RegExp]> = [
  ['hang', () => http(faults.http, { path: '/hang' }), /^timeout: timed out/],
  ['slow headers', () => http(faults.raw, { path: '/slow-headers' }), /^timeout: timed out/],
  ['slow body', () => http(faults.http, { path: '/slow-body' }), /^timeout: timed out/],
  ['connection reset', () => http(faults.raw, { path: '/reset' }), /^reset: /],
  [
    '5xx',
    () => http(faults.http, { path: '/status/503', expect: { status: [200] } }),
    /^status: expected 200, got 503$/,
  ],
  [
    'expired TLS certificate',
    () => http(faults.expired.url, { path: '/', ca: faults.expired.ca }),
    /^tls: .*certificate has expired/,
  ],
  [
    'self-signed TLS certificate',
    () => http(faults.selfSigned.url, { path: '/' }),
    /^tls: .*self.signed certificate/,
  ],
  [
    'expired TLS certificate (tls check)',
    () =>
      other({
        type: 'tls',
        host: '127.0.0.1',
        port: port(faults.expired.url),
        ca: faults.expired.ca,
      }),
    /^certificate\.chainValid: expected valid, got invalid: certificate has expired \(CERT_HAS_EXPIRED\)$/,
  ],
  [
    'self-signed TLS certificate (tls check)',
    () => other({ type: 'tls', host: '127.0.0.1', port: port(faults.selfSigned.url) }),
    /^certificate\.chainValid: expected valid, got invalid: self-signed certificate \(DEPTH_ZERO_SELF_SIGNED_CERT\)$/,
  ],
  [
    'NXDOMAIN on the test resolver',
    () =>
      other({
        type: 'dns',
        name: 'missing.aether.test',
        recordType: 'A',
        server: faults.dnsServer,
      }),
    /^dns: .*(NXDOMAIN|does not exist|not found)/i,
  ],
  [
    'a resolver that never answers',
    () => other({ type: 'dns', name: SILENT_NAME, recordType: 'A', server: faults.dnsServer }),
    /^timeout: timed out/,
  ],
  [
    'connection refused (tcp check)',
    async () => other({ type: 'tcp', host: '127.0.0.1', port: await closedPort() }),
    /^refused: /,
  ],
  [
    '100 MB body',
    () => http(faults.http, { path: '/huge' }),
    /^body-too-large: the body is over 1048576 bytes/,
  ],
  [
    'endless chunked body',
    () => http(faults.http, { path: '/endless' }),
    /^body-too-large: the body is over 1048576 bytes/,
  ],
  [
    'redirect loop',
    () => http(faults.http, { path: '/loop' }),
    /^too-many-redirects: more than \d+ redirects/,
  ],
  [
    'redirect off-host',
    () => http(faults.http, { path: '/off-host' }),
    /^redirect-off-host: redirected from 127\.0\.0\.1:\d+ to http:\/\/localhost:\d+/,
  ],
  [
    'redirect from https to http on the same host and port',
    () => http(faults.selfSigned.url, { path: '/downgrade', ca: faults.selfSigned.ca }),
    /^redirect-off-host: .*never follows a downgrade from https to http/,
  ],
  [
    'invalid JSON with a json condition',
    () => http(faults.http, { path: '/invalid-json', expect: { json: { '$.status': 'ok' } } }),
    /^invalid-json: the body is not JSON: .*; json \$\.status: expected "ok", got invalid JSON$/,
  ],
  [
    'wrong content type with a header condition',
    () => http(faults.http, { path: '/html', expect: { headers: { 'content-type': '/json/' } } }),
    /^header content-type: expected \/json\/, got text\/html/,
  ],
];

describe('probes against broken targets', () => {
  it.each(CASES)('%s ends down with a cause a person understands', async (kind, run, cause) => {
    const { result, bodyBytesRead } = await run();
    expect(CheckResultSchema.parse(result)).toEqual(result);
    expect(result.status).toBe('down');
    const text = describeCause(result, 'down', 1);
    causes.push(`${kind}: ${text}`);
    expect(text).toMatch(cause);
    expect(result.durationMs).toBeLessThan(TIMEOUT_MS + SCHEDULING_SLACK_MS);
    if (bodyBytesRead !== undefined)
      expect(bodyBytesRead).toBeLessThanOrEqual(MAX_BODY_BYTES + ONE_CHUNK);
  });

  it('stops reading a 100 MB body at the cap: the target could hand over only a sliver', async () => {
    const before = faults.sent['/huge'];
    const { bodyBytesRead } = await http(faults.http, { path: '/huge' });
    expect(bodyBytesRead).toBeGreaterThan(MAX_BODY_BYTES);
    expect(bodyBytesRead).toBeLessThanOrEqual(MAX_BODY_BYTES + ONE_CHUNK);
    // what the kernel's socket buffers took on top of what the probe read, far from 100 MB
    expect(faults.sent['/huge'] - before).toBeLessThan(64 * 1024 * 1024);
  });
});
