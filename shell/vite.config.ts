import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The installed @aether/ui version, shared with panels under it (src/panels/shared-modules.ts). */
export function aetherUiVersion(): string {
  // @aether/ui does not export its package.json; it sits one level above the built entry (dist/).
  const entry = createRequire(import.meta.url).resolve('@aether/ui');
  const pkg = readFileSync(new URL('../package.json', pathToFileURL(entry)), 'utf8');
  return (JSON.parse(pkg) as { version: string }).version;
}

// The host knows no panel at build time: remotes are registered at run time from GET /api/panels
// through @module-federation/runtime (src/panels/federation-runtime.ts), with the shared block of
// src/panels/shared-modules.ts. No federation build plugin: the shell exposes nothing.
export default defineConfig({
  plugins: [react()],
  define: {
    __AETHER_UI_VERSION__: JSON.stringify(aetherUiVersion()),
    // What @module-federation/vite would define for a browser host: drop the runtime's Node
    // loaders, and its snapshot (manifest-driven) support, which the shell does not use: it reads
    // the manifest itself and registers the remote entry URL.
    ENV_TARGET: JSON.stringify('web'),
    FEDERATION_OPTIMIZE_NO_SNAPSHOT_PLUGIN: 'true',
  },
  server: { port: 5173, strictPort: true },
  preview: { port: 5173, strictPort: true },
  build: { target: 'es2022', sourcemap: true },
});
