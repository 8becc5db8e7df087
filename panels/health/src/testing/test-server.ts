// The panels' one test server (MSW, onUnhandledRequest: 'error'), from the shared kit.
export { setupTestServer } from '@aether/panel-kit/testing';

export const GATEWAY = 'http://gateway.test';
