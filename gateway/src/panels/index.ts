export { createPanelRegistry, type PanelRegistryDeps } from './registry.js';
export { shellCspFor } from './csp.js';
export type { PanelRegistry } from './types.js';
