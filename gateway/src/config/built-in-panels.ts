/**
 * The panels a config without `panels` gets (PRODUCT "Defaults a newcomer meets"): health and
 * interaction where `npm start` serves them, their origins overridable by environment so Compose
 * can name what it publishes. A config with `panels: []` gets none.
 */
export const PANEL_ORIGIN_ENV = {
  health: 'AETHER_PANEL_ORIGIN_HEALTH',
  interaction: 'AETHER_PANEL_ORIGIN_INTERACTION',
} as const;

const BUILT_IN = [
  { id: 'health', title: 'Health', origin: 'http://localhost:5174' },
  { id: 'interaction', title: 'Operate', origin: 'http://localhost:5175' },
] as const;

export interface BuiltInPanel {
  id: string;
  title: string;
  entry: string;
  module: string;
  version: string;
}

export function builtInPanels(env: NodeJS.ProcessEnv): BuiltInPanel[] {
  return BUILT_IN.map((panel) => {
    const origin = (env[PANEL_ORIGIN_ENV[panel.id]] || panel.origin).replace(/\/+$/, '');
    return {
      id: panel.id,
      title: panel.title,
      entry: `${origin}/mf-manifest.json`,
      module: './Panel',
      version: 'config',
    };
  });
}
