import '@testing-library/jest-dom/vitest';
import { EventSource } from 'eventsource';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { cleanup } from '@testing-library/react';
import { server } from './msw-server';

// jsdom has no EventSource; this one speaks SSE over fetch, which MSW intercepts like the browser's.
globalThis.EventSource = EventSource as unknown as typeof globalThis.EventSource;

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
});
afterAll(() => server.close());
