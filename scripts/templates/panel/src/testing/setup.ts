import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';
// Its hooks (listen, reset after each test, close) are registered when this module loads.
import './server';

// Shared CPUs: give async queries room without making any test timed.
configure({ asyncUtilTimeout: 5000 });

// Registered after the server's reset, so it runs before it: unmount, then drop the handlers.
afterEach(cleanup);
