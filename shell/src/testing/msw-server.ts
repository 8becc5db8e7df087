import { setupServer } from 'msw/node';

/** One MSW server for every test file; each test installs its gateway with server.use(...). */
export const server = setupServer();
