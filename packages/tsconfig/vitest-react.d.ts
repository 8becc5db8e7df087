import type { PluginOption } from 'vite';
import type { ViteUserConfig } from 'vitest/config';

export declare function reactTestConfig(
  plugins: PluginOption[],
  test?: NonNullable<ViteUserConfig['test']>,
): ViteUserConfig;
