import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { reactTestConfig } from '@aether/tsconfig/vitest-react';

// Tests do not run the federation plugin: the runtime is replaced at src/panels/federation-runtime.ts.
export default defineConfig(reactTestConfig([react()], { testTimeout: 15_000 }));
