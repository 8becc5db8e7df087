import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { federation } from '@module-federation/vite';
import { panelFederation } from '@aether/panel-kit/federation';

const PORT = 5175;

// The federated remote: the shell loads ./Panel at runtime through mf-manifest.json.
export default defineConfig(({ command }) => ({
  plugins: [
    react(),
    // A remote exposing ./Panel on the shell's shared block (packages/panel-kit/src/federation.ts).
    federation(panelFederation({ id: 'interaction', command })),
  ],
  // The MSW worker only serves standalone dev; a deployed remote must not ship it.
  publicDir: command === 'serve' ? 'public' : false,
  server: { port: PORT, strictPort: true, cors: true, origin: `http://localhost:${PORT}` },
  preview: { port: PORT, strictPort: true, cors: true },
  build: {
    target: 'es2022',
    // Only the federated entry: index.html and src/dev are the standalone harness (MSW included),
    // not the product, and must not land in dist/.
    rolldownOptions: { input: {} },
  },
}));
