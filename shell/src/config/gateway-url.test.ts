import { afterEach, describe, expect, it } from 'vitest';
import { resolveGatewayUrl } from './gateway-url';

function withMeta(content: string | null) {
  document.head.querySelectorAll('meta[name="aether-gateway"]').forEach((m) => m.remove());
  if (content !== null) {
    const meta = document.createElement('meta');
    meta.name = 'aether-gateway';
    meta.content = content;
    document.head.append(meta);
  }
}

afterEach(() => {
  withMeta(null);
  delete window.__AETHER__;
});

describe('resolveGatewayUrl', () => {
  it.each([
    ['nothing set', null, undefined, undefined, 'http://localhost:8080'],
    ['build time only', null, undefined, 'http://build:1', 'http://build:1'],
    ['empty meta falls through', '', undefined, 'http://build:1', 'http://build:1'],
    ['meta beats build time', 'http://meta:2/', undefined, 'http://build:1', 'http://meta:2'],
    [
      'window global beats meta',
      'http://meta:2',
      'http://global:3',
      'http://build:1',
      'http://global:3',
    ],
  ])('%s', (_case, meta, global, build, expected) => {
    withMeta(meta);
    if (global) window.__AETHER__ = { gatewayUrl: global };
    expect(resolveGatewayUrl(document, window, build)).toBe(expected);
  });
});
