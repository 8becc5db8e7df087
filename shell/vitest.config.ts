import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { reactTestConfig } from '@aether/tsconfig/vitest-react';

// Tests do not run the federation plugin: the runtime is replaced at src/panels/federation-runtime.ts.
// Above testing-library's 15 s (src/testing/setup.ts), so a findBy that gives up reports what it
// looked for; no test asserts on time.
export default defineConfig(reactTestConfig([react()], { testTimeout: 30_000 }));
