// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { panelFederation, SHARED, standalonePage } from './federation';

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

describe('standalonePage', () => {
  const plugin = standalonePage({ title: 'Billing' });
  plugin.configResolved({ root: '/repo/panels/billing' });

  it("is the build's index.html: the page with the panel's title and its dev entry", () => {
    const id = plugin.resolveId('index.html');
    expect(id).toBe('/repo/panels/billing/index.html');
    const html = plugin.load(id!);
    expect(html).toContain('<title>Billing — AETHER GRID panel (standalone)</title>');
    expect(html).toContain('<div id="root"></div>');
    expect(html).toContain('<script type="module" src="/src/dev/main.tsx"></script>');
    expect(plugin.resolveId('src/dev/main.tsx')).toBeUndefined();
    expect(plugin.load('/repo/panels/billing/src/panel.tsx')).toBeUndefined();
  });

  it('answers page requests of the dev server through its HTML transforms, nothing else', async () => {
    type Handler = Parameters<
      Parameters<typeof plugin.configureServer>[0]['middlewares']['use']
    >[0];
    let handler: Handler | undefined;
    const transformed: unknown[][] = [];
    plugin.configureServer({
      middlewares: { use: (h) => (handler = h) },
      transformIndexHtml: async (...args) => {
        transformed.push(args);
        return `transformed ${args[1].length}`;
      },
    });
    const ask = (url: string, accept = 'text/html') =>
      new Promise<string>((resolve) => {
        handler!(
          { method: 'GET', url, headers: { accept } },
          { setHeader: () => undefined, end: (body) => resolve(body) },
          () => resolve('next'),
        );
      });
    expect(await ask('/p/billing/invoices?x=1')).toMatch(/^transformed \d+$/);
    expect(transformed[0]!.slice(0, 1)).toEqual(['/index.html']);
    expect(transformed[0]![2]).toBe('/p/billing/invoices?x=1');
    expect(await ask('/src/dev/main.tsx')).toBe('next');
    expect(await ask('/mockServiceWorker.js', '*/*')).toBe('next');
    expect(await ask('/api/services', 'application/json')).toBe('next');
  });
});
