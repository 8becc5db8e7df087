import { ClassifiedError } from './classify-error.js';
import type { ServiceConfig } from '../config/schema.js';
import { baseUrlHost } from './check-target.js';

/** The check's host, or its service's baseUrl host (the loader fills it; hand-built configs may not). */
export function targetHost(service: ServiceConfig, host: string | undefined): string {
  const found = host ?? baseUrlHost(service);
  if (found) return found;
  throw new ClassifiedError(
    'unreachable',
    'no host: set host on the check or baseUrl on the service',
  );
}
