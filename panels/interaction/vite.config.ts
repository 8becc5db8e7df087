import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { federation } from '@module-federation/vite';
import { panelFederation, panelServing, standalonePage } from '@aether/panel-kit/federation';

const PORT = 5175;

// The federated remote: the shell loads ./Panel at runtime through mf-manifest.json.
export default defineConfig(({ command }) => ({
  plugins: [
    react(),
    // A remote exposing ./Panel on the shell's shared block (packages/panel-kit/src/federation.ts).
    federation(panelFederation({ id: 'interaction', command })),
    // index.html, the standalone dev page: src/dev/main.tsx with MSW and the harness.
    standalonePage({ title: 'Operate' }),
  ],
  ...panelServing({ port: PORT, command }),
}));
