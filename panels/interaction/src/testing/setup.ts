import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';
// Its hooks (listen, reset after each test, close) are registered when this module loads.
import './server';

// findBy* waits longer than the 1 s default: CPUs here are shared with other test runs. A file's
// first test renders lazy sections in a fresh worker (their modules transformed on the spot): npm
// test at load ~20 took over 5 s for that. findBy returns as soon as the element is there; this is
// only how long it keeps looking.
configure({ asyncUtilTimeout: 15_000 });

// Registered after the server's reset, so it runs before it: unmount, then drop the handlers.
afterEach(cleanup);
