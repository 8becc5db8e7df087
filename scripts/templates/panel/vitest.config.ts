import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { reactTestConfig } from '@aether/tsconfig/vitest-react';

// Tests render the panel directly: no federation plugin; the network edge is MSW.
export default defineConfig(
  reactTestConfig([react()], {
    restoreMocks: true,
    // The machine is shared; a slow render is not a failure (no test asserts on time).
    testTimeout: 30_000,
  }),
);
