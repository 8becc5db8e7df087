import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { aetherUiVersion } from './vite.config';

// UI tests replace the federation runtime at src/panels/federation-runtime.ts (vi.mock).
export default defineConfig({
  plugins: [react()],
  define: { __AETHER_UI_VERSION__: JSON.stringify(aetherUiVersion()) },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/testing/setup.ts'],
    testTimeout: 15_000,
  },
});
