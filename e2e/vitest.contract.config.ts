import { defineConfig } from 'vitest/config';

// `npm test`: no browser. One real gateway (globalSetup) answers every contract file.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['src/contract/gateway-global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
