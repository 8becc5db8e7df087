import { setupTestServer } from '@aether/panel-kit/testing';

/**
 * The panels' one test server (MSW, onUnhandledRequest: 'error', reset after each test), shared by
 * every test file through setup.ts; each test installs its own mock gateway (renderPanel).
 */
export const { server, requests } = setupTestServer();
