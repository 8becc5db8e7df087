/**
 * The vitest config every React workspace (the shell, each panel, the panel template) shares:
 * jsdom, the tests under src, src/testing/setup.ts first. Tests render without the federation
 * plugin, so the caller passes only React's plugin; `test` adds or overrides (e.g. testTimeout).
 * Plain data, so this package needs neither vite nor the plugin: wrap it in defineConfig.
 */
export function reactTestConfig(plugins, test = {}) {
  return {
    plugins,
    test: {
      environment: 'jsdom',
      include: ['src/**/*.test.{ts,tsx}'],
      setupFiles: ['src/testing/setup.ts'],
      ...test,
    },
  };
}
