import '@testing-library/jest-dom/vitest';
import { EventSource } from 'eventsource';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { cleanup, configure } from '@testing-library/react';
import { server } from './msw-server';

// jsdom has no EventSource; this one speaks SSE over fetch, which MSW intercepts like the browser's.
globalThis.EventSource = EventSource as unknown as typeof globalThis.EventSource;

// The federation runtime is replaced at its module boundary in every test file (the fake loads
// what a test put at an entry URL); everything else is real. Lazy: only files that load panels pay.
vi.mock('../panels/federation-runtime', async () => {
  const { fakeFederation: fake } = await import('./fake-federation');
  return {
    registerPanelRemote: (remote: Parameters<typeof fake.registerPanelRemote>[0]) =>
      fake.registerPanelRemote(remote),
    loadPanelExpose: (name: string, expose: string) => fake.loadPanelExpose(name, expose),
  };
});

// CI shares two cores among every workspace's tests: wait longer than the 1 s default for the DOM.
// A file's first test renders the shell and its lazy views in a fresh worker (modules transformed
// on the spot): npm test at load ~25 took over 5 s for the Now view's first card. findBy returns
// as soon as the element is there; this is only how long it keeps looking (as the panels' setup).
configure({ asyncUtilTimeout: 15_000 });

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
});
afterAll(() => server.close());
