import { redactUrl, shownUrl } from '../config/redact-url.js';
import type { CheckConfig, ServiceConfig } from '../config/schema.js';

/** A URL's host as a socket wants it: IPv6 without its brackets. */
export function bareHost(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1');
}

/** The host of the service's baseUrl, or undefined without one. */
export function baseUrlHost(service: ServiceConfig): string | undefined {
  return service.baseUrl ? bareHost(new URL(service.baseUrl).hostname) : undefined;
}

/** host:port as people write it: an IPv6 host goes in brackets. */
export function formatHostPort(host: string, port: number): string {
  const bare = bareHost(host);
  return bare.includes(':') ? `[${bare}]:${port}` : `${bare}:${port}`;
}

/**
 * What a check probes, in the words every result's `target` uses: results are stamped with it,
 * and the monitor shows it before any result and on runs that never reached a probe (a hard
 * deadline), so the two can never disagree. The monitor makes it once per check and hands it to
 * each run (ProbeOptions.target): nothing is kept here. A WeakMap of it per check object held
 * 2.6 MiB at 30,000 checks (a heap snapshot of a cluster gateway) next to the monitor's copy.
 */
export function describeTarget(service: ServiceConfig, check: CheckConfig): string {
  return inOnePiece(targetText(service, check));
}

/**
 * The text as one flat string, kept for as long as its check (every result of it shares it). A
 * string made by concatenation is a tree of its parts (V8's cons and sliced strings): a ~30
 * character http target held ~230 bytes that way, 7 MiB for 30,000 checks (a heap snapshot of a
 * cluster gateway), against ~50 bytes flat. JSON.parse makes a new sequential string.
 */
const inOnePiece = (text: string): string => JSON.parse(JSON.stringify(text)) as string;

function targetText(service: ServiceConfig, check: CheckConfig): string {
  switch (check.type) {
    case 'http':
      // shown to every viewer: no userinfo, no query values, no expanded ${VAR}
      return `${check.method} ${shownHttpTarget(service, check)}`;
    case 'tcp':
      return `tcp ${formatHostPort(check.host ?? baseUrlHost(service) ?? '?', check.port)}`;
    case 'dns':
      return `dns ${check.name} ${check.recordType} @${check.server}`;
    case 'tls':
      return `tls ${formatHostPort(check.host ?? baseUrlHost(service) ?? '?', check.port)}`;
  }
}

function shownHttpTarget(service: ServiceConfig, check: CheckConfig & { type: 'http' }): string {
  if (check.url !== undefined)
    return shownUrl(httpTargetUrl(service, check.url, check.path), check.writtenUrl);
  if (service.writtenBaseUrl !== undefined) {
    // an absolute path replaces the base's path, as new URL(path, base) does for the probe
    const origin = /^[^:/?#]+:\/\/[^/?#]*/.exec(service.writtenBaseUrl)?.[0] ?? '';
    return redactUrl(origin + check.path);
  }
  return redactUrl(httpTargetUrl(service, check.url, check.path));
}

/** The URL an http check fetches first; the path alone when there is nothing to resolve it against. */
function httpTargetUrl(service: ServiceConfig, url: string | undefined, path: string): string {
  try {
    return new URL(url ?? new URL(path, service.baseUrl)).href;
  } catch {
    return url ?? path;
  }
}
