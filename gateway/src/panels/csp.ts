import { shellContentSecurityPolicy } from '@aether/contract';
import type { PanelRegistry } from './types.js';

/**
 * The CSP the shell should be served with, for this registry and gateway. The static server
 * that serves the shell computes the same from GET /api/panels (aether-static --csp-from-registry).
 */
export async function shellCspFor(
  registry: Pick<PanelRegistry, 'list'>,
  gatewayUrl: string,
): Promise<string> {
  return shellContentSecurityPolicy({ gatewayUrl, panels: await registry.list() });
}
