import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { reactTestConfig } from '@aether/tsconfig/vitest-react';

// Tests render the panel directly: no federation plugin, the network edge is MSW. The test timeout
// sits above testing-library's 15 s (src/testing/setup.ts), as the interaction panel's and the
// shell's: a test with a few findBy could pass 20 s on a loaded machine. No test asserts on time.
export default defineConfig(
  reactTestConfig([react()], { restoreMocks: true, testTimeout: 30_000 }),
);
