import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Tests do not run the federation plugin: the runtime is replaced at src/panels/federation-runtime.ts.
export default defineConfig({
  plugins: [react()],
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/testing/setup.ts'],
    testTimeout: 15_000,
  },
});
