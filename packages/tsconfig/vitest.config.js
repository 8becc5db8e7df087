import { defineConfig } from 'vitest/config';

// The first lint loads the whole shared ESLint config (typescript-eslint, react plugins): seconds on
// a loaded 2-core CI machine, so the default 5 s per test is too short for the first case.
export default defineConfig({ test: { testTimeout: 60_000 } });
