import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { federation } from '@module-federation/vite';
import { panelFederation } from '@aether/panel-kit/federation';

const PORT = __PANEL_PORT__;

// The federated remote: the shell loads ./Panel at run time through mf-manifest.json.
export default defineConfig(({ command }) => ({
  plugins: [
    react(),
    // A remote exposing ./Panel on the shell's shared block (packages/panel-kit/src/federation.ts).
    federation(panelFederation({ id: '__PANEL_ID__', command })),
  ],
  // The MSW worker only serves standalone dev; a deployed remote must not ship it.
  publicDir: command === 'serve' ? 'public' : false,
  server: { port: PORT, strictPort: true, cors: true, origin: `http://localhost:${PORT}` },
  preview: { port: PORT, strictPort: true, cors: true },
  build: {
    target: 'es2022',
    // Only the federated entry: index.html and src/dev are the standalone page, not the product.
    rolldownOptions: { input: {} },
  },
}));
