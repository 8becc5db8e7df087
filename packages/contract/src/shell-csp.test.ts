import { describe, expect, it } from 'vitest';
import { panelOrigins, shellContentSecurityPolicy } from './shell-csp.js';

const directive = (csp: string, name: string) =>
  csp.split('; ').find((d) => d.startsWith(`${name} `));

describe('shellContentSecurityPolicy', () => {
  const panels = [
    { entry: 'http://localhost:5174/mf-manifest.json' },
    { entry: 'http://localhost:5175/v/2/mf-manifest.json' },
    { entry: 'http://localhost:5174/other/mf-manifest.json' },
    { entry: 'http://localhost:5999/mf-manifest.json', disabled: true },
  ];
  const csp = shellContentSecurityPolicy({ gatewayUrl: 'http://localhost:8080', panels });

  it('allows scripts from self and exactly the enabled panel origins, never unsafe-inline/eval', () => {
    expect(directive(csp, 'script-src')).toBe(
      "script-src 'self' http://localhost:5174 http://localhost:5175",
    );
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
  });

  it('allows connections to the gateway and the panel origins', () => {
    expect(directive(csp, 'connect-src')).toBe(
      "connect-src 'self' http://localhost:8080 http://localhost:5174 http://localhost:5175",
    );
  });

  it('locks the rest down', () => {
    expect(directive(csp, 'object-src')).toBe("object-src 'none'");
    expect(directive(csp, 'frame-ancestors')).toBe("frame-ancestors 'none'");
  });

  it('ignores entries that are not http(s) URLs and a same-origin gateway', () => {
    const other = shellContentSecurityPolicy({
      gatewayUrl: '',
      panels: [{ entry: 'javascript:alert(1)' }, { entry: 'not a url' }],
    });
    expect(directive(other, 'script-src')).toBe("script-src 'self'");
    expect(directive(other, 'connect-src')).toBe("connect-src 'self'");
  });

  it('adds extra sources when asked', () => {
    const other = shellContentSecurityPolicy({
      gatewayUrl: 'http://localhost:8080',
      panels: [],
      extraSources: ['http://127.0.0.1:*'],
    });
    expect(directive(other, 'script-src')).toBe("script-src 'self' http://127.0.0.1:*");
  });

  it('lists panel origins sorted and unique', () => {
    expect(panelOrigins(panels)).toEqual(['http://localhost:5174', 'http://localhost:5175']);
  });
});
