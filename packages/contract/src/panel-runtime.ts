/**
 * The zod-free part of the contract that runs in browsers at first view (the shell, panels):
 * `@aether/contract/panel-runtime`. Importing the package root pulls every schema and zod.
 */
export { PANEL_CONTEXT_VERSION } from './panel-context-version.js';
export * from './panel-context.js';
export * from './shell-csp.js';
export * from './api-client.js';
export { CSRF_HEADER } from './http-constants.js';
