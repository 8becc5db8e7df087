// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { panelFederation, SHARED } from './federation';

describe('panelFederation', () => {
  it('builds a remote named for the shell, exposing ./Panel on its shared block and runtime', () => {
    const options = panelFederation({ id: 'slo-board', command: 'build' });
    expect(options).toMatchObject({
      name: 'aether_panel_slo_board',
      manifest: true,
      exposes: { './Panel': './src/panel.tsx' },
      experiments: { externalRuntime: true },
    });
    expect(options.shared).toBe(SHARED);
  });

  it.each([
    ['the dev server', { command: 'serve' as const }],
    ['a standalone build', { command: 'build' as const, standalone: true }],
  ])('in %s, shares eagerly and brings its own runtime (no host)', (_, mode) => {
    const options = panelFederation({ id: 'x', ...mode });
    expect(options.experiments).toBeUndefined();
    for (const [name, share] of Object.entries(options.shared))
      expect(share, name).toMatchObject({ singleton: true, eager: true });
  });
});
