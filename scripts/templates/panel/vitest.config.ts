import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Tests render the panel directly: no federation plugin; the network edge is MSW.
export default defineConfig({
  plugins: [react()],
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/testing/setup.ts'],
    restoreMocks: true,
    // The machine is shared; a slow render is not a failure (no test asserts on time).
    testTimeout: 30_000,
  },
});
