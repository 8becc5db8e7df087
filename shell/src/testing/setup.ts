import '@testing-library/jest-dom/vitest';
import { EventSource } from 'eventsource';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { cleanup, configure } from '@testing-library/react';
import { server } from './msw-server';

// jsdom has no EventSource; this one speaks SSE over fetch, which MSW intercepts like the browser's.
globalThis.EventSource = EventSource as unknown as typeof globalThis.EventSource;

// CI shares two cores among every workspace's tests: wait longer than the 1 s default for the DOM.
configure({ asyncUtilTimeout: 5000 });

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
});
afterAll(() => server.close());
