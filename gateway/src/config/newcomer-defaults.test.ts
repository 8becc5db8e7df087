import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText } from './load.js';

/** PRODUCT "Defaults a newcomer meets": what a config that says little gets. */
const parse = (text: string, env: NodeJS.ProcessEnv = {}) =>
  parseConfigText(text, 'aether.config.yaml', env);

describe('defaults a newcomer meets', () => {
  it('is closed by default: no anonymous access, no public metrics, no proxy trusted', () => {
    const config = parse('services: []');
    expect(config.auth.anonymous).toBe('none');
    expect(config.server.metricsPublic).toBe(false);
    expect(config.server.trustProxy).toBe(0);
    expect(config.registry.requireIntegrity).toBe(false);
  });

  it.each([
    ['no panels key', 'services: []', {}, ['http://localhost:5174', 'http://localhost:5175']],
    [
      'origins from the environment',
      'services: []',
      {
        AETHER_PANEL_ORIGIN_HEALTH: 'https://health.example.test/',
        AETHER_PANEL_ORIGIN_INTERACTION: 'https://operate.example.test',
      },
      ['https://health.example.test', 'https://operate.example.test'],
    ],
    ['panels: [] means none', 'panels: []', {}, []],
  ])('built-in panels: %s', (_label, text, env, origins) => {
    const panels = parse(text, env).panels;
    expect(panels.map((p) => new URL(p.entry).origin)).toEqual(origins);
    if (origins.length > 0) {
      expect(panels.map((p) => [p.id, new URL(p.entry).pathname, p.module])).toEqual([
        ['health', '/mf-manifest.json', './Panel'],
        ['interaction', '/mf-manifest.json', './Panel'],
      ]);
    }
  });

  it('keeps configured panels as they are', () => {
    const config = parse(
      'panels: [{ id: only, title: Only, entry: "https://panels.example.test/mf-manifest.json" }]',
      { AETHER_PANEL_ORIGIN_HEALTH: 'https://ignored.test' },
    );
    expect(config.panels.map((p) => p.id)).toEqual(['only']);
  });

  it('refuses a mutating operation with role viewer, located at its role', () => {
    const text = [
      'services:',
      '  - id: orders',
      '    name: Orders',
      '    baseUrl: http://127.0.0.1:9101',
      '    operations:',
      '      - { id: read, title: Read, path: /r, mutating: false, role: viewer }',
      '      - id: flush',
      '        title: Flush',
      '        path: /admin/flush',
      '        role: viewer',
      '',
    ].join('\n');
    let error: unknown;
    try {
      parse(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues;
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 10, col: 15, path: 'services[0].operations[1].role' });
    expect(issues[0]!.message).toMatch(/mutating operation cannot have role viewer/);
  });
});

describe('exposure keys are checked in form', () => {
  it.each([
    ['registry: { allowedOrigins: ["https://panels.example.test"] }', []],
    ['registry: { allowedOrigins: ["http://127.0.0.1:*", "http://localhost:5174"] }', []],
    [
      'registry: { allowedOrigins: ["https://panels.example.test/path"] }',
      ['registry.allowedOrigins[0]'],
    ],
    ['registry: { allowedOrigins: ["panels.example.test"] }', ['registry.allowedOrigins[0]']],
    ['registry: { allowedOrigins: ["ftp://x.test"] }', ['registry.allowedOrigins[0]']],
    ['server: { allowedHosts: [gateway, "gateway:8080", "[::1]:8080"] }', []],
    ['server: { allowedHosts: ["http://gateway"] }', ['server.allowedHosts[0]']],
    ['server: { allowedHosts: ["*.example.test"] }', ['server.allowedHosts[0]']],
    [
      'panels: [{ id: a, title: A, entry: "https://u:p@panels.example.test/mf-manifest.json" }]',
      ['panels[0].entry'],
    ],
    ['panels: [{ id: a, title: A, entry: "javascript:alert(1)" }]', ['panels[0].entry']],
  ])('%s → %j', (text, paths) => {
    let found: string[] = [];
    try {
      parse(text);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      found = error.issues.map((issue) => issue.path);
    }
    expect(found).toEqual(paths);
  });
});
