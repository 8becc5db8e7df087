import path from 'node:path';
import { freePort, start, type Child } from './spawn.js';

/** Where the fault targets listen (see fault-target-main.ts). */
export interface FaultTargetUrls {
  http: string;
  raw: string;
  expired: { url: string; ca: string };
  selfSigned: { url: string; ca: string };
  dnsServer: string;
  silentName: string;
}

export interface FaultTarget {
  urls: FaultTargetUrls;
  child: Child;
  stop(): Promise<void>;
}

/** Starts bench/src/lib/fault-target-main.ts in its own process and reads where it listens. */
export async function startFaultTarget(root: string): Promise<FaultTarget> {
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  const child = start(tsx, [path.join(root, 'bench/src/lib/fault-target-main.ts')], {
    cwd: root,
  });
  const deadline = Date.now() + 30_000;
  let line: string | undefined;
  while (
    !(line = child
      .output()
      .split('\n')
      .find((l) => l.startsWith('faults ')))
  ) {
    if (Date.now() > deadline || child.process.exitCode !== null)
      throw new Error(`fault targets did not start: ${child.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const urls = JSON.parse(line.slice('faults '.length)) as FaultTargetUrls;
  return { urls, child, stop: async () => void (await child.stop()) };
}

/** One service per fault kind and copy, each with one check that must end `down`. */
export interface FaultKind {
  kind: string;
  service: (i: number) => Record<string, unknown>;
}

/**
 * The probe fault suite's kinds (gateway/src/probes/faults.test.ts), as config: each a service
 * whose one check ends `down` with the cause the suite asserts. `closedPort` is a port nobody
 * listens on (connection refused).
 */
export function faultKinds(
  urls: FaultTargetUrls,
  closedPort: number,
  interval: string,
  timeout: string,
): FaultKind[] {
  const portOf = (url: string) => Number(new URL(url).port);
  const other = (kind: string, check: Record<string, unknown>, baseUrl?: string): FaultKind => ({
    kind,
    service: (i) => ({
      id: `fault-${kind}-${i}`,
      name: `Fault ${kind} ${i}`,
      group: 'faults',
      tags: ['fault'],
      ...(baseUrl !== undefined && { baseUrl }),
      checks: [{ id: 'c', interval, timeout, failAfter: 1, ...check }],
    }),
  });
  const http = (kind: string, baseUrl: string, check: Record<string, unknown>) =>
    other(kind, { type: 'http', ...check }, baseUrl);
  return [
    http('hang', urls.http, { path: '/hang' }),
    http('slow-headers', urls.raw, { path: '/slow-headers' }),
    http('slow-body', urls.http, { path: '/slow-body' }),
    http('reset', urls.raw, { path: '/reset' }),
    http('5xx', urls.http, { path: '/status/503', expect: { status: [200] } }),
    http('expired-tls', urls.expired.url, { path: '/', ca: urls.expired.ca }),
    http('self-signed-tls', urls.selfSigned.url, { path: '/' }),
    other('expired-tls-check', {
      type: 'tls',
      host: '127.0.0.1',
      port: portOf(urls.expired.url),
      ca: urls.expired.ca,
    }),
    other('self-signed-tls-check', {
      type: 'tls',
      host: '127.0.0.1',
      port: portOf(urls.selfSigned.url),
    }),
    other('nxdomain', {
      type: 'dns',
      name: 'missing.aether.test',
      recordType: 'A',
      server: urls.dnsServer,
    }),
    other('silent-resolver', {
      type: 'dns',
      name: urls.silentName,
      recordType: 'A',
      server: urls.dnsServer,
    }),
    other('refused', { type: 'tcp', host: '127.0.0.1', port: closedPort }),
    http('100mb-body', urls.http, { path: '/huge' }),
    http('endless-body', urls.http, { path: '/endless' }),
    http('redirect-loop', urls.http, { path: '/loop' }),
    http('redirect-off-host', urls.http, { path: '/off-host' }),
    http('https-downgrade', urls.selfSigned.url, { path: '/downgrade', ca: urls.selfSigned.ca }),
    http('invalid-json', urls.http, {
      path: '/invalid-json',
      expect: { json: { '$.status': 'ok' } },
    }),
    http('wrong-content-type', urls.http, {
      path: '/html',
      expect: { headers: { 'content-type': '/json/' } },
    }),
  ];
}

/** A port that refuses connections: asked of the kernel, released, and not listened on again. */
export const refusedPort = freePort;
