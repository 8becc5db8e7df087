import { setupServer } from 'msw/node';

/** One MSW server for the test run; each test installs its own mock gateway with server.use(). */
export const server = setupServer();
