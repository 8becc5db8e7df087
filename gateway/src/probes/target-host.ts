import { ClassifiedError } from './classify-error.js';
import type { ServiceConfig } from '../config/schema.js';

/** The check's host, or its service's baseUrl host (the loader fills it; hand-built configs may not). */
export function targetHost(service: ServiceConfig, host: string | undefined): string {
  if (host) return host;
  if (service.baseUrl) return new URL(service.baseUrl).hostname.replace(/^\[(.*)\]$/, '$1');
  throw new ClassifiedError(
    'unreachable',
    'no host: set host on the check or baseUrl on the service',
  );
}
