import type { CheckConfig, ServiceConfig } from '../config/schema.js';

function baseHost(service: ServiceConfig): string {
  if (!service.baseUrl) return '127.0.0.1';
  return new URL(service.baseUrl).hostname.replace(/^\[(.*)\]$/, '$1');
}

/** What a check probes, in the same words a result's `target` uses, before any result exists. */
export function describeTarget(service: ServiceConfig, check: CheckConfig): string {
  switch (check.type) {
    case 'http': {
      const url =
        check.url ??
        (service.baseUrl ? new URL(check.path, service.baseUrl).toString() : check.path);
      return `${check.method} ${url}`;
    }
    case 'tcp':
      return `tcp ${check.host ?? baseHost(service)}:${check.port}`;
    case 'dns':
      return `dns ${check.recordType} ${check.name} @${check.server}`;
    case 'tls':
      return `tls ${check.host ?? baseHost(service)}:${check.port}`;
  }
}
