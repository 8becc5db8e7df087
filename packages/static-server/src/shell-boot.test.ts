import { describe, expect, it } from 'vitest';
import {
  declaredRequests,
  panelOfPage,
  panelPathOf,
  panelPreloads,
  withBootData,
} from './shell-boot.js';

const HTML =
  '<!doctype html><html><head><meta charset="UTF-8" /><script src="/early.js"></script><title>t</title></head><body></body></html>';

const manifest = {
  metaData: { publicPath: 'auto', remoteEntry: { name: 'remoteEntry.js', path: '' } },
  exposes: [
    { name: 'Other', path: './Other', assets: { js: { sync: ['assets/other-1.js'] } } },
    {
      name: 'Panel',
      path: './Panel',
      assets: { js: { sync: ['assets/panel-D2.js', 'assets/styles-X.css', 'assets/utils-U.js'] } },
    },
  ],
};

describe('panelOfPage', () => {
  it.each([
    ['/p/health', 'health'],
    ['/p/health/services/orders', 'health'],
    ['/p/', undefined],
    ['/panels', undefined],
    ['/', undefined],
  ])('%s → %s', (path, id) => expect(panelOfPage(path)).toBe(id));
});

describe('declaredRequests', () => {
  it('the gateway reads a panel declares for one of its pages, by panel-relative path', () => {
    const declared = { '/': ['/api/services?limit=100', '/health', 42, '/api/x#y'], '/slos': [] };
    expect(declaredRequests(declared, panelPathOf('/p/health'))).toEqual([
      '/api/services?limit=100',
    ]);
    expect(declaredRequests(declared, panelPathOf('/p/health/slos'))).toBeUndefined();
    expect(declaredRequests(declared, panelPathOf('/p/health/deploys'))).toBeUndefined();
    expect(declaredRequests(['/api/x'], '/')).toBeUndefined();
  });

  it('a page pattern names the reads of every page of its kind, its segments written in', () => {
    const declared = {
      '/deploys/:id': ['/api/deploys/:id/comparison', '/api/:other'],
      '/deploys/latest': ['/api/deploys?limit=1'],
    };
    const of = (pathname: string) => declaredRequests(declared, panelPathOf(pathname));
    expect(of('/p/health/deploys/dep-1')).toEqual(['/api/deploys/dep-1/comparison']);
    // the segment as the panel writes it (encodeURIComponent of the decoded id)
    expect(of('/p/health/deploys/a%20b%2Fc')).toEqual(['/api/deploys/a%20b%2Fc/comparison']);
    expect(of("/p/health/deploys/it's")).toEqual(["/api/deploys/it's/comparison"]);
    // a page named as it is wins over the pattern
    expect(of('/p/health/deploys/latest')).toEqual(['/api/deploys?limit=1']);
    expect(of('/p/health/deploys')).toBeUndefined();
    expect(of('/p/health/deploys/')).toBeUndefined();
    expect(of('/p/health/deploys/dep-1/more')).toBeUndefined();
    expect(of('/p/health/deploys/%E0%A4%A')).toBeUndefined(); // not decodable
  });
});

describe('panelPreloads', () => {
  const panel = {
    id: 'health',
    entry: 'http://panels.test:6001/mf-manifest.json',
    module: './Panel',
  };

  it('names the remote entry beside the manifest and the exposed module’s scripts', () => {
    expect(panelPreloads(panel, manifest)).toEqual({
      entry: 'http://panels.test:6001/remoteEntry.js',
      scripts: [
        'http://panels.test:6001/assets/panel-D2.js',
        'http://panels.test:6001/assets/utils-U.js',
      ],
    });
  });

  it('follows a publicPath and carries the registry’s integrity for the entry', () => {
    const preloads = panelPreloads(
      { ...panel, integrity: 'sha384-abc' },
      { ...manifest, metaData: { ...manifest.metaData, publicPath: 'https://cdn.test/health/' } },
    );
    expect(preloads?.entry).toBe('https://cdn.test/health/remoteEntry.js');
    expect(preloads?.integrity).toBe('sha384-abc');
    expect(preloads?.scripts[0]).toBe('https://cdn.test/health/assets/panel-D2.js');
  });

  it('gives nothing for a manifest without a remote entry, and no scripts for a module it lacks', () => {
    expect(panelPreloads(panel, { exposes: [] })).toBeUndefined();
    expect(panelPreloads({ ...panel, module: './Missing' }, manifest)?.scripts).toEqual([]);
  });
});

describe('withBootData', () => {
  it('puts the registry and the preloads before the head’s first script', () => {
    const html = withBootData(
      HTML,
      {
        url: 'http://gw.test/api/panels',
        panels: [{ id: 'health', entry: 'http://p.test/m.json' }],
      },
      {
        entry: 'http://p.test/remoteEntry.js',
        integrity: 'sha256-x',
        scripts: ['http://p.test/a.js'],
      },
    );
    const block = html.indexOf('<script type="application/json" id="aether-registry">');
    expect(block).toBeGreaterThan(html.indexOf('<meta charset'));
    expect(block).toBeLessThan(html.indexOf('<script src="/early.js">'));
    expect(html).toContain(
      '<link rel="modulepreload" href="http://p.test/remoteEntry.js" integrity="sha256-x" />',
    );
    expect(html.indexOf('<link rel="modulepreload" href="http://p.test/a.js" />')).toBeLessThan(
      html.indexOf('<script src="/early.js">'),
    );
  });

  it('names the declared reads in the block, for the shell’s early script', () => {
    const html = withBootData(
      HTML,
      { url: 'http://gw.test/api/panels', panels: [] },
      { entry: 'http://p.test/remoteEntry.js', scripts: [], requests: ['/api/services?limit=100'] },
    );
    const json = /id="aether-registry">(.*?)<\/script>/.exec(html)![1]!;
    expect(JSON.parse(json)).toEqual({
      url: 'http://gw.test/api/panels',
      panels: [],
      requests: ['/api/services?limit=100'],
    });
  });

  it('cannot be closed early by what the registry says', () => {
    const html = withBootData(
      HTML,
      {
        url: 'http://gw.test/api/panels',
        panels: [{ id: 'x', entry: '</script><script>alert(1)</script>' }],
      },
      undefined,
    );
    expect(html.match(/<\/script>/g)).toHaveLength(2); // the block's own and /early.js's
    const json = /id="aether-registry">(.*?)<\/script>/.exec(html)![1]!;
    expect(JSON.parse(json).panels[0].entry).toBe('</script><script>alert(1)</script>');
  });

  it('leaves the page alone with nothing to add, or without a head', () => {
    expect(withBootData(HTML, undefined, undefined)).toBe(HTML);
    expect(withBootData('<p>x</p>', { url: 'u', panels: [] }, undefined)).toBe('<p>x</p>');
  });
});
